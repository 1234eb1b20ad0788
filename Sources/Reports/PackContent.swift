import Analytics
import Domain
import Statistics
import Store

/// Everything one pack shows, computed from the marts (never from the raw incidents): the
/// tables of each sheet and the signals. Disclosure control runs over it before anything is
/// written (`PackSuppression`).
public struct PackContent: Sendable {
    public var tables: [PackTable]
    /// The signals of the pack, each on a row (`periode`, `categorie`) of the key figures:
    /// computed from the published key figures only, so empty until disclosure control has run
    /// (`PackSuppression.apply`, `withSignals`).
    public var signals: [Signal]
    /// The place dimension of the key figures (`stadsdeel`, `wijk`…), if any.
    public let keyPlace: String?
    public let period: Period
    public let previous: Period
    /// The same period in the years the key figures show, oldest first, ending with `period`.
    public let years: [Period]
    /// The quarters of the aberration series (`kwartalen`), oldest first, ending with `period`;
    /// empty when the pack has none (only a quarterly pack has one).
    public var quarters: [Period] = []

    /// Years of the same period in the key figures: the trend is estimated over them.
    static let trendYears = 4

    /// The aberration test (Farrington) of a quarterly pack: three years back, a quarter either
    /// side of the same quarter, so 14 quarters ending with the pack's.
    static let aberrationConfiguration = FarringtonConfiguration()

    /// The quarters the aberration series of a quarterly pack covers, or none.
    static func aberrationQuarters(settings: PackSettings, period: Period) -> [Period] {
        guard settings.cadence == .quarter else { return [] }
        return settings.cadence.series(endingWith: period, count: aberrationConfiguration.periodsNeeded)
    }

    /// The content read from its own snapshot (one pack on its own; a run shares one snapshot).
    public static func build(
        settings: PackSettings, period: Period, asOf: Day, filter: SchoolFilter, benchmarkSector: Sector? = nil,
        ownSchool: String? = nil, in reader: some MartReader
    ) throws -> PackContent {
        try build(
            settings: settings, period: period, asOf: asOf, filter: filter, benchmarkSector: benchmarkSector, ownSchool: ownSchool,
            in: try reader.martSnapshot(months: months(settings: settings, period: period)))
    }

