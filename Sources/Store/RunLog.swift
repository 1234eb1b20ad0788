import Domain
import Foundation
import GRDB

/// The port of the run log: runs of `schoolveilig run` and their stages (start, end, status,
/// rows, message), and the files a run refused. Each record is its own small transaction, so a
/// failed stage leaves the earlier stages' results and their log behind, and a run can be
/// resumed from the failed stage.
public protocol RunLogStore: Sendable {
    /// Records a run that starts now; returns its number.
    func startRun(pipeline: String, parameters: [String: String], asOf: Day) throws -> Int64
    func stageStarted(run: Int64, stage: String, position: Int) throws
    func stageFinished(run: Int64, stage: String, status: String, rows: Int, message: String) throws
    func finishRun(_ run: Int64, status: String) throws
    /// Notes a file a run refused for its content (kept aside for the operator by `archive`).
    /// Notes a file refused for its content: its hash, the school it came for (when known), its
    /// header and the reason, both already masked by the caller. Never the file or its name.
    func noteRejected(sha256: String, school: String?, maskedHeader: [String], maskedReason: String) throws
    /// Forgets rejected files noted before `cutoff`; the count.
    func purgeRejected(before cutoff: Date) throws -> Int
    /// The latest as-of date of an earlier run of `pipeline`, if any.
    func latestRunAsOf(pipeline: String) throws -> Day?
}

/// One run in the run log.
public struct RunLog: Sendable {
    public let store: any RunLogStore
    public let runId: Int64

    public static func start(pipeline: String, parameters: [String: String], asOf: Day, in store: any RunLogStore) throws -> RunLog {
        RunLog(store: store, runId: try store.startRun(pipeline: pipeline, parameters: parameters, asOf: asOf))
    }

    public func stageStarted(_ stage: String, position: Int) throws {
        try store.stageStarted(run: runId, stage: stage, position: position)
    }

    public func stageFinished(_ stage: String, status: String, rows: Int, message: String) throws {
        try store.stageFinished(run: runId, stage: stage, status: status, rows: rows, message: message)
    }

    public func finish(status: String) throws {
        try store.finishRun(runId, status: status)
    }

    /// Notes a file refused for its content: its hash, the school it came for (when known), its
    /// header and the reason, both already masked by the caller. Never the file or its name.
    public static func noteRejected(
        sha256: String, school: String?, maskedHeader: [String], maskedReason: String,
        in store: any RunLogStore
    ) throws {
        try store.noteRejected(sha256: sha256, school: school, maskedHeader: maskedHeader, maskedReason: maskedReason)
    }

    /// Forgets rejected files noted before `cutoff` (their `rejected_days` are over); the count.
    public static func purgeRejected(before cutoff: Date, in store: any RunLogStore) throws -> Int {
        try store.purgeRejected(before: cutoff)
    }
}

extension SchoolveiligDatabase: RunLogStore {
    public func latestRunAsOf(pipeline: String) throws -> Day? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT max(as_of) FROM pipeline_run WHERE pipeline = ?", arguments: [pipeline]).flatMap {
                Day(iso: $0)
            }
        }
    }

    public func startRun(pipeline: String, parameters: [String: String], asOf: Day) throws -> Int64 {
        let text = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return try pool.write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO pipeline_run(pipeline, parameters, as_of, started_at, status) VALUES (?, ?, ?, ?, 'bezig')",
                arguments: [pipeline, text, asOf.description, Clock.timestamp()])
            return db.lastInsertedRowID
        }
    }

    public func stageStarted(run: Int64, stage: String, position: Int) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO pipeline_stage(run_id, stage, started_at, status, position) VALUES (?, ?, ?, 'bezig', ?)",
                arguments: [run, stage, Clock.timestamp(), position])
        }
    }

    public func stageFinished(run: Int64, stage: String, status: String, rows: Int, message: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE pipeline_stage SET finished_at = ?, status = ?, rows = ?, message = ? WHERE run_id = ? AND stage = ?",
                arguments: [Clock.timestamp(), status, rows, message, run, stage])
        }
    }

    public func finishRun(_ run: Int64, status: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE pipeline_run SET finished_at = ?, status = ? WHERE id = ?", arguments: [Clock.timestamp(), status, run])
        }
    }

    public func noteRejected(sha256: String, school: String?, maskedHeader: [String], maskedReason: String) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO rejected_file(sha256, school_code, header, reason, rejected_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(sha256) DO UPDATE SET school_code = excluded.school_code, header = excluded.header,
                           reason = excluded.reason, rejected_at = excluded.rejected_at
                    """, arguments: [sha256, school ?? "", maskedHeader.joined(separator: ","), maskedReason, Clock.timestamp()])
        }
    }

    public func purgeRejected(before cutoff: Date) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM rejected_file WHERE rejected_at < ?", arguments: [Clock.timestamp(cutoff)])
            return db.changesCount
        }
    }
}
