import Domain
import GRDB

/// The port through which Analytics and Reports read the marts: one typed snapshot of a span of
/// months, read in one transaction, holding every record the figures are computed from (the
/// schools with their places, categories, enrolment, agreements, which deliveries cover which
/// school-months, and the monthly facts). Analytics computes from a snapshot with pure
/// functions; a pack run reads one snapshot and never queries again. Counts over the raw
/// incidents (`counts`, `context counts`) are aggregated by the store itself.
public protocol MartReader: Sendable {
    /// The snapshot of `months` (inclusive; `nil`: reference data only, no facts or deliveries).
    func martSnapshot(months: ClosedRange<Month>?) throws -> MartSnapshot
    /// The stored valid incidents (and aggregated counts) grouped by `dimensions`, within the
    /// inclusive bounds on `datum`; non-empty groups only, sorted by the dimension values.
    func incidentCounts(by dimensions: [CountDimension], from: Day?, to: Day?) throws -> [CountRecord]
    /// A context series (such as the police's registered crimes) grouped by `dimensions`
    /// (`wijk`, `stadsdeel`, `gebied`, `jaar`, `maand`, `kwartaal`, `halfjaar`, `schooljaar`, `soort`).
    func contextCounts(series: String, by dimensions: [String], from: String?, to: String?) throws -> [CountRecord]
}

/// Everything the mart tables of a span of months are computed from, as typed records.
public struct MartSnapshot: Sendable {
    /// The months covered; facts and deliveries outside them are not in the snapshot.
    public let months: ClosedRange<Month>?
    /// The SHA-256 of the reference data in use ("" before the first load).
    public let referenceHash: String
    /// Every school with its place, sorted by code.
    public let schools: [SchoolRecord]
    /// Every wijk with its stadsdeel and gebied, sorted by code.
    public let wijken: [WijkPlace]
    /// Every category, sorted by code.
    public let categories: [CategoryRecord]
    /// Enrolment per school and school year.
    public let enrolment: [EnrolmentRecord]
    /// The covenant's other agreements per school and school year.
    public let agreements: [Afspraak]
    /// The months each delivery holds rows for (per school), within `months`.
    public let deliveredMonths: [DeliveredMonth]
    /// The periods deliveries declared (per school), overlapping `months`.
    public let declaredPeriods: [DeclaredPeriod]
    /// The deliveries named by `deliveredMonths` and `declaredPeriods`, sorted by id.
    public let deliveries: [DeliveryRecord]
    /// The marts' monthly counts within `months`, sorted by month, school and facts.
    public let facts: [FactRecord]

    public init(
        months: ClosedRange<Month>?, referenceHash: String, schools: [SchoolRecord], wijken: [WijkPlace], categories: [CategoryRecord],
        enrolment: [EnrolmentRecord], agreements: [Afspraak], deliveredMonths: [DeliveredMonth],
        declaredPeriods: [DeclaredPeriod], deliveries: [DeliveryRecord], facts: [FactRecord]
    ) {
        self.months = months
        self.referenceHash = referenceHash
        self.schools = schools
        self.wijken = wijken
        self.categories = categories
        self.enrolment = enrolment
        self.agreements = agreements
        self.deliveredMonths = deliveredMonths
        self.declaredPeriods = declaredPeriods
        self.deliveries = deliveries
        // Sorted by month (the store reads them so; a hand-built snapshot is sorted here).
        self.facts = zip(facts, facts.dropFirst()).allSatisfy { $0.month <= $1.month } ? facts : facts.sorted { $0.month < $1.month }
    }

