/// The time grain of a mart table: the months of a cell are labelled by it. The column that
/// holds the label is named as SPEC §4 says: `maand`, `kwartaal`, `halfjaar`, `schooljaar`,
/// `jaar`, or `periode` for school-year thirds and for the whole requested period.
public enum PeriodGrain: String, CaseIterable, Sendable {
    case maand, kwartaal, halfjaar, schooljaar, tertiaal, jaar, periode

    public var columnName: String {
        switch self {
        case .tertiaal, .periode: "periode"
        default: rawValue
        }
    }

    /// The label of `month` in this grain; `.periode` labels every month with `period`'s name.
    public func label(_ month: Month, period: Period) -> String {
        switch self {
        case .maand: month.description
        case .kwartaal: month.kwartaal
        case .halfjaar: month.halfjaar
        case .schooljaar: month.schooljaar
        case .tertiaal: month.tertiaal
        case .jaar: month.jaar
        case .periode: period.name
        }
    }
}