    public static func build(
        settings: PackSettings, period: Period, asOf: Day, filter: SchoolFilter, benchmarkSector: Sector? = nil,
        ownSchool: String? = nil,
        in snapshot: MartSnapshot
    ) throws -> PackContent {
        let previous = period.yearEarlier
        var tables: [PackTable] = []

        // Samenvatting: the key figures per category (and per the first place breakdown), this
        // period and the same period a year earlier: what the signals compare.
        let place = settings.breakdowns.compactMap(MartDimension.init(rawValue:)).first { $0.kind == .place }
        let keyDimensions: [MartDimension] = (place.map { [$0] } ?? []) + [.categorie]
        var keyRows: [LongTable.Row] = []
        var columns: [String] = []
        var years = [period]
        while years.count < trendYears { years.insert(years[0].yearEarlier, at: 0) }
        for current in years {
            let table = try MarginTable.figures(by: keyDimensions, period: current, asOf: asOf, filter: filter, in: snapshot)
            keyRows += table.rows
            columns = table.dimensions
        }
        let keyFigures = LongTable(dimensions: columns, measures: MarginTable.measures, rows: keyRows)
        tables.append(
            PackTable(
                slug: "kerncijfers",
                title:
                    "Kerncijfers \(years.map(\.name).joined(separator: ", ")), per \(keyDimensions.map(\.rawValue).joined(separator: " en "))",
                sheet: .samenvatting, table: keyFigures, derived: MarginTable.derived))

        // A school's own pack: its whole sector beside it, as benchmark. One common cell set for
        // the sector (issue 17): every school of the sector gets the same cells, protected by the
        // insider rule (each school may subtract its own counts), not "all others but me" per
        // school, whose benchmarks together gave every school's count.
        if let sector = benchmarkSector {
            let table = try MarginTable.figures(
                by: [.categorie], period: period, asOf: asOf, filter: SchoolFilter(sectors: [sector]), in: snapshot, margins: true)
            tables.append(
                PackTable(
                    slug: "vergelijking_\(sector.rawValue.lowercased())",
                    title: "Ter vergelijking: alle \(sector.rawValue)-scholen in Almere samen (de eigen school inbegrepen), \(period.name)",
                    sheet: .samenvatting, table: table, derived: MarginTable.derived, benchmark: true))
        }

        // Trends: the last periods of the cadence per category group and per breakdown.
        let series = settings.cadence.series(endingWith: period, count: settings.trendPeriods)
        let span = Period(from: series[0].from, to: period.to, name: "\(series[0].name)..\(period.name)")
        let grain = MartDimension(rawValue: settings.cadence.grain.rawValue) ?? .kwartaal
        let trendGroups: [MartDimension] =
            [.meldplicht] + settings.breakdowns.compactMap(MartDimension.init(rawValue:)).filter { $0.kind == .place }
        for group in trendGroups {
            let table = try MarginTable.figures(by: [grain, group], period: span, asOf: asOf, filter: filter, in: snapshot)
            tables.append(
                PackTable(
                    slug: "trend_\(group.rawValue)", title: "Trend per \(group.rawValue), \(series.count) perioden",
                    sheet: .trends, table: table, derived: MarginTable.derived, chartSeries: group.columnName))
        }

        // The kerngroep's quarterly aberration test (Farrington): the city's counts per category
        // over the last 14 quarters, published (and suppressed) like every table, so the test
        // reads published counts only.
        let quarters = aberrationQuarters(settings: settings, period: period)
        if let first = quarters.first {
            let span = Period(from: first.from, to: period.to, name: "\(first.name)..\(period.name)")
            let table = try MarginTable.figures(by: [.kwartaal, .categorie], period: span, asOf: asOf, filter: filter, in: snapshot)
            tables.append(
                PackTable(
                    slug: "kwartalen",
                    title: "Per kwartaal en categorie, \(first.name) tot en met \(period.name) (de reeks van de afwijkingstoets)",
                    sheet: .trends, table: table, derived: MarginTable.derived))
        }

        // Uitsplitsingen: category by each breakdown, with rates per 1000 pupils.
        for breakdown in settings.breakdowns.compactMap(MartDimension.init(rawValue:)) {
            let table = try MarginTable.figures(by: [breakdown, .categorie], period: period, asOf: asOf, filter: filter, in: snapshot)
            tables.append(
                PackTable(
                    slug: "uitsplitsing_\(breakdown.rawValue)", title: "Per \(breakdown.rawValue) en categorie, \(period.name)",
                    sheet: .uitsplitsingen, table: table, derived: MarginTable.derived))
        }

        // Naleving (art. 2.4/2.5/2.10), per place breakdown and for the whole pack.
        // The scorecards (bestuurlijk overleg, schoolgesprek) give police involvement with its change
        // against the same period a year earlier: those rows are published in the same table.
        let scorecard = settings.covenantView || benchmarkSector != nil
        tables.append(
            try complianceTable(
                place: place, periods: scorecard ? [period.yearEarlier, period] : [period], asOf: asOf, filter: filter, snapshot))
        if settings.covenantView {
            let covenant = Covenant().period
            if covenant.from <= period.to {
                let upTo = min(covenant.to, period.to)
                let view = Period(from: covenant.from, to: upTo, name: "\(Month(covenant.from))..\(Month(upTo))")
                let table = try MarginTable.figures(by: [.schooljaar, .meldplicht], period: view, asOf: asOf, filter: filter, in: snapshot)
                tables.append(
                    PackTable(
                        slug: "convenantperiode", title: "Convenantperiode (sinds de ondertekening op 14 november 2023), per schooljaar",
                        sheet: .naleving, table: table, derived: MarginTable.derived, chartSeries: "meldplicht"))
            }
        }

        // The covenant's other agreements (afspraken.csv, art. 7.2): schools per agreement and
        // school year; in a school's own pack, its own row. Counts of schools are not pupil
        // data: published without the small-count rule (issue 16), naming no school.
        let hasAgreements = !snapshot.agreements.isEmpty
        if hasAgreements {
            var years = [Month(period.to).schooljaar]
            if settings.covenantView {
                years = Array(Set(Covenant().period.months.filter { $0.lastDay <= period.to }.map(\.schooljaar) + years)).sorted()
            }
            if let ownSchool {
                tables.append(
                    PackTable(
                        slug: "afspraken", title: "Afspraken uit het convenant: de school zelf", sheet: .naleving,
                        table: Agreements.own(school: ownSchool, schoolYears: years, snapshot), counts: []))
            } else {
                tables.append(
                    PackTable(
                        slug: "afspraken", title: "Afspraken uit het convenant (art. 2.1, 2.2, 2.8, 6.1, 6.2): aantal aangesloten scholen",
                        sheet: .naleving, table: Agreements.compute(schoolYears: years, filter: filter, snapshot),
                        counts: [],
                        note: Agreements.names.map { "\(DutchLabels.values["afspraak"]?[$0] ?? $0): \(Afspraak.descriptions[$0] ?? $0)" }
                            .joined(separator: "; ")))
            }
        }

        // Aanlevering: how many schools delivered, by sector (counts of schools, not of pupils'
        // incidents: not suppressed, issue 16; no school named).
        let completeness = try Completeness.compute(by: [.sector], period: period, asOf: asOf, filter: filter, snapshot)
        tables.append(
            PackTable(
                slug: "aanlevering", title: "Aanlevering \(period.name): scholen per sector", sheet: .aanlevering,
                table: completeness, counts: []))

        var content = PackContent(tables: tables, signals: [], keyPlace: place?.rawValue, period: period, previous: previous, years: years)
        content.quarters = quarters
        return content
    }

