import Domain

/// A dimension a mart table can be broken down by: a level of the school hierarchy (school →
/// wijk → stadsdeel → gebied, and sector), a fact of the incidents, or a time grain. The city is
/// the table without a place dimension.
public enum MartDimension: String, CaseIterable, Sendable {
    case school, wijk, stadsdeel, gebied, sector
    case categorie, meldplicht, locatie, politie
    case maand, kwartaal, halfjaar, schooljaar, tertiaal, jaar

    public enum Kind: Sendable { case place, fact, time }

    public var kind: Kind {
        switch self {
        case .school, .wijk, .stadsdeel, .gebied, .sector: .place
        case .categorie, .meldplicht, .locatie, .politie: .fact
        case .maand, .kwartaal, .halfjaar, .schooljaar, .tertiaal, .jaar: .time
        }
    }

    public var grain: PeriodGrain? { PeriodGrain(rawValue: rawValue) }

    /// The column name (SPEC §4): school-year thirds go in a `periode` column.
    public var columnName: String { grain?.columnName ?? rawValue }

    func place(_ school: SchoolMonthFrame.School) -> String {
        switch self {
        case .school: school.code
        case .wijk: school.wijk
        case .stadsdeel: school.stadsdeel
        case .gebied: school.gebied
        case .sector: school.sector
        default: ""
        }
    }

    /// Parses a comma-separated `--by` list: known names, no repeats, at most one time grain.
    public static func parseList(_ text: String, allowed: [MartDimension] = MartDimension.allCases) throws(UsageError) -> [MartDimension] {
        var result: [MartDimension] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let dimension = MartDimension(rawValue: name), allowed.contains(dimension) else {
                throw UsageError("onbekende dimensie '\(name)'; kies uit: \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
            guard !result.contains(dimension) else { throw UsageError("dimensie '\(name)' staat twee keer in --by") }
            result.append(dimension)
        }
        if result.filter({ $0.kind == .time }).count > 1 {
            throw UsageError("kies in --by hoogstens één tijdsindeling (maand, kwartaal, halfjaar, schooljaar, tertiaal of jaar)")
        }
        return result
    }
}
