import Domain
import Foundation
import GRDB

/// `quarantine retry` (SPEC §2d): rows quarantined only because their school was unknown are
/// applied once the reference data knows the school. Each retry is a delivery of its own
/// ("herkansing"), so every stored incident still points at the delivery that brought it.
/// A retried row never overwrites a version delivered in the meantime: the key's newer version wins.
public enum QuarantineRetry {
    public struct Result: Sendable, Equatable {
        public var stored = 0
        /// Keys delivered again in the meantime: the newer version stays.
        public var superseded = 0
        /// Rows whose school is still unknown.
        public var waiting = 0
        public init() {}
    }

    public static func run(in database: SchoolveiligDatabase, asOf: Day) throws -> Result {
        try database.pool.write { db in
            var result = Result()
            let known = Set(try String.fetchAll(db, sql: "SELECT code FROM school"))
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM quarantine_retry ORDER BY delivery_id, line")
            let ready = rows.filter { known.contains($0["school_code"]) }
            result.waiting = rows.count - ready.count
            guard !ready.isEmpty else { return result }
            let stamp = Clock.timestamp()
            let sources = Set(ready.map { $0["delivery_id"] as Int64 }).sorted().map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    INSERT INTO delivery(sha256, identity, size, received_at, as_of, dialect, status, rows_read)
                    VALUES ('', ?, 0, ?, ?, ?, 'verwerkt', ?)
                    """,
                arguments: [
                    "herkansing \(stamp) \(UUID().uuidString)", stamp, asOf.description,
                    "herkansing uit quarantaine van levering \(sources)", ready.count,
                ])
            let retryDelivery = db.lastInsertedRowID
            for row in ready {
                let deliveryId: Int64 = row["delivery_id"]
                let line: Int = row["line"]
                let exists =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM incident WHERE school_code = ? AND incident_id = ?)",
                        arguments: [row["school_code"], row["incident_id"]]) ?? false
                if exists {
                    result.superseded += 1
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            row["school_code"], row["incident_id"], row["datum"], row["categorie"], row["locatie"],
                            row["politie"], row["leeftijd"], row["ernst"], retryDelivery, line,
                        ])
                    result.stored += 1
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, substr(?, 1, 7))",
                        arguments: [retryDelivery, row["school_code"], row["datum"]])
                }
                try db.execute(
                    sql: "UPDATE quarantine SET resolved_by = ? WHERE delivery_id = ? AND line = ?",
                    arguments: [retryDelivery, deliveryId, line])
                try db.execute(sql: "DELETE FROM quarantine_retry WHERE delivery_id = ? AND line = ?", arguments: [deliveryId, line])
            }
            try db.execute(
                sql: "UPDATE delivery SET rows_new = ?, rows_unchanged = ? WHERE id = ?",
                arguments: [result.stored, result.superseded, retryDelivery])
            return result
        }
    }
}