    /// The months every pack of a run reads: the same period in earlier years (key figures), the
    /// trend series and the covenant view, up to the period's end. The run's one snapshot covers them.
    public static func months(settings: PackSettings, period: Period) -> ClosedRange<Month> {
        var first = period.from
        var year = period
        for _ in 1..<trendYears { year = year.yearEarlier }
        first = min(first, year.from, period.yearEarlier.from)
        if let start = settings.cadence.series(endingWith: period, count: settings.trendPeriods).first?.from { first = min(first, start) }
        if let start = aberrationQuarters(settings: settings, period: period).first?.from { first = min(first, start) }
        let covenant = Covenant().period
        if settings.covenantView, covenant.from <= period.to { first = min(first, covenant.from) }
        return Month(first)...Month(period.to)
    }

    /// Naleving in long form: per place (and `Totaal`), meldplicht (`ja`, `afweging`) and politie
    /// (`ja`, `nee`, `onbekend`, `Totaal`) the incidents, with the share of the meldplicht total.
    static func complianceTable(
        place: MartDimension?, periods: [Period], asOf: Day, filter: SchoolFilter,
        _ snapshot: MartSnapshot
    ) throws -> PackTable {
        var rows: [LongTable.Row] = []
        let levels: [[MartDimension]] = place.map { [[$0], []] } ?? [[]]
        let period = periods.last!
        for period in periods {
            let all = try complianceRows(place: place, levels: levels, period: period, asOf: asOf, filter: filter, snapshot)
            // An earlier period is there for the scorecard's change only: the whole pack's
            // meldplicht `ja` rows, so that it adds as few published cells as it can.
            rows +=
                period == periods.last!
                ? all : all.filter { row in row.keys[row.keys.count - 2] == "ja" && (place == nil || row.keys[1] == totaal) }
        }
        rows.sort { MarginTable.marginOrder($0.keys, $1.keys) }
        let dimensions = ["periode"] + (place.map { [$0.columnName] } ?? []) + ["meldplicht", "politie"]
        let earlier = periods.dropLast().map(\.name)
        return PackTable(
            slug: "naleving",
            title:
                "Naleving \(period.name)\(earlier.isEmpty ? "" : " (en een jaar eerder, \(earlier.joined(separator: ", ")))"): politie betrokken bij meldplichtige incidenten (art. 2.4, 2.5, 2.10); afwegingscategorieën (art. 2.6) ter informatie",
            sheet: .naleving, table: LongTable(dimensions: dimensions, measures: ["aantal", "aandeel", "beoordeling"], rows: rows),
            derived: ["aandeel": "aantal"], shareOf: "politie")
    }

