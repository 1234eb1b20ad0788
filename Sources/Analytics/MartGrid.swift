import Domain
import Store

/// The shared machinery of the mart tables: the cells of a breakdown (place × time × facts),
/// the counts in them from `mart_month`, and per place × time the delivery status and enrolment
/// from the school-month frame. Every table the packs read is built from one of these.
struct MartGrid {
    let dimensions: [MartDimension]
    let period: Period
    let frame: SchoolMonthFrame
    /// Per place × time key (the place and time dimensions' values, in request order).
    private(set) var status: [[String]: DeliveryStatus] = [:]
    /// Months of the period per time label ("" when there is no time dimension).
    private(set) var monthsPerLabel: [String: Int] = [:]
    /// Category code → meldplicht.
    let meldplicht: [String: String]
    let categories: [String]

    var timeDimension: MartDimension? { dimensions.first { $0.kind == .time } }
    var factDimensions: [MartDimension] { dimensions.filter { $0.kind == .fact } }

    /// What every grid over one period and filter shares: the school-month frame and the
    /// categories. Loaded once when several breakdowns of the same cells are wanted (margins).
    struct Source {
        let period: Period
        let frame: SchoolMonthFrame
        let meldplicht: [String: String]

        static func load(period: Period, asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot) throws -> Source {
            try checkWholeMonths(period)
            guard snapshot.covers(period) else {
                throw FailureError("interne fout: de momentopname van de aggregaten beslaat periode \(period.name) niet")
            }
            var meldplicht: [String: String] = [:]
            for category in snapshot.categories { meldplicht[category.code] = category.meldplicht }
            return Source(
                period: period, frame: SchoolMonthFrame.make(months: period.months, asOf: asOf, filter: filter, snapshot),
                meldplicht: meldplicht)
        }
    }

    static func checkWholeMonths(_ period: Period) throws(UsageError) {
        guard period.isWholeMonths else {
            throw UsageError(
                "periode \(period.name): de aggregaten tellen per maand; kies een periode van hele maanden (bijvoorbeeld 2025-Q1 of 2025-01..2025-03)"
            )
        }
    }

    /// The snapshot of a period's months, after checking that it is made of whole months.
    static func snapshot(_ period: Period, _ reader: some MartReader) throws -> MartSnapshot {
        try checkWholeMonths(period)
        return try reader.martSnapshot(months: Month(period.from)...Month(period.to))
    }

    init(dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot) throws {
        self.init(dimensions: dimensions, source: try Source.load(period: period, asOf: asOf, filter: filter, snapshot))
    }

    init(dimensions: [MartDimension], source: Source) {
        self.dimensions = dimensions
        self.period = source.period
        frame = source.frame
        meldplicht = source.meldplicht
        categories = meldplicht.keys.sorted()
        let time = dimensions.first { $0.kind == .time }
        for month in frame.months {
            monthsPerLabel[time?.grain?.label(month, period: period) ?? "", default: 0] += 1
        }
        for (s, school) in frame.schools.enumerated() {
            for (m, month) in frame.months.enumerated() {
                status[placeTimeKey(school, month), default: DeliveryStatus()].add(frame.cell(school: s, month: m))
            }
        }
    }

    /// The place and time values of a school-month, in request order.
    func placeTimeKey(_ school: SchoolMonthFrame.School?, _ month: Month) -> [String] {
        dimensions.compactMap { dimension in
            switch dimension.kind {
            case .place: school.map(dimension.place) ?? "onbekend"
            case .time: dimension.grain?.label(month, period: period)
            case .fact: nil
            }
        }
    }

    /// The months of the period behind a place × time key.
    func months(of key: [String]) -> Int {
        guard timeDimension != nil, let index = dimensions.filter({ $0.kind != .fact }).firstIndex(where: { $0.kind == .time }) else {
            return monthsPerLabel[""] ?? 0
        }
        return monthsPerLabel[key[index]] ?? 0
    }

    struct Fact {
        let school: String
        let month: Month
        let categorie: String
        let locatie: String
        let politie: String
        let aantal: Int
    }

