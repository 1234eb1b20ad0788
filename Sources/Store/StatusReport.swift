import Domain
import GRDB

/// What `status` shows: the reference data in use and the deliveries and rows stored.
public struct StatusReport: Sendable {
    public let text: String
    /// `PRAGMA quick_check` found nothing wrong.
    public let isSound: Bool

    public static func read(from database: SchoolveiligDatabase, recent: Int, missing: [String] = []) throws -> StatusReport {
        let health = try DatabaseHealth.check(database)
        return try database.pool.read { db in
            var lines: [String] = [
                "database: \(database.path), \(DatabaseHealth.megabytes(health.bytes)) (WAL \(DatabaseHealth.megabytes(health.walBytes))); controle: \(health.isSound ? "in orde" : "FOUT: " + health.quickCheck.joined(separator: "; "))"
            ]
            if let meta = try ReferenceStore.meta(db) {
                lines.append("referentiegegevens: \(meta.source), geladen \(meta.loadedAt), hash \(meta.sha256.prefix(12))")
            } else {
                lines.append("referentiegegevens: nog niet geladen (schoolveilig reference load MAP)")
            }
            let scholen = try Int.fetchOne(db, sql: "SELECT count(*) FROM school") ?? 0
            let categorieen = try Int.fetchOne(db, sql: "SELECT count(*) FROM categorie") ?? 0
            let incidenten = try Int.fetchOne(db, sql: "SELECT count(*) FROM incident") ?? 0
            let leveringen = try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery") ?? 0
            let quarantaine = try Int.fetchOne(db, sql: "SELECT count(DISTINCT delivery_id || ':' || line) FROM quarantine") ?? 0
            let opgelost =
                try Int.fetchOne(db, sql: "SELECT count(DISTINCT delivery_id || ':' || line) FROM quarantine WHERE resolved_by IS NOT NULL")
                ?? 0
            let wachtend = try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine_retry") ?? 0
            let redenen = try Row.fetchAll(
                db,
                sql: """
                    SELECT reden, count(*) AS n FROM quarantine WHERE resolved_by IS NULL GROUP BY reden ORDER BY n DESC, reden LIMIT 8
                    """)
            let geweigerd = try Int.fetchOne(db, sql: "SELECT count(*) FROM rejected_file") ?? 0
            let range = try Row.fetchOne(db, sql: "SELECT min(datum) AS a, max(datum) AS b FROM incident")
            lines.append("scholen: \(scholen), categorieën: \(categorieen)")
            lines.append("leveringen: \(leveringen), incidenten: \(incidenten)")
            lines.append(
                "quarantaine: \(quarantaine) regels, waarvan \(opgelost) opgelost na een nieuwe poging; \(wachtend) wachten op referentiegegevens (schoolveilig quarantine retry); geweigerde bestanden: \(geweigerd)"
            )
            for row in redenen { lines.append("  \(row["n"] as Int) × \(row["reden"] as String)") }
            if geweigerd > 0 {
                lines.append("geweigerde bestanden (niet bewaard; vraag de school ze verbeterd opnieuw te sturen):")
                lines += try RunLog.rejectedFiles(in: db)
            }
            if let first: String = range?["a"], let last: String = range?["b"] {
                lines.append("incidentdata: \(first) t/m \(last)")
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, sha256, schools, period, received_at, dialect, rows_retracted, rows_read, rows_new, rows_updated, rows_unchanged, rows_quarantined, dropped_columns
                      FROM delivery ORDER BY id DESC LIMIT ?
                    """, arguments: [recent])
            let runs = try RunLog.lastRuns(in: db)
            lines.append(runs.isEmpty ? "laatste runs: nog geen (schoolveilig run nightly)" : "laatste run per pijplijn:")
            lines += runs.map { "  " + $0 }
            lines += missing
            if !rows.isEmpty { lines.append("recente leveringen:") }
            for row in rows {
                let dialect: String = row["dialect"]
                let schools: String = row["schools"], period: String = row["period"], sha256: String = row["sha256"]
                var identification = [
                    schools.isEmpty ? nil : "school \(schools)", period.isEmpty ? nil : "periode \(period)",
                    sha256.isEmpty ? nil : "sha256 \(sha256.prefix(12))",
                ].compactMap { $0 }.joined(separator: ", ")
                if identification.isEmpty { identification = "-" }
                var line =
                    "  [\(row["id"] as Int64)] \(row["received_at"] as String)  \(identification)\(dialect.isEmpty ? "" : " (\(dialect))"): \(row["rows_read"] as Int) gelezen, \(row["rows_new"] as Int) nieuw, \(row["rows_updated"] as Int) bijgewerkt, \(row["rows_unchanged"] as Int) ongewijzigd, \(row["rows_quarantined"] as Int) in quarantaine"
                let retracted: Int = row["rows_retracted"]
                if retracted > 0 { line += ", \(retracted) ingetrokken" }
                let dropped: String = row["dropped_columns"]
                if !dropped.isEmpty { line += "; niet opgeslagen: \(dropped)" }
                lines.append(line)
            }
            return StatusReport(text: lines.joined(separator: "\n") + "\n", isSound: health.isSound)
        }
    }
}
