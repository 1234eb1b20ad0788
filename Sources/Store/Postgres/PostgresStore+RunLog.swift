import Domain
import Foundation

extension PostgresStore: RunLogStore, ReleaseRegisters, RetentionStore {
    public func latestRunAsOf(pipeline: String) throws -> Day? {
        try session.string("SELECT max(as_of) FROM pipeline_run WHERE pipeline = ?", [pipeline]).flatMap { Day(iso: $0) }
    }

    public func startRun(pipeline: String, parameters: [String: String], asOf: Day) throws -> Int64 {
        let text = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return Int64(
            try session.int(
                "INSERT INTO pipeline_run(pipeline, parameters, as_of, started_at, status) VALUES (?, ?, ?, ?, 'bezig') RETURNING id",
                [pipeline, text, asOf.description, Clock.timestamp()]) ?? 0)
    }

    public func stageStarted(run: Int64, stage: String, position: Int) throws {
        try session.execute(
            "INSERT INTO pipeline_stage(run_id, stage, started_at, status, position) VALUES (?, ?, ?, 'bezig', ?)",
            [run, stage, Clock.timestamp(), position])
    }

    public func stageFinished(run: Int64, stage: String, status: String, rows: Int, message: String) throws {
        try session.execute(
            "UPDATE pipeline_stage SET finished_at = ?, status = ?, rows = ?, message = ? WHERE run_id = ? AND stage = ?",
            [Clock.timestamp(), status, rows, message, run, stage])
    }

    public func finishRun(_ run: Int64, status: String) throws {
        try session.execute("UPDATE pipeline_run SET finished_at = ?, status = ? WHERE id = ?", [Clock.timestamp(), status, run])
    }

    public func noteRejected(sha256: String, school: String?, maskedHeader: [String], maskedReason: String) throws {
        try session.execute(
            """
            INSERT INTO rejected_file(sha256, school_code, header, reason, rejected_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(sha256) DO UPDATE SET school_code = excluded.school_code, header = excluded.header,
                   reason = excluded.reason, rejected_at = excluded.rejected_at
            """, [sha256, school ?? "", maskedHeader.joined(separator: ","), maskedReason, Clock.timestamp()])
    }

    public func purgeRejected(before cutoff: Date) throws -> Int {
        try session.execute("DELETE FROM rejected_file WHERE rejected_at < ?", [Clock.timestamp(cutoff)])
    }

    // MARK: ReleaseRegisters

    public func releaseRegisters(audience: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for row in try session.rows(
            "SELECT audience, register FROM release_register WHERE left(audience, ?::int) = ?", [audience.count + 1, audience + "#"])
        {
            result[String(row.string(0).dropFirst(audience.count + 1))] = Data(row.string(1).utf8)
        }
        return result
    }

    public func saveReleaseRegisters(_ registers: [String: Data], audience: String) throws {
        try session.transaction {
            for (group, register) in registers.sorted(by: { $0.key < $1.key }) {
                try session.execute(
                    """
                    INSERT INTO release_register(audience, register, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(audience) DO UPDATE SET register = excluded.register, updated_at = excluded.updated_at
                    """, ["\(audience)#\(group)", String(decoding: register, as: UTF8.self), Clock.timestamp()])
            }
        }
    }

    // MARK: RetentionStore