    /// The mart's counts for the period's months and the frame's schools (every school when the
    /// filter is empty, also one the reference no longer has), by full key.
    func counts(filterEmpty: Bool, _ snapshot: MartSnapshot, include: (Fact, SchoolMonthFrame.Cell?) -> Bool = { _, _ in true })
        -> [[String]: Int]
    {
        let schoolIndex = Dictionary(uniqueKeysWithValues: frame.schools.enumerated().map { ($1.code, $0) })
        var result: [[String]: Int] = [:]
        var months: [Month: Int] = [:]
        for (index, month) in frame.months.enumerated() { months[month] = index }
        guard let first = frame.months.first, let last = frame.months.last else { return result }
        // First summed by school, month and only the fact columns the breakdown needs (as a
        // GROUP BY would), then each group's key built once: far fewer keys than facts.
        let needs = Set(dimensions)
        let needsCategorie = needs.contains(.categorie) || needs.contains(.meldplicht)
        let needsLocatie = needs.contains(.locatie)
        let needsPolitie = needs.contains(.politie)
        struct Group: Hashable {
            let school: String
            let month: Int
            let categorie: String
            let locatie: String
            let politie: String
        }
        var groups: [Group: Int] = [:]
        var lastCode = ""
        var lastIndex: Int?? = nil
        for record in snapshot.facts(from: first, to: last) {
            let code = record.schoolCode
            let index: Int?
            if let cached = lastIndex, code == lastCode {
                index = cached
            } else {
                index = schoolIndex[code]
                lastCode = code
                lastIndex = .some(index)
            }
            if index == nil && !filterEmpty { continue }
            guard let m = months[record.month] else { continue }
            let fact = Fact(
                school: code, month: record.month, categorie: record.categorie, locatie: record.locatie,
                politie: record.politie, aantal: record.aantal)
            let cell = index.map { frame.cell(school: $0, month: m) }
            guard include(fact, cell) else { continue }
            groups[
                Group(
                    school: code, month: m, categorie: needsCategorie ? record.categorie : "", locatie: needsLocatie ? record.locatie : "",
                    politie: needsPolitie ? record.politie : ""), default: 0] += record.aantal
        }
        for (group, aantal) in groups {
            let index = schoolIndex[group.school]
            let fact = Fact(
                school: group.school, month: frame.months[group.month], categorie: group.categorie, locatie: group.locatie,
                politie: group.politie, aantal: aantal)
            result[fullKey(index.map { frame.schools[$0] }, fact), default: 0] += aantal
        }
        return result
    }

    private func fullKey(_ school: SchoolMonthFrame.School?, _ fact: Fact) -> [String] {
        dimensions.map { dimension in
            switch dimension {
            case .school: school?.code ?? fact.school
            case .wijk, .stadsdeel, .gebied, .sector: school.map(dimension.place) ?? "onbekend"
            case .categorie: fact.categorie
            case .meldplicht: meldplicht[fact.categorie] ?? "nee"
            case .locatie: fact.locatie
            case .politie: fact.politie
            default: dimension.grain?.label(fact.month, period: period) ?? ""
            }
        }
    }

    /// Counts by a coarser breakdown, summed from counts by this grid's (finer) dimensions.
    func project(_ counts: [[String]: Int], onto coarser: [MartDimension]) -> [[String]: Int] {
        let positions = coarser.map { dimensions.firstIndex(of: $0)! }
        var result: [[String]: Int] = [:]
        for (key, value) in counts { result[positions.map { key[$0] }, default: 0] += value }
        return result
    }

    /// The values a fact dimension takes in a full table.
    func values(of dimension: MartDimension, seen: [String]) -> [String] {
        switch dimension {
        case .categorie: Array(Set(categories + seen)).sorted()
        case .meldplicht: Meldplicht.allCases.map(\.rawValue).sorted()
        case .locatie: Locatie.allCases.map(\.rawValue).sorted()
        case .politie: Politie.allCases.map(\.rawValue).sorted()
        default: []
        }
    }

    /// Every cell of the table: each place × time key (of the frame, and of counts outside it)
    /// with each combination of the fact values, as full keys in sorted order, each with its
    /// place × time key.
    func cells(counts: [[String]: Int]) -> [(full: [String], placeTime: [String])] {
        let factPositions = dimensions.indices.filter { dimensions[$0].kind == .fact }
        var placeTimeKeys = Set(status.keys)
        for key in counts.keys { placeTimeKeys.insert(key.enumerated().filter { !factPositions.contains($0.offset) }.map(\.element)) }
        var combinations: [[String]] = [[]]
        for dimension in factDimensions {
            let position = dimensions.firstIndex(of: dimension)!
            let seen = Set(counts.keys.map { $0[position] })
            combinations = combinations.flatMap { prefix in values(of: dimension, seen: Array(seen)).map { prefix + [$0] } }
        }
        var result: [(full: [String], placeTime: [String])] = []
        for placeTime in placeTimeKeys {
            for combination in combinations {
                var full: [String] = []
                var p = 0, f = 0
                for dimension in dimensions {
                    if dimension.kind == .fact {
                        full.append(combination[f]); f += 1
                    } else {
                        full.append(placeTime[p]); p += 1
                    }
                }
                result.append((full, placeTime))
            }
        }
        return result.sorted { $0.full.lexicographicallyPrecedes($1.full) }
    }

    /// The column names: a `periode` column first when the breakdown has no time grain (SPEC §4:
    /// every table has a period column), then the dimensions.
    var columnNames: [String] {
        (timeDimension == nil ? ["periode"] : []) + dimensions.map(\.columnName)
    }

    func keys(_ full: [String]) -> [String] { (timeDimension == nil ? [period.name] : []) + full }
}