    /// The facts of the months `first...last` (the facts are sorted by month: two binary searches).
    public func facts(from first: Month, to last: Month) -> ArraySlice<FactRecord> {
        func boundary(_ month: Month) -> Int {
            var low = 0, high = facts.count
            while low < high {
                let middle = (low + high) / 2
                if facts[middle].month < month { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let start = boundary(first)
        return facts[start..<max(start, boundary(last.adding(months: 1)))]
    }

    /// Whether the snapshot holds the facts and deliveries of every month of `period`.
    public func covers(_ period: Period) -> Bool {
        guard let months else { return false }
        return months.contains(Month(period.from)) && months.contains(Month(period.to))
    }

    /// The deliveries with data about `period` (a declared period overlapping it, or rows dated
    /// in one of its months), each with the schools it holds data of, sorted by id and school.
    public func deliverySchools(covering period: Period) -> [(delivery: Int64, school: String)] {
        let first = Month(period.from), last = Month(period.to)
        var pairs: Set<[String]> = []
        var result: [(delivery: Int64, school: String)] = []
        func add(_ id: Int64, _ school: String) {
            if pairs.insert([String(id), school]).inserted { result.append((id, school)) }
        }
        for row in deliveredMonths where row.month >= first && row.month <= last { add(row.deliveryId, row.schoolCode) }
        for row in declaredPeriods where row.to >= period.from && row.from <= period.to { add(row.deliveryId, row.schoolCode) }
        return result.sorted { ($0.delivery, $0.school) < ($1.delivery, $1.school) }
    }

    /// The deliveries with data about `period`, sorted by id.
    public func deliveries(covering period: Period) -> [DeliveryRecord] {
        let ids = Set(deliverySchools(covering: period).map(\.delivery))
        return deliveries.filter { ids.contains($0.id) }
    }
}

/// A school with its place (`onbekend` for a stadsdeel or gebied left empty) and the day it joined.
public struct SchoolRecord: Sendable, Equatable, FetchableRecord {
    public let code: String
    public let sector: String
    public let wijk: String
    public let wijkName: String
    public let stadsdeel: String
    public let gebied: String
    /// The Passend-Onderwijs area of the school's wijk (`po_cluster`; else its stadsdeel).
    public let poCluster: String
    public let aangeslotenPer: Day?

    public init(
        code: String, sector: String, wijk: String, wijkName: String = "", stadsdeel: String, gebied: String, poCluster: String? = nil,
        aangeslotenPer: Day?
    ) {
        self.code = code
        self.sector = sector
        self.wijk = wijk
        self.wijkName = wijkName
        self.stadsdeel = stadsdeel
        self.gebied = gebied
        self.poCluster = poCluster ?? stadsdeel
        self.aangeslotenPer = aangeslotenPer
    }

    static let selectAll = """
        SELECT s.code, s.sector, s.wijk_code, s.aangesloten_per, coalesce(w.naam, '') AS wijk_naam,
               coalesce(nullif(w.stadsdeel, ''), 'onbekend') AS stadsdeel, coalesce(nullif(w.gebied, ''), 'onbekend') AS gebied,
               coalesce(nullif(w.po_cluster, ''), nullif(w.stadsdeel, ''), 'onbekend') AS po_cluster
          FROM school s LEFT JOIN wijk w ON w.code = s.wijk_code ORDER BY s.code
        """

    public init(row: Row) throws {
        self.init(
            code: row["code"], sector: row["sector"], wijk: row["wijk_code"], wijkName: row["wijk_naam"] ?? "",
            stadsdeel: row["stadsdeel"], gebied: row["gebied"], poCluster: row["po_cluster"],
            aangeslotenPer: (row["aangesloten_per"] as String?).flatMap { Day(iso: $0) }
        )
    }
}

/// A school's enrolment in one school year (`2024-2025`).
public struct EnrolmentRecord: Sendable, Equatable, FetchableRecord {
    public let schoolCode: String
    public let schooljaar: String
    public let leerlingen: Int

    public init(schoolCode: String, schooljaar: String, leerlingen: Int) {
        self.schoolCode = schoolCode
        self.schooljaar = schooljaar
        self.leerlingen = leerlingen
    }

    public init(row: Row) throws {
        self.init(schoolCode: row["school_code"], schooljaar: row["schooljaar"], leerlingen: row["leerlingen"])
    }
}

/// A month a delivery holds rows for, for one school.
public struct DeliveredMonth: Sendable, Equatable, FetchableRecord {
    public let deliveryId: Int64
    public let schoolCode: String
    public let month: Month

    public init(deliveryId: Int64, schoolCode: String, month: Month) {
        self.deliveryId = deliveryId
        self.schoolCode = schoolCode
        self.month = month
    }

    public init(row: Row) throws {
        let text: String = row["maand"]
        guard let month = Month(text: text) else { throw FailureError("ongeldige maand in delivery_month: \(text)") }
        self.init(deliveryId: row["delivery_id"], schoolCode: row["school_code"], month: month)
    }
}

/// The period a delivery declared for one school (SPEC §2c).
public struct DeclaredPeriod: Sendable, Equatable, FetchableRecord {
    public let deliveryId: Int64
    public let schoolCode: String
    public let from: Day
    public let to: Day

    public init(deliveryId: Int64, schoolCode: String, from: Day, to: Day) {
        self.deliveryId = deliveryId
        self.schoolCode = schoolCode
        self.from = from
        self.to = to
    }

    public init(row: Row) throws {
        let from: String = row["period_from"], to: String = row["period_to"]
        guard let first = Day(iso: from), let last = Day(iso: to) else {
            throw FailureError("ongeldige periode in delivery_period: \(from)..\(to)")
        }
        self.init(deliveryId: row["delivery_id"], schoolCode: row["school_code"], from: first, to: last)
    }
}

/// A delivery as packs name it: its number, file hash, the schools it holds and the period it
/// declared (file names are never stored: SPEC §5).
public struct DeliveryRecord: Sendable, Equatable, FetchableRecord {
    public let id: Int64
    public let sha256: String
    /// The schools the delivery holds data of, comma-separated ("" when none).
    public let schools: String
    /// The declared period, `FROM..TO` ("" when none).
    public let period: String

    public init(id: Int64, sha256: String, schools: String = "", period: String = "") {
        self.id = id
        self.sha256 = sha256
        self.schools = schools
        self.period = period
    }

    public init(row: Row) throws {
        self.init(id: row["id"], sha256: row["sha256"], schools: row["schools"], period: row["period"])
    }
}

/// One monthly count of the marts: school × month × categorie × locatie × politie.
public struct FactRecord: Sendable, Equatable, FetchableRecord {
    public let schoolCode: String
    public let month: Month
    public let categorie: String
    public let locatie: String
    public let politie: String
    public let aantal: Int

    public init(schoolCode: String, month: Month, categorie: String, locatie: String, politie: String, aantal: Int) {
        self.schoolCode = schoolCode
        self.month = month
        self.categorie = categorie
        self.locatie = locatie
        self.politie = politie
        self.aantal = aantal
    }

    /// Columns by position, in the order `martSnapshot` selects them: school_code, maand,
    /// categorie, locatie, politie, aantal (the hot path of a pack run).
    public init(row: Row) throws {
        let text: String = row[1]
        guard let month = Month(text: text) else { throw FailureError("ongeldige maand in mart_month: \(text)") }
        self.init(schoolCode: row[0], month: month, categorie: row[2], locatie: row[3], politie: row[4], aantal: row[5])
    }
}

/// One group of a count: the dimension values, in the order asked, and the count.
public struct CountRecord: Sendable, Equatable {
    public let values: [String]
    public let aantal: Int
}

extension SchoolveiligDatabase: MartReader {
    public func martSnapshot(months: ClosedRange<Month>?) throws -> MartSnapshot {
        try pool.read { db in
            let schools = try SchoolRecord.fetchAll(db, sql: SchoolRecord.selectAll)
            let wijken = try WijkPlace.fetchAll(db, sql: WijkPlace.selectAll)
            let categories = try CategoryRecord.fetchAll(db, sql: "SELECT code, label, meldplicht FROM categorie ORDER BY code")
            let enrolment = try EnrolmentRecord.fetchAll(
                db, sql: "SELECT school_code, schooljaar, leerlingen FROM leerlingen ORDER BY school_code, schooljaar")
            let agreements = try Row.fetchAll(db, sql: "SELECT * FROM afspraak ORDER BY school_code, schooljaar").map { row in
                Afspraak(
                    schoolCode: row["school_code"], schooljaar: row["schooljaar"], coordinator: row["coordinator"],
                    vertrouwenspersoon: row["vertrouwenspersoon"], veiligheidsplan: row["veiligheidsplan"],
                    politiecontacten: row["politiecontacten"], jaargesprek: (row["jaargesprek"] as String?).flatMap { Day(iso: $0) })
            }
            var delivered: [DeliveredMonth] = []
            var declared: [DeclaredPeriod] = []
            var deliveries: [DeliveryRecord] = []
            var facts: [FactRecord] = []
            if let months {
                let first = months.lowerBound.description, last = months.upperBound.description
                let firstDay = months.lowerBound.firstDay.description, lastDay = months.upperBound.lastDay.description
                delivered = try DeliveredMonth.fetchAll(
                    db,
                    sql: """
                        SELECT delivery_id, school_code, maand FROM delivery_month WHERE maand BETWEEN ? AND ? ORDER BY delivery_id, school_code, maand
                        """, arguments: [first, last])
                declared = try DeclaredPeriod.fetchAll(
                    db,
                    sql: """
                        SELECT delivery_id, school_code, period_from, period_to FROM delivery_period WHERE period_to >= ? AND period_from <= ?
                         ORDER BY delivery_id, school_code, period_from
                        """, arguments: [firstDay, lastDay])
                deliveries = try DeliveryRecord.fetchAll(
                    db,
                    sql: """
                        SELECT id, sha256, schools, period FROM delivery WHERE id IN (SELECT delivery_id FROM (\(Self.deliveriesCoveringPeriod))) ORDER BY id
                        """, arguments: [first, last, firstDay, lastDay])
                facts = try FactRecord.fetchAll(
                    db,
                    sql: """
                        SELECT school_code, maand, categorie, locatie, politie, aantal FROM mart_month WHERE maand BETWEEN ? AND ?
                         ORDER BY maand, school_code, categorie, locatie, politie
                        """, arguments: [first, last])
            }
            return MartSnapshot(
                months: months, referenceHash: try ReferenceStore.hash(db), schools: schools, wijken: wijken, categories: categories,
                enrolment: enrolment, agreements: agreements, deliveredMonths: delivered, declaredPeriods: declared,
                deliveries: deliveries, facts: facts)
        }
    }
}
