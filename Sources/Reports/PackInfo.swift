import Foundation
import Analytics
import Domain
import GRDB
import Store

/// What the Voorblad, Toelichting and Bronnen sheets say about a pack: the meeting, the area,
/// the period, the data's as-of date (never a clock time, SPEC §4), the rule applied, the
/// reference data and the deliveries used.
public struct PackInfo: Sendable {
    public let meeting: String
    public let area: String
    public let period: Period
    public let previous: Period
    public let asOf: Day
    public let ruleText: String
    public let referenceHash: String
    /// Deliveries used, per sector: (sector, deliveries, schools).
    public let deliveries: [(sector: String, deliveries: Int, schools: Int)]
    /// The school's own deliveries (file names), only in its own pack.
    public let ownDeliveries: [String]
    public let categoryLabels: [String: String]

    static func read(pack: PackPlan.Pack, settings: PackSettings, period: Period, asOf: Day, ruleText: String,
                     in database: SchoolveiligDatabase) throws -> PackInfo {
        try database.pool.read { db in
            let reference = try String.fetchOne(db, sql: "SELECT sha256 FROM reference_meta WHERE id = 1") ?? ""
            let frame = try SchoolMonthFrame.load(months: period.months, asOf: asOf, filter: pack.filter, db)
            let codes = frame.schools.map(\.code)
            var perSector: [String: (deliveries: Set<Int64>, schools: Set<String>)] = [:]
            let sectorOf = Dictionary(uniqueKeysWithValues: frame.schools.map { ($0.code, $0.sector) })
            let first = period.from.description, last = period.to.description
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT delivery_id, school_code FROM delivery_month WHERE maand BETWEEN ? AND ?
                UNION
                SELECT DISTINCT delivery_id, school_code FROM delivery_period WHERE period_to >= ? AND period_from <= ?
                """, arguments: [String(first.prefix(7)), String(last.prefix(7)), first, last])
            var own: Set<Int64> = []
            for row in rows {
                let school: String = row["school_code"]
                guard codes.contains(school), let sector = sectorOf[school] else { continue }
                perSector[sector, default: ([], [])].deliveries.insert(row["delivery_id"])
                perSector[sector, default: ([], [])].schools.insert(school)
                if school == pack.ownSchool { own.insert(row["delivery_id"]) }
            }
            var ownFiles: [String] = []
            if !own.isEmpty {
                // Identified by number, declared period and hash: file names are not stored (SPEC §5).
                ownFiles = try Row.fetchAll(db, sql: "SELECT id, schools, period, sha256 FROM delivery WHERE id IN (\(own.sorted().map(String.init).joined(separator: ","))) ORDER BY id")
                    .map { row in
                        let period: String = row["period"], sha256: String = row["sha256"], schools: String = row["schools"]
                        return "levering \(row["id"] as Int64)" + (schools.isEmpty ? "" : ", school \(schools)") + (period.isEmpty ? "" : ", periode \(period)") + (sha256.isEmpty ? "" : ", sha256 \(sha256.prefix(12))")
                    }
            }
            var labels: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code, label FROM categorie") { labels[row["code"]] = row["label"] }
            return PackInfo(meeting: settings.meeting, area: pack.area, period: period, previous: period.yearEarlier, asOf: asOf,
                            ruleText: ruleText, referenceHash: reference,
                            deliveries: perSector.keys.sorted().map { ($0, perSector[$0]!.deliveries.count, perSector[$0]!.schools.count) },
                            ownDeliveries: ownFiles, categoryLabels: labels)
        }
    }
}
