import Domain
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

    /// The frame of `months`, read in one snapshot of the marts.
    public static func load(months: [Month], asOf: Day, filter: SchoolFilter, in reader: some MartReader) throws -> SchoolMonthFrame {
        let snapshot = try reader.martSnapshot(months: months.first.flatMap { first in months.last.map { first...$0 } })
        return make(months: months, asOf: asOf, filter: filter, snapshot)
    }

    /// The frame of `months` from a snapshot that covers them.
    public static func make(months: [Month], asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot) -> SchoolMonthFrame {
        let schools = allSchools(snapshot).filter(filter.admits)
        guard let first = months.first, let last = months.last else {
            return SchoolMonthFrame(months: [], schools: schools, cells: [])
        }
        let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.code, $0) })
        var delivered = [Bool](repeating: false, count: schools.count * months.count)
        for row in snapshot.deliveredMonths {
            guard let s = schoolIndex[row.schoolCode], let m = monthIndex[row.month] else { continue }
            delivered[s * months.count + m] = true
        }
        for row in snapshot.declaredPeriods where row.to >= first.firstDay && row.from <= last.lastDay {
            guard let s = schoolIndex[row.schoolCode] else { continue }
            for month in Month.range(Month(row.from), Month(row.to)) {
                if let m = monthIndex[month] { delivered[s * months.count + m] = true }
            }
        }
        var enrolment: [String: Int] = [:]
        for row in snapshot.enrolment { enrolment[row.schoolCode + "|" + row.schooljaar] = row.leerlingen }
        var cells: [Cell] = []
        cells.reserveCapacity(schools.count * months.count)
        for (s, school) in schools.enumerated() {
            for (m, month) in months.enumerated() {
                let joined = school.aangeslotenPer.map { $0 <= month.lastDay } ?? true
                cells.append(
                    Cell(
                        joined: joined, due: month.lastDay <= asOf, delivered: delivered[s * months.count + m],
                        enrolment: enrolment[school.code + "|" + month.schooljaar]))
            }
        }
        return SchoolMonthFrame(months: months, schools: schools, cells: cells)
    }

    /// The reference's schools with their place and sector, sorted by code.
    static func allSchools(_ snapshot: MartSnapshot) -> [School] {
        snapshot.schools.map { record in
            School(
                code: record.code, wijk: record.wijk, stadsdeel: record.stadsdeel, gebied: record.gebied,
                sector: record.sector, aangeslotenPer: record.aangeslotenPer)
        }
    }
}