    /// As `SchoolveiligDatabase.applyRetention`, in one transaction.
    public func applyRetention(_ policy: Retention.Policy, asOf: Day, dryRun: Bool) throws -> Retention.Summary {
        let before = policy.incidentsKeptFrom(asOf: asOf)
        let quarantineCutoff = Clock.timestamp(Date().addingTimeInterval(-Double(policy.quarantineDays) * 86_400))
        let runCutoff = Clock.timestamp(Date().addingTimeInterval(-Double(policy.runLogDays) * 86_400))
        return try session.transaction {
            let cutoff = before.description
            let incidents = try session.int("SELECT count(*) FROM incident WHERE datum < ?", [cutoff]) ?? 0
            let cells =
                try session.int(
                    """
                    SELECT count(*) FROM (SELECT 1 FROM incident WHERE datum < ? GROUP BY school_code, substr(datum, 1, 7), categorie, locatie, politie) g
                    """, [cutoff]) ?? 0
            let oldDeliveries = "SELECT id FROM delivery WHERE received_at < ?"
            let quarantine =
                try session.int("SELECT count(*) FROM quarantine WHERE delivery_id IN (\(oldDeliveries))", [quarantineCutoff]) ?? 0
            let retries =
                try session.int(
                    "SELECT count(*) FROM quarantine_retry WHERE delivery_id IN (\(oldDeliveries)) OR datum < ?",
                    [quarantineCutoff, cutoff])
                ?? 0
            let retractions = try session.int("SELECT count(*) FROM retraction WHERE datum < ?", [cutoff]) ?? 0
            let runs = try session.int("SELECT count(*) FROM pipeline_run WHERE started_at < ? AND status <> 'bezig'", [runCutoff]) ?? 0
            let summary = Retention.Summary(
                incidentsBefore: before, incidentsFolded: incidents, monthlyCells: cells, quarantineLines: quarantine,
                retriesDropped: retries, retractionsDropped: retractions, runsDropped: runs)
            guard !dryRun else { return summary }
            if incidents > 0 {
                let last = try session.int("SELECT coalesce(max(id), 0) FROM delivery") ?? 0
                let folding = try PostgresNumbers.next(in: "delivery", session)
                try session.execute(
                    """
                    INSERT INTO delivery(id, sha256, identity, size, received_at, as_of, dialect, status)
                    VALUES (?, '', ?, 0, ?, ?, ?, 'samengevoegd')
                    """,
                    [
                        folding, "bewaartermijn:\(cutoff):\(last)", Clock.timestamp(), asOf.description,
                        "bewaartermijn: incidenten vóór \(cutoff)",
                    ])
                try session.execute(
                    """
                    INSERT INTO aggregate_count(school_code, maand, categorie, locatie, politie, aantal, delivery_id, line)
                    SELECT school_code, substr(datum, 1, 7), categorie, locatie, politie, count(*), ?, 0 FROM incident WHERE datum < ?
                     GROUP BY school_code, substr(datum, 1, 7), categorie, locatie, politie
                    ON CONFLICT(school_code, maand, categorie, locatie, politie) DO UPDATE SET aantal = aggregate_count.aantal + excluded.aantal
                    """, [folding, cutoff])
                try session.execute(
                    """
                    INSERT INTO delivery_month(delivery_id, school_code, maand)
                    SELECT DISTINCT ?::bigint, school_code, substr(datum, 1, 7) FROM incident WHERE datum < ?
                    ON CONFLICT DO NOTHING
                    """, [folding, cutoff])
                try session.execute("UPDATE delivery SET rows_new = ? WHERE id = ?", [cells, folding])
                try session.execute("DELETE FROM incident WHERE datum < ?", [cutoff])
            }
            try session.execute("DELETE FROM retraction WHERE datum < ?", [cutoff])
            try session.execute(
                "DELETE FROM quarantine_retry WHERE delivery_id IN (\(oldDeliveries)) OR datum < ?", [quarantineCutoff, cutoff])
            try session.execute("DELETE FROM quarantine WHERE delivery_id IN (\(oldDeliveries))", [quarantineCutoff])
            try session.execute("DELETE FROM pipeline_run WHERE started_at < ? AND status <> 'bezig'", [runCutoff])
            try session.execute(
                """
                INSERT INTO retention_meta(id, incidents_before, applied_at) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET incidents_before = greatest(retention_meta.incidents_before, excluded.incidents_before),
                    applied_at = excluded.applied_at
                """, [cutoff, Clock.timestamp()])
            return summary
        }
    }
}
