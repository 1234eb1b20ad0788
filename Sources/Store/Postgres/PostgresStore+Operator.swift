import Domain
import Foundation

/// `status`, `quarantine report`, `quarantine retry` and `context load` on the shared store: the
/// same records as SQLite gives, in the same order and with the same numbering.
extension PostgresStore: OperatorStore {
    /// The URL without password, the size of the store's tables and the server's version; sound
    /// when the schema is current (the server itself keeps its pages consistent).
    public func storeHealth() throws -> StoreHealth {
        let bytes =
            try session.int(
                """
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """) ?? 0
        let version = try session.string("SHOW server_version").map { String($0.prefix { $0 != " " }) } ?? "?"
        let findings =
            try isCurrent()
            ? ["ok"] : ["het schema is ouder dan deze versie van schoolveilig (een opdracht die schrijft werkt het bij)"]
        return StoreHealth(
            location: location.display, size: "\(DatabaseHealth.megabytes(Int64(bytes))) aan tabellen, PostgreSQL \(version)",
            findings: findings)
    }

    public func statusFacts(recent: Int) throws -> StatusFacts {
        // One snapshot: every count and list from the same moment, as SQLite's one read transaction.
        try session.transaction {
            try session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var facts = StatusFacts()
            facts.reference = try referenceMeta()
            facts.schools = try session.int("SELECT count(*) FROM school") ?? 0
            facts.categories = try session.int("SELECT count(*) FROM categorie") ?? 0
            facts.incidents = try session.int("SELECT count(*) FROM incident") ?? 0
            facts.deliveries = try session.int("SELECT count(*) FROM delivery") ?? 0
            facts.quarantinedLines = try session.int("SELECT count(*) FROM (SELECT DISTINCT delivery_id, line FROM quarantine) q") ?? 0
            facts.resolvedLines =
                try session.int("SELECT count(*) FROM (SELECT DISTINCT delivery_id, line FROM quarantine WHERE resolved_by IS NOT NULL) q")
                ?? 0
            facts.waitingForRetry = try session.int("SELECT count(*) FROM quarantine_retry") ?? 0
            facts.reasons = try session.rows(
                "SELECT reden, count(*) AS n FROM quarantine WHERE resolved_by IS NULL GROUP BY reden ORDER BY n DESC, reden LIMIT 8"
            ).map { StatusFacts.ReasonCount(reason: $0.string(0), count: $0.int(1)) }
            facts.rejected = try session.rows(
                "SELECT sha256, school_code, header, reason, rejected_at FROM rejected_file ORDER BY rejected_at DESC, sha256"
            ).map {
                StatusFacts.RejectedFileNote(
                    sha256: $0.string(0), schoolCode: $0.string(1), header: $0.string(2), reason: $0.string(3), rejectedAt: $0.string(4))
            }
            if let range = try session.one("SELECT min(datum), max(datum) FROM incident"), let first = range.optionalString(0),
                let last = range.optionalString(1)
            {
                facts.incidentDates = StatusFacts.DateSpan(first: first, last: last)
            }
            facts.recentDeliveries = try session.rows(
                "SELECT \(StatusFacts.deliveryColumns) FROM delivery ORDER BY id DESC LIMIT ?", [recent]
            ).map {
                StatusFacts.DeliverySummary(
                    id: $0.int64(0), sha256: $0.string(1), schools: $0.string(2), period: $0.string(3), receivedAt: $0.string(4),
                    dialect: $0.string(5), droppedColumns: $0.string(12), rowsRead: $0.int(7), rowsNew: $0.int(8),
                    rowsUpdated: $0.int(9), rowsUnchanged: $0.int(10), rowsQuarantined: $0.int(11), rowsRetracted: $0.int(6))
            }
            let stages = Dictionary(
                grouping: try session.rows(
                    """
                    SELECT run_id, stage || ' ' || status || ' (' || rows || ')' FROM pipeline_stage
                     WHERE run_id IN (SELECT max(id) FROM pipeline_run GROUP BY pipeline) ORDER BY run_id, position
                    """), by: { $0.int64(0) })
            facts.lastRuns = try session.rows(StatusFacts.lastRunsQuery).map { row in
                StatusFacts.RunSummary(
                    pipeline: row.string("pipeline"), startedAt: row.string("started_at"), finishedAt: row.string("finished_at"),
                    status: row.string("status"), stages: (stages[Int64(row.int("id"))] ?? []).compactMap { $0.optionalString(1) },
                    lastGood: row.optionalString("last_good"))
            }
            return facts
        }
    }