    /// The naleving rows of one period.
    private static func complianceRows(
        place: MartDimension?, levels: [[MartDimension]], period: Period, asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot
    ) throws -> [LongTable.Row] {
        var rows: [LongTable.Row] = []
        for level in levels {
            let table = try Compliance.compute(by: level, period: period, asOf: asOf, filter: filter, includingNee: true, snapshot)
            for row in table.rows {
                let placeKey = level.isEmpty ? (place == nil ? [] : [totaal]) : [row.keys[1]]
                let meldplicht = row.keys[level.count + 1]
                guard case .integer(let total) = row.values[0] else { continue }
                let parts: [(String, LongTable.Value)] = [
                    ("ja", row.values[1]), ("nee", row.values[2]), ("onbekend", row.values[3]), (totaal, .integer(total)),
                ]
                for (politie, value) in parts {
                    var share: LongTable.Value = .empty
                    if case .integer(let n) = value, total > 0 { share = .decimal(Double(n) / Double(total) * 100, places: 1) }
                    rows.append(
                        LongTable.Row(keys: [period.name] + placeKey + [meldplicht, politie], values: [value, share, row.values[5]]))
                }
            }
        }
        return rows
    }

    /// The content with its signals, computed from the key figures as they are published (after
    /// disclosure control): a hidden count is text (the marker), never a number to test.
    public func withSignals() -> PackContent {
        var result = self
        if let keyFigures = tables.first(where: { $0.slug == "kerncijfers" })?.table {
            result.signals = Self.signalsFor(
                keyFigures: keyFigures, years: years, placeName: keyPlace,
                aberrations: tables.first(where: { $0.slug == "kwartalen" }).map {
                    Self.aberrationInputs(series: $0.table, quarters: quarters, place: keyPlace != nil)
                } ?? [])
        }
        return result
    }

    /// One aberration input per category (and for all categories together) of the city's
    /// quarterly series, as published: a hidden count (the marker) anywhere in the series means
    /// no test ("geen signaal berekend", issue 16); a quarter in which not every school delivered
    /// is left out of the baseline (its count is too low); the enrolment is the exposure.
    static func aberrationInputs(series: LongTable, quarters: [Period], place: Bool) -> [AberrationInput] {
        guard let current = quarters.last, let aanlevering = series.measures.firstIndex(of: "aanlevering"),
            let leerlingen = series.measures.firstIndex(of: "leerlingen")
        else { return [] }
        var byCategory: [String: [String: LongTable.Row]] = [:]
        for row in series.rows { byCategory[row.keys[1], default: [:]][row.keys[0]] = row }
        // The quarters the expected value is estimated from (the same quarter ± 1 in each year back).
        let c = aberrationConfiguration, last = quarters.count - 1
        let baseline = Set(
            (1...c.yearsBack).flatMap { year in
                (last - year * c.periodsPerYear - c.windowHalfWidth)...(last - year * c.periodsPerYear + c.windowHalfWidth)
            })
        return byCategory.keys.sorted { MarginTable.marginOrder([$0], [$1]) }.map { category in
            var counts: [Double] = []
            var exposures: [Double] = []
            var hidden = false
            for (position, quarter) in quarters.enumerated() {
                let row = byCategory[category]?[quarter.name]
                var count = Double.nan
                switch row?.values[0] {
                case .integer(let n)?:
                    // An incomplete quarter is kept out of the expected value; elsewhere (the current
                    // quarter, the 5-in-4 rule) its count stands: a missing delivery can only lower it.
                    if row?.values[aanlevering] == .text("volledig") || !baseline.contains(position) { count = Double(n) }
                case .text?: hidden = true
                default: break
                }
                counts.append(count)
                if case .decimal(let pupils, _)? = row?.values[leerlingen], pupils > 0 {
                    exposures.append(pupils)
                } else {
                    exposures.append(.nan)
                }
            }
            // Three years back must all be there: a year without any usable quarter in its window
            // leaves no baseline at all, and the test says "te weinig gegevens".
            let yearsThere = (1...c.yearsBack).allSatisfy { year in
                let centre = last - year * c.periodsPerYear
                return (centre - c.windowHalfWidth...centre + c.windowHalfWidth).contains { $0 >= 0 && counts[$0].isFinite }
            }
            if !yearsThere { for position in baseline where position >= 0 { counts[position] = .nan } }
            return AberrationInput(
                cell: CellIdentifier(keys: (place ? [totaal] : []) + [category], label: ""), measure: "aantal",
                currentLabel: current.name, counts: counts,
                exposures: exposures.allSatisfy { $0.isFinite } ? exposures : nil, configuration: aberrationConfiguration,
                unpublished: hidden)
        }
    }

