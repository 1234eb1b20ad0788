import Domain
import Foundation
import GRDB

/// Keeps `mart_month` — counts per month × school × categorie × locatie × politie, incidents and
/// aggregated deliveries together — equal to what the stored data says. Incremental: only the
/// (school, month) pairs that deliveries since the last build touched are recomputed (a changed
/// datum touches its old and its new month; a retraction its month). A new reference load, or
/// no earlier build, rebuilds everything. Nothing new: one small read, nothing written.
public enum MartBuilder {
    public struct Result: Sendable, Equatable {
        public enum Kind: String, Sendable { case full = "volledig", incremental = "bijgewerkt", unchanged = "ongewijzigd" }
        public let kind: Kind
        /// (school, month) pairs recomputed (incremental), 0 otherwise.
        public let pairs: Int
        public let rows: Int
    }

    static let facts = """
        SELECT substr(datum, 1, 7) AS maand, school_code, categorie, locatie, politie, 1 AS n FROM incident
        UNION ALL
        SELECT maand, school_code, categorie, locatie, politie, aantal FROM aggregate_count
        """

    /// The full rebuild, as one SQL text (the benchmark runs the same text in the `sqlite3` tool).
    public static let rebuildSQL = """
        DELETE FROM mart_month;
        INSERT INTO mart_month(maand, school_code, categorie, locatie, politie, aantal)
        SELECT maand, school_code, categorie, locatie, politie, sum(n)
          FROM (\(facts))
         GROUP BY school_code, maand, categorie, locatie, politie HAVING sum(n) > 0;
        """

    public static func refresh(_ database: SchoolveiligDatabase, full forced: Bool = false) throws -> Result {
        try database.pool.write { db in
            let reference = try ReferenceStore.hash(db)
            let lastDelivery = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM delivery") ?? 0
            let meta = try Row.fetchOne(db, sql: "SELECT last_delivery_id, reference_sha256 FROM mart_meta WHERE id = 1")
            let builtUpTo: Int64? = meta?["last_delivery_id"]
            let builtReference: String? = meta?["reference_sha256"]
            let result: Result
            if forced || builtUpTo == nil || builtReference != reference {
                try db.execute(sql: rebuildSQL)
                result = Result(kind: .full, pairs: 0, rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM mart_month") ?? 0)
            } else if builtUpTo == lastDelivery {
                return Result(kind: .unchanged, pairs: 0, rows: 0)
            } else {
                try db.execute(
                    sql: """
                        CREATE TEMP TABLE IF NOT EXISTS mart_pairs(school_code TEXT NOT NULL, maand TEXT NOT NULL, PRIMARY KEY (school_code, maand)) WITHOUT ROWID;
                        DELETE FROM mart_pairs;
                        """)
                try db.execute(
                    sql: "INSERT OR IGNORE INTO mart_pairs SELECT school_code, maand FROM delivery_month WHERE delivery_id > ?",
                    arguments: [builtUpTo!])
                let pairs = try Int.fetchOne(db, sql: "SELECT count(*) FROM mart_pairs") ?? 0
                try db.execute(sql: "DELETE FROM mart_month WHERE (school_code, maand) IN (SELECT school_code, maand FROM mart_pairs)")
                // Each pair's incidents through the primary key's school prefix, filtered on the month.
                try db.execute(
                    sql: """
                        INSERT INTO mart_month(maand, school_code, categorie, locatie, politie, aantal)
                        SELECT maand, school_code, categorie, locatie, politie, sum(n) FROM (
                            SELECT p.maand, i.school_code, i.categorie, i.locatie, i.politie, 1 AS n
                              FROM mart_pairs p CROSS JOIN incident i
                             WHERE i.school_code = p.school_code AND substr(i.datum, 1, 7) = p.maand
                            UNION ALL
                            SELECT a.maand, a.school_code, a.categorie, a.locatie, a.politie, a.aantal
                              FROM mart_pairs p CROSS JOIN aggregate_count a
                             WHERE a.school_code = p.school_code AND a.maand = p.maand)
                         GROUP BY school_code, maand, categorie, locatie, politie HAVING sum(n) > 0
                        """)
                result = Result(kind: .incremental, pairs: pairs, rows: db.changesCount)
            }
            try db.execute(
                sql: """
                    INSERT INTO mart_meta(id, last_delivery_id, reference_sha256, built_at) VALUES (1, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET last_delivery_id = excluded.last_delivery_id,
                        reference_sha256 = excluded.reference_sha256, built_at = excluded.built_at
                    """, arguments: [lastDelivery, reference, Clock.timestamp()])
            return result
        }
    }

    /// The whole mart as sorted text lines, for comparisons.
    public static func snapshot(_ database: SchoolveiligDatabase) throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT maand || '|' || school_code || '|' || categorie || '|' || locatie || '|' || politie || '|' || aantal
                      FROM mart_month ORDER BY school_code, maand, categorie, locatie, politie
                    """)
        }
    }
}
