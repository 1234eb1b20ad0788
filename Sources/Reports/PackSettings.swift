import Domain

/// What a pack pipeline declares (SPEC §4, `pipelines/*.yml`): for which meeting, which schools,
/// how the packs are split (one city-wide, one per gebied, wijk, Passend-Onderwijs cluster or
/// school), which breakdowns,
/// and the suppression rule of its audience.
public struct PackSettings: Sendable, Equatable {
    public enum Split: String, Sendable, CaseIterable {
        case none, gebied, wijk, school
        /// One pack per Passend-Onderwijs cluster of wijken (`po_cluster` in `wijken.csv`, else the stadsdeel).
        case poCluster = "po_cluster"
    }

    /// The audience and pipeline name, such as `kerngroep`.
    public let audience: String
    /// The meeting as the Voorblad names it: "Kerngroep schoolveiligheid".
    public let meeting: String
    public let cadence: Cadence
    /// The sectors covered; `nil`: all.
    public let sectors: Set<Sector>?
    public let split: Split
    /// The place breakdowns of the Uitsplitsingen and Trends sheets: `stadsdeel`, `sector`, `wijk`, …
    public let breakdowns: [String]
    /// Counts 1 … threshold−1 are hidden in shared packs.
    public let threshold: Int
    /// What a hidden cell shows: neutral, `x` by default (the CBS convention, SPEC §5).
    public let marker: String
    public static let defaultMarker = "x"
    public let zerosDisclosive: Bool
    /// Periods in the trend charts.
    public let trendPeriods: Int
    /// The covenant-period view (the bestuurlijk overleg, art. 7.2).
    public let covenantView: Bool
    /// `rfc4180` or `excel-nl`.
    public let csvDialect: CSVDialect
    /// A pack of a small area (a wijk or a Passend-Onderwijs cluster) is made only where the
    /// area has at least this many joined schools of the pipeline's sectors (reference data,
    /// never counts): a wijk with one primary school would show that school's own figures.
    public let minSchools: Int
    public static let defaultMinSchools = 3
    public static let minSchoolsRange = 1...50
    /// Whether the police count as a contributor of every shared cell (issue 17): they know their
    /// own cases (`politie = ja`), so what remains of a cell without them must not be small
    /// either. Off by default: it hides every cell whose incidents nearly all involved the police
    /// (such as the city's weapons count per quarter). `police_contributor: true` switches it on.
    public let policeContributor: Bool
    /// Weeks after a period's end within which late deliveries are still expected (issue 17): an
    /// edition made before then is `voorlopig`, one made from then on `definitief`.
    public let aanlevertermijnWeken: Int
    public static let defaultAanlevertermijnWeken = 6
    public static let aanlevertermijnRange = 0...52

    /// The allowed settings: the one set of rules the pipeline loader applies.
    public static let thresholdRange = 1...100
    public static let trendPeriodsRange = 2...40

    public static let parameterNames = [
        "audience", "meeting", "sectors", "split", "breakdowns", "threshold", "marker",
        "zeros_disclosive", "trend_periods", "covenant_view", "csv_dialect", "min_schools", "police_contributor",
        "aanlevertermijn_weken",
    ]

