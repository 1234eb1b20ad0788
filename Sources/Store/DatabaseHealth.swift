import Domain
import Foundation
import GRDB

/// What an operator checks first: how large the database is (with its WAL) and whether SQLite
/// finds it sound (`PRAGMA quick_check`).
public struct DatabaseHealth: Sendable, Equatable {
    public let bytes: Int64
    public let walBytes: Int64
    /// `["ok"]` when sound; otherwise SQLite's findings (at most 20).
    public let quickCheck: [String]

    public var isSound: Bool { quickCheck == ["ok"] }

    public static func check(_ database: SchoolveiligDatabase) throws -> DatabaseHealth {
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        let findings = try database.pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check(20)") }
        return DatabaseHealth(bytes: size(database.path), walBytes: size(database.path + "-wal"), quickCheck: findings)
    }

    /// SQLite's full check (`PRAGMA integrity_check`): `["ok"]` when sound, else at most 20 findings.
    public static func integrityCheck(_ database: SchoolveiligDatabase) throws -> [String] {
        try database.pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check(20)") }
    }

    /// Proves the database can be written, without changing it (a temporary table made and dropped).
    public static func probeWrite(_ database: SchoolveiligDatabase) throws {
        try database.pool.write { db in try db.execute(sql: "CREATE TEMP TABLE doctor_probe(x); DROP TABLE doctor_probe") }
    }

    /// `PRAGMA quick_check` on the file at `path` through a plain connection of its own, before
    /// the database is opened for work: opening the pool already writes (GRDB creates and drops
    /// a table to set up the WAL), which a damaged file must not get.
    public static func quickCheck(path: String) -> [String] {
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { try String.fetchAll($0, sql: "PRAGMA quick_check(20)") }
        } catch {
            return ["\(error)"]
        }
    }

    /// Refuses a damaged database before a command writes into it (exit 1, nothing written), and
    /// says what to do: put the last good backup back with `restore`.
    public static func requireSound(path: String) throws {
        let findings = quickCheck(path: path)
        guard findings != ["ok"] else { return }
        throw FailureError(damaged(path, findings))
    }

    /// The Dutch message for a damaged database.
    public static func damaged(_ path: String, _ findings: [String]) -> String {
        "de database \(path) is beschadigd (PRAGMA quick_check: \(findings.first ?? "onbekend")); er is niets geschreven. Zet de laatste goede reservekopie terug met 'schoolveilig restore RESERVEKOPIE --replace' en controleer met 'schoolveilig status'."
    }

    /// `12.3 MB` (decimal units, a point: the operator's terminal, not a pack).
    public static func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 500_000) / 1_000_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