    public func quarantinedDeliveries(id: Int64?) throws -> [QuarantineReport.Delivery] {
        try session.rows(
            """
            SELECT id, schools, received_at, rows_quarantined FROM delivery
             WHERE rows_quarantined > 0 AND (?1::bigint IS NULL OR id = ?1::bigint)
             ORDER BY id DESC
            """, [id]
        ).map { QuarantineReport.Delivery(id: $0.int64(0), schools: $0.string(1), receivedAt: $0.string(2), quarantinedLines: $0.int(3)) }
    }

    public func quarantineLines(ofDelivery id: Int64) throws -> [QuarantineLine] {
        try session.rows(QuarantineReport.linesQuery, [id]).map {
            QuarantineLine(line: $0.int(0), column: $0.string(1), reason: $0.string(2), maskedValue: $0.string(3))
        }
    }

    /// As SQLite's, in one transaction, with the retry delivery numbered next after the highest.
    public func retryQuarantine(asOf: Day) throws -> QuarantineRetry.Result {
        try session.transaction {
            var result = QuarantineRetry.Result()
            let known = Set(try session.rows("SELECT code FROM school").map { $0.string(0) })
            let rows = try session.rows(
                """
                SELECT delivery_id, line, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst
                  FROM quarantine_retry ORDER BY delivery_id, line
                """)
            let ready = rows.filter { known.contains($0.string(2)) }
            result.waiting = rows.count - ready.count
            guard !ready.isEmpty else { return result }
            let delivery = QuarantineRetry.delivery(retrying: ready.map { $0.int64(0) }, asOf: asOf)
            let retryDelivery = try PostgresNumbers.next(in: "delivery", session)
            try session.execute(
                """
                INSERT INTO delivery(id, sha256, identity, size, received_at, as_of, dialect, status, rows_read)
                VALUES (?, '', ?, 0, ?, ?, ?, 'verwerkt', ?)
                """, [retryDelivery, delivery.identity, delivery.receivedAt, asOf.description, delivery.dialect, ready.count])
            for row in ready {
                let (deliveryId, line, school, incident) = (row.int64(0), row.int(1), row.string(2), row.string(3))
                let exists =
                    try session.int("SELECT count(*) FROM incident WHERE school_code = ? AND incident_id = ?", [school, incident]) ?? 0
                if exists > 0 {
                    result.superseded += 1
                } else {
                    try session.execute(
                        """
                        INSERT INTO incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            school, incident, row.string(4), row.string(5), row.string(6), row.string(7), row.string(8), row.string(9),
                            retryDelivery, line,
                        ])
                    result.stored += 1
                    try session.execute(
                        "INSERT INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, substr(?, 1, 7)) ON CONFLICT DO NOTHING",
                        [retryDelivery, school, row.string(4)])
                }
                try session.execute(
                    "UPDATE quarantine SET resolved_by = ? WHERE delivery_id = ? AND line = ?", [retryDelivery, deliveryId, line])
                try session.execute("DELETE FROM quarantine_retry WHERE delivery_id = ? AND line = ?", [deliveryId, line])
            }
            try session.execute(
                "UPDATE delivery SET rows_new = ?, rows_unchanged = ? WHERE id = ?", [result.stored, result.superseded, retryDelivery])
            return result
        }
    }

    /// As SQLite's, in one transaction; the load numbered next after the highest.
    public func replaceContext(series: String, cells: [ContextStore.Cell], sourceFile: String, sha256: String) throws -> Int {
        try session.transaction {
            let months = Set(cells.map(\.maand)).sorted()
            try session.execute("DELETE FROM context_count WHERE series = ? AND maand = ANY(?)", [series, months])
            let load = try PostgresNumbers.next(in: "context_load", session)
            try session.execute(
                "INSERT INTO context_load(id, series, file_name, sha256, loaded_at, cells) VALUES (?, ?, ?, ?, ?, ?)",
                [load, series, sourceFile, sha256, Clock.timestamp(), cells.count])
            let batch = 5_000
            for start in stride(from: 0, to: cells.count, by: batch) {
                let part = cells[start..<min(start + batch, cells.count)]
                try session.execute(
                    """
                    INSERT INTO context_count(series, wijk_code, maand, soort, aantal, load_id)
                    SELECT ?, w, m, s, a, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) AS u(w, m, s, a)
                    """, [series, load, part.map(\.wijkCode), part.map(\.maand), part.map(\.soort), part.map { Int64($0.aantal) }])
            }
            return months.count
        }
    }
}
