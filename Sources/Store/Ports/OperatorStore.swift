import Domain
import Foundation
import GRDB

/// The port through which the operator's own commands read and change the store: `status`,
/// `quarantine report`, `quarantine retry` and `context load`. Each store answers with the same
/// typed records; the Dutch text is made from them in one place (`StatusReport`,
/// `QuarantineReport`), so `status` reads the same on SQLite and on PostgreSQL.
public protocol OperatorStore: Sendable {
    /// Where the store is, how large, and whether it is sound, for the first line of `status`.
    func storeHealth() throws -> StoreHealth
    /// Everything `status` counts and lists, with the `recent` newest deliveries.
    func statusFacts(recent: Int) throws -> StatusFacts
    /// Deliveries with quarantined lines, newest first (or only the one with `id`).
    func quarantinedDeliveries(id: Int64?) throws -> [QuarantineReport.Delivery]
    /// The quarantined lines of one delivery, by line (and in the order they were noted).
    func quarantineLines(ofDelivery id: Int64) throws -> [QuarantineLine]
    /// Applies the rows held for an unknown school whose school the reference data now knows,
    /// as one delivery of their own, in one transaction (SPEC §2d).
    func retryQuarantine(asOf: Day) throws -> QuarantineRetry.Result
    /// Replaces a context series' counts for the months the load covers, in one transaction;
    /// the number of months replaced.
    func replaceContext(series: String, cells: [ContextStore.Cell], sourceFile: String, sha256: String) throws -> Int
}

/// The store's place and soundness: an SQLite file with its WAL and `PRAGMA quick_check`, or a
/// PostgreSQL database (the URL without password) with the size of its tables.
public struct StoreHealth: Sendable, Equatable {
    /// The path of the file, or the URL without its password.
    public let location: String
    /// `12.3 MB (WAL 0.1 MB)` for SQLite; `12.3 MB aan tabellen, PostgreSQL 15.8` for PostgreSQL.
    public let size: String
    /// `["ok"]` when sound; otherwise the findings.
    public let findings: [String]

    public var isSound: Bool { findings == ["ok"] }

    public init(location: String, size: String, findings: [String]) {
        self.location = location
        self.size = size
        self.findings = findings
    }
}

/// What `status` counts and lists, as records.
public struct StatusFacts: Sendable, Equatable {
    public var reference: ReferenceMeta?
    public var schools = 0
    public var categories = 0
    public var incidents = 0
    public var deliveries = 0
    /// Distinct (delivery, line) pairs in quarantine, and those a retry resolved.
    public var quarantinedLines = 0
    public var resolvedLines = 0
    /// Rows held until the reference data knows their school.
    public var waitingForRetry = 0
    /// The eight most frequent open reasons, most frequent first, then by reason.
    public var reasons: [ReasonCount] = []
    /// Files refused for their content, newest first.
    public var rejected: [RejectedFileNote] = []
    /// The first and last `datum` of the stored incidents.
    public var incidentDates: DateSpan?
    /// The newest deliveries, newest first.
    public var recentDeliveries: [DeliverySummary] = []
    /// Per pipeline its last run, by pipeline.
    public var lastRuns: [RunSummary] = []

    public init() {}

    public struct DateSpan: Sendable, Equatable {
        public let first: String
        public let last: String
    }

    public struct ReasonCount: Sendable, Equatable {
        public let reason: String
        public let count: Int
    }

    /// A rejected file as `status` names it: never the file or its name (SPEC §5).
    public struct RejectedFileNote: Sendable, Equatable {
        public let sha256: String
        public let schoolCode: String
        public let header: String
        public let reason: String
        public let rejectedAt: String
    }

    /// One delivery's line in `status`.
    public struct DeliverySummary: Sendable, Equatable {
        public let id: Int64
        public let sha256: String
        public let schools: String
        public let period: String
        public let receivedAt: String
        public let dialect: String
        public let droppedColumns: String
        public let rowsRead: Int
        public let rowsNew: Int
        public let rowsUpdated: Int
        public let rowsUnchanged: Int
        public let rowsQuarantined: Int
        public let rowsRetracted: Int
    }