    /// This period against the same period a year earlier per category (the exact conditional
    /// test) and the trend over the years, with one Benjamini–Hochberg adjustment over the pack;
    /// no decrease where deliveries are incomplete. Only published counts are used (issue 16): a
    /// cell with a hidden count (text in `aantal`) is not tested and takes no part in the
    /// adjustment ("geen signaal berekend"); a cell without a delivery (empty) has no signal.
    static func signalsFor(keyFigures: LongTable, years: [Period], placeName: String?, aberrations: [AberrationInput] = []) -> [Signal] {
        let period = years[years.count - 1], previous = years[years.count - 2]
        // Cell (place…, categorie) → period → row.
        var byCell: [[String]: [String: LongTable.Row]] = [:]
        for row in keyFigures.rows { byCell[Array(row.keys.dropFirst()), default: [:]][row.keys[0]] = row }
        /// The published count (`n`), a hidden one (`hidden`), or none (no delivery).
        func count(_ row: LongTable.Row?) -> (n: Int, hidden: Bool)? {
            switch row?.values[0] {
            case .integer(let n): (n, false)
            case .text: (0, true)
            default: nil
            }
        }
        func enrolment(_ row: LongTable.Row) -> Double { if case .decimal(let value, _) = row.values[1] { value } else { .nan } }
        // Incomplete unless every school of the cell delivered (then `per_1000` is a rate): the
        // exposure is every school's enrolment, so a missing delivery can only make counts lower.
        func incomplete(_ row: LongTable.Row) -> Bool { if case .decimal = row.values[2] { false } else { true } }
        var inputs: [PeriodComparisonInput] = []
        var trends: [TrendInput] = []
        let cells = byCell.keys.sorted { MarginTable.marginOrder($0, $1) }
        for cell in cells {
            guard let now = byCell[cell]?[period.name], let before = byCell[cell]?[previous.name],
                let current = count(now), let earlier = count(before)
            else { continue }
            let identifier = CellIdentifier(
                keys: cell, label: placeName.map { name in cell[0] == totaal ? "" : "\(name) \(cell[0])" } ?? "")
            // The same period over the years: a trend when every year has a count.
            let series = years.compactMap { byCell[cell]?[$0.name] }
            let counts = series.compactMap(count)
            if counts.count == years.count {
                let hidden = counts.contains { $0.hidden }
                trends.append(
                    TrendInput(
                        cell: identifier, measure: "aantal", firstLabel: years[0].name, lastLabel: period.name,
                        counts: counts.map { Double($0.n) }, enrolments: series.map(enrolment),
                        incompleteDeliveries: series.contains(where: incomplete), unpublished: hidden))
            }
            inputs.append(
                PeriodComparisonInput(
                    cell: identifier,
                    measure: "aantal", currentLabel: period.name, currentCount: current.n, currentEnrolment: enrolment(now),
                    previousLabel: previous.name, previousCount: earlier.n, previousEnrolment: enrolment(before),
                    incompleteDeliveries: incomplete(now), unpublished: current.hidden || earlier.hidden))
        }
        return SignalPack.evaluate(comparisons: inputs, trends: trends, aberrations: aberrations)
    }
}