    /// Reads the pipeline's parameters; a wrong value is a usage error naming the parameter.
    public init(pipelineName: String, cadence cadenceName: String, parameters: [String: String]) throws(UsageError) {
        func value(_ name: String) -> String? { parameters[name].map { $0.trimmingCharacters(in: .whitespaces) } }
        audience = value("audience") ?? pipelineName
        meeting = value("meeting") ?? pipelineName
        guard let cadence = Cadence(rawValue: cadenceName) else {
            throw UsageError(
                "pijplijn \(pipelineName): een overzicht heeft een cadans van een periode nodig (quarter, half-year, school-year, school-year-third, year, month), niet '\(cadenceName)'"
            )
        }
        self.cadence = cadence
        if let text = value("sectors"), !text.isEmpty {
            var parsed: Set<Sector> = []
            for name in text.split(separator: ",") {
                guard let sector = Sector.parse(String(name)) else {
                    throw UsageError(
                        "pijplijn \(pipelineName): parameter sectors: onbekende sector '\(name)'; kies uit: \(Sector.allowedList)")
                }
                parsed.insert(sector)
            }
            sectors = parsed
        } else {
            sectors = nil
        }
        guard let split = Split(rawValue: value("split") ?? "none") else {
            throw UsageError("pijplijn \(pipelineName): parameter split moet none, gebied, wijk, po_cluster of school zijn")
        }
        self.split = split
        let allowedBreakdowns = ["wijk", "stadsdeel", "gebied", "sector", "locatie"]
        breakdowns = (value("breakdowns") ?? "stadsdeel,sector").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for breakdown in breakdowns where !allowedBreakdowns.contains(breakdown) {
            throw UsageError(
                "pijplijn \(pipelineName): parameter breakdowns: onbekende uitsplitsing '\(breakdown)'; kies uit: \(allowedBreakdowns.joined(separator: ", "))"
            )
        }
        guard let threshold = Int(value("threshold") ?? "5"), Self.thresholdRange.contains(threshold) else {
            throw UsageError("pijplijn \(pipelineName): parameter threshold moet een geheel getal van 1 tot en met 100 zijn")
        }
        self.threshold = threshold
        marker = value("marker") ?? Self.defaultMarker
        guard !marker.isEmpty, Int(marker) == nil else {
            throw UsageError("pijplijn \(pipelineName): parameter marker mag niet leeg of een getal zijn")
        }
        // A marker that names a value ("<5") claims something about a hidden cell that may hold
        // 0 or 258 (issue 16): the marker is neutral, as CBS's `x`.
        guard !marker.contains(where: { $0.isNumber || "<>≤≥=~".contains($0) }) else {
            throw UsageError(
                "pijplijn \(pipelineName): parameter marker '\(marker)' noemt een waarde, maar een verborgen cel kan elk aantal bevatten; gebruik een neutraal teken zoals x (de standaard)"
            )
        }
        zerosDisclosive = value("zeros_disclosive") == "true"
        guard let trend = Int(value("trend_periods") ?? "8"), Self.trendPeriodsRange.contains(trend) else {
            throw UsageError("pijplijn \(pipelineName): parameter trend_periods moet een geheel getal van 2 tot en met 40 zijn")
        }
        trendPeriods = trend
        covenantView = value("covenant_view") == "true"
        guard let dialect = CSVDialect(rawValue: value("csv_dialect") ?? "rfc4180") else {
            throw UsageError("pijplijn \(pipelineName): parameter csv_dialect moet rfc4180 of excel-nl zijn")
        }
        csvDialect = dialect
        guard let minSchools = Int(value("min_schools") ?? "\(Self.defaultMinSchools)"), Self.minSchoolsRange.contains(minSchools) else {
            throw UsageError("pijplijn \(pipelineName): parameter min_schools moet een geheel getal van 1 tot en met 50 zijn")
        }
        self.minSchools = minSchools
        let police = value("police_contributor") ?? "false"
        guard police == "true" || police == "false" else {
            throw UsageError("pijplijn \(pipelineName): parameter police_contributor moet true of false zijn")
        }
        policeContributor = police == "true"
        guard let weeks = Int(value("aanlevertermijn_weken") ?? "\(Self.defaultAanlevertermijnWeken)"),
            Self.aanlevertermijnRange.contains(weeks)
        else {
            throw UsageError(
                "pijplijn \(pipelineName): parameter aanlevertermijn_weken moet een geheel aantal weken van 0 tot en met 52 zijn")
        }
        aanlevertermijnWeken = weeks
    }

    /// The school filter of the pipeline before any split.
    public var baseFilter: SchoolFilterSpec { SchoolFilterSpec(sectors: sectors) }
}

/// A school filter in the Domain's words, so packs can be planned without the Analytics types.
public struct SchoolFilterSpec: Sendable, Equatable, Hashable {
    public var sectors: Set<Sector>?
    public var gebied: String?
    public var wijk: String?
    public var school: String?
}