    /// A pipeline's last run: its stages as `stage status (rows)` in order, and when the
    /// pipeline last finished well before it.
    public struct RunSummary: Sendable, Equatable {
        public let pipeline: String
        public let startedAt: String
        public let finishedAt: String
        public let status: String
        public let stages: [String]
        public let lastGood: String?
    }
}

/// One quarantined line as the school sees it: never a raw value, only the masked one.
public struct QuarantineLine: Sendable, Equatable {
    public let line: Int
    public let column: String
    public let reason: String
    public let maskedValue: String

    public init(line: Int, column: String, reason: String, maskedValue: String) {
        self.line = line
        self.column = column
        self.reason = reason
        self.maskedValue = maskedValue
    }
}

// MARK: - SQLite

extension SchoolveiligDatabase: OperatorStore {
    public func storeHealth() throws -> StoreHealth {
        let health = try DatabaseHealth.check(self)
        return StoreHealth(
            location: path, size: "\(DatabaseHealth.megabytes(health.bytes)) (WAL \(DatabaseHealth.megabytes(health.walBytes)))",
            findings: health.quickCheck)
    }

    public func statusFacts(recent: Int) throws -> StatusFacts {
        try pool.read { db in
            var facts = StatusFacts()
            facts.reference = try ReferenceStore.meta(db)
            facts.schools = try Int.fetchOne(db, sql: "SELECT count(*) FROM school") ?? 0
            facts.categories = try Int.fetchOne(db, sql: "SELECT count(*) FROM categorie") ?? 0
            facts.incidents = try Int.fetchOne(db, sql: "SELECT count(*) FROM incident") ?? 0
            facts.deliveries = try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery") ?? 0
            facts.quarantinedLines =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT DISTINCT delivery_id, line FROM quarantine)") ?? 0
            facts.resolvedLines =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT DISTINCT delivery_id, line FROM quarantine WHERE resolved_by IS NOT NULL)")
                ?? 0
            facts.waitingForRetry = try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine_retry") ?? 0
            facts.reasons = try Row.fetchAll(
                db,
                sql: "SELECT reden, count(*) AS n FROM quarantine WHERE resolved_by IS NULL GROUP BY reden ORDER BY n DESC, reden LIMIT 8"
            ).map { StatusFacts.ReasonCount(reason: $0["reden"], count: $0["n"]) }
            facts.rejected = try Row.fetchAll(
                db, sql: "SELECT sha256, school_code, header, reason, rejected_at FROM rejected_file ORDER BY rejected_at DESC, sha256"
            ).map {
                StatusFacts.RejectedFileNote(
                    sha256: $0["sha256"], schoolCode: $0["school_code"], header: $0["header"], reason: $0["reason"],
                    rejectedAt: $0["rejected_at"])
            }
            if let range = try Row.fetchOne(db, sql: "SELECT min(datum) AS a, max(datum) AS b FROM incident"),
                let first: String = range["a"], let last: String = range["b"]
            {
                facts.incidentDates = StatusFacts.DateSpan(first: first, last: last)
            }
            facts.recentDeliveries = try Row.fetchAll(
                db, sql: "SELECT \(StatusFacts.deliveryColumns) FROM delivery ORDER BY id DESC LIMIT ?", arguments: [recent]
            ).map {
                StatusFacts.DeliverySummary(
                    id: $0["id"], sha256: $0["sha256"], schools: $0["schools"], period: $0["period"], receivedAt: $0["received_at"],
                    dialect: $0["dialect"], droppedColumns: $0["dropped_columns"], rowsRead: $0["rows_read"], rowsNew: $0["rows_new"],
                    rowsUpdated: $0["rows_updated"], rowsUnchanged: $0["rows_unchanged"], rowsQuarantined: $0["rows_quarantined"],
                    rowsRetracted: $0["rows_retracted"])
            }
            let stages = Dictionary(
                grouping: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT run_id, stage || ' ' || status || ' (' || rows || ')' AS line FROM pipeline_stage
                         WHERE run_id IN (SELECT max(id) FROM pipeline_run GROUP BY pipeline) ORDER BY run_id, position
                        """), by: { $0["run_id"] as Int64 })
            facts.lastRuns = try Row.fetchAll(db, sql: StatusFacts.lastRunsQuery).map { row in
                StatusFacts.RunSummary(
                    pipeline: row["pipeline"], startedAt: row["started_at"], finishedAt: row["finished_at"], status: row["status"],
                    stages: (stages[row["id"] as Int64] ?? []).compactMap { $0["line"] as String? }, lastGood: row["last_good"])
            }
            return facts
        }
    }

    public func quarantinedDeliveries(id: Int64?) throws -> [QuarantineReport.Delivery] {
        try pool.read { db in
            try Row.fetchAll(db, sql: QuarantineReport.deliveriesQuery, arguments: [id]).map {
                QuarantineReport.Delivery(
                    id: $0["id"], schools: $0["schools"], receivedAt: $0["received_at"], quarantinedLines: $0["rows_quarantined"])
            }
        }
    }

    public func quarantineLines(ofDelivery id: Int64) throws -> [QuarantineLine] {
        try pool.read { db in
            try Row.fetchAll(db, sql: QuarantineReport.linesQuery, arguments: [id]).map {
                QuarantineLine(line: $0["line"], column: $0["kolom"], reason: $0["reden"], maskedValue: $0["waarde"])
            }
        }
    }

    public func retryQuarantine(asOf: Day) throws -> QuarantineRetry.Result {
        try pool.write { db in
            var result = QuarantineRetry.Result()
            let known = Set(try String.fetchAll(db, sql: "SELECT code FROM school"))
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM quarantine_retry ORDER BY delivery_id, line")
            let ready = rows.filter { known.contains($0["school_code"]) }
            result.waiting = rows.count - ready.count
            guard !ready.isEmpty else { return result }
            let delivery = QuarantineRetry.delivery(retrying: ready.map { $0["delivery_id"] as Int64 }, asOf: asOf)
            try db.execute(
                sql: """
                    INSERT INTO delivery(sha256, identity, size, received_at, as_of, dialect, status, rows_read)
                    VALUES ('', ?, 0, ?, ?, ?, 'verwerkt', ?)
                    """, arguments: [delivery.identity, delivery.receivedAt, asOf.description, delivery.dialect, ready.count])
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

    public func replaceContext(series: String, cells: [ContextStore.Cell], sourceFile: String, sha256: String) throws -> Int {
        try pool.write { db in
            let months = Set(cells.map(\.maand)).sorted()
            for month in months {
                try db.execute(sql: "DELETE FROM context_count WHERE series = ? AND maand = ?", arguments: [series, month])
            }
            try db.execute(
                sql: "INSERT INTO context_load(series, file_name, sha256, loaded_at, cells) VALUES (?, ?, ?, ?, ?)",
                arguments: [series, sourceFile, sha256, Clock.timestamp(), cells.count])
            let load = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: "INSERT INTO context_count(series, wijk_code, maand, soort, aantal, load_id) VALUES (?, ?, ?, ?, ?, ?)")
            for cell in cells {
                try insert.execute(arguments: [series, cell.wijkCode, cell.maand, cell.soort, cell.aantal, load])
            }
            return months.count
        }
    }
}

extension StatusFacts {
    /// The columns of a delivery's line in `status`, the same on both stores.
    static let deliveryColumns =
        "id, sha256, schools, period, received_at, dialect, rows_retracted, rows_read, rows_new, rows_updated, rows_unchanged, rows_quarantined, dropped_columns"

    /// Per pipeline its last run, and when it last finished well before that run; the same on both stores.
    static let lastRunsQuery = """
        SELECT r.id, r.pipeline, r.started_at, coalesce(r.finished_at, '') AS finished_at, r.status,
               (SELECT max(finished_at) FROM pipeline_run k WHERE k.pipeline = r.pipeline AND k.status LIKE 'klaar%' AND k.id < r.id) AS last_good
          FROM pipeline_run r
         WHERE r.id IN (SELECT max(id) FROM pipeline_run GROUP BY pipeline)
         ORDER BY r.pipeline
        """
}
