import Domain
import GRDB
import Store

/// Every school × month of a period, with what the marts need beside the counts: whether the
/// school had joined the covenant (`aangesloten_per`, SPEC §1), whether it delivered for the
/// month (SPEC §2c: a declared period overlapping the month, or a delivery with rows in it), and
/// its enrolment for the month's school year.
///
/// A school counts as joined for a month when `aangesloten_per` falls on or before the month's
/// last day (no date: joined all along). A month is due when it has ended on the as-of date.
public struct SchoolMonthFrame: Sendable {
    public struct School: Sendable, Equatable {
        public let code: String
        public let wijk: String
        public let stadsdeel: String
        public let gebied: String
        public let sector: String
        public let aangeslotenPer: Day?
    }

    public struct Cell: Sendable, Equatable {
        public let joined: Bool
        public let due: Bool
        public let delivered: Bool
        public let enrolment: Int?
    }

    public let months: [Month]
    public let schools: [School]
    private let cells: [Cell]

    public func cell(school: Int, month: Int) -> Cell { cells[school * months.count + month] }

    /// Every school had joined the covenant in every month.
    public var allJoined: Bool { cells.allSatisfy(\.joined) }

    /// The frame read in one transaction of `database`.
    public static func load(months: [Month], asOf: Day, filter: SchoolFilter, in database: SchoolveiligDatabase) throws -> SchoolMonthFrame {
        try database.pool.read { try load(months: months, asOf: asOf, filter: filter, $0) }
    }

    public static func load(months: [Month], asOf: Day, filter: SchoolFilter, _ db: Database) throws -> SchoolMonthFrame {
        let schools = try allSchools(db).filter(filter.admits)
        guard let first = months.first, let last = months.last else {
            return SchoolMonthFrame(months: [], schools: schools, cells: [])
        }
        let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.code, $0) })
        var delivered = [Bool](repeating: false, count: schools.count * months.count)
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT school_code, maand FROM delivery_month WHERE maand BETWEEN ? AND ?",
                                    arguments: [first.description, last.description]) {
            guard let s = schoolIndex[row["school_code"] as String], let month = Month(text: row["maand"]),
                  let m = monthIndex[month] else { continue }
            delivered[s * months.count + m] = true
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT school_code, period_from, period_to FROM delivery_period WHERE period_to >= ? AND period_from <= ?
            """, arguments: [first.firstDay.description, last.lastDay.description]) {
            guard let s = schoolIndex[row["school_code"] as String],
                  let from = Day(iso: row["period_from"] as String), let to = Day(iso: row["period_to"] as String) else { continue }
            for month in Month.range(Month(from), Month(to)) {
                if let m = monthIndex[month] { delivered[s * months.count + m] = true }
            }
        }
        var enrolment: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT school_code, schooljaar, leerlingen FROM leerlingen") {
            enrolment[(row["school_code"] as String) + "|" + (row["schooljaar"] as String)] = row["leerlingen"]
        }
        var cells: [Cell] = []
        cells.reserveCapacity(schools.count * months.count)
        for (s, school) in schools.enumerated() {
            for (m, month) in months.enumerated() {
                let joined = school.aangeslotenPer.map { $0 <= month.lastDay } ?? true
                cells.append(Cell(joined: joined, due: month.lastDay <= asOf, delivered: delivered[s * months.count + m],
                                  enrolment: enrolment[school.code + "|" + month.schooljaar]))
            }
        }
        return SchoolMonthFrame(months: months, schools: schools, cells: cells)
    }

    /// The reference's schools with their place and sector, sorted by code.
    static func allSchools(_ db: Database) throws -> [School] {
        try Row.fetchAll(db, sql: """
            SELECT s.code, s.sector, s.wijk_code, s.aangesloten_per,
                   coalesce(nullif(w.stadsdeel, ''), 'onbekend') AS stadsdeel, coalesce(nullif(w.gebied, ''), 'onbekend') AS gebied
              FROM school s LEFT JOIN wijk w ON w.code = s.wijk_code ORDER BY s.code
            """).map { row in
            School(code: row["code"], wijk: row["wijk_code"], stadsdeel: row["stadsdeel"], gebied: row["gebied"],
                   sector: row["sector"], aangeslotenPer: (row["aangesloten_per"] as String?).flatMap { Day(iso: $0) })
        }
    }
}
