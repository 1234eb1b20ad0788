import Domain
import Foundation

/// The run locks of a PostgreSQL store, as session-level advisory locks: held by the store's
/// connection until it closes, so a killed process never leaves one behind (as `flock` for
/// SQLite). Never waited for: a lock another operator holds ends the command with 75.
///
/// - `.store`: everything (reference load, `run`, an ingest of all schools, restore).
/// - `.school(code)`: an ingest of one school (`ingest --school`): the store lock shared, the
///   school's own lock exclusive — operators may ingest different schools at once.
/// - `.publishing`: publishing packs and purging (the release registers and retention), with the
///   store lock shared.
public enum PostgresLockScope: Sendable, Equatable {
    case store
    case school(String)
    case publishing
}

enum PostgresLocks {
    /// Held for the length of one migration transaction.
    static let migrationKey = key("migrate")
    /// Held from numbering a delivery to its commit (see `PostgresNumbers`).
    static let numberingKey = key("numbering")

    /// A stable 64-bit key (FNV-1a) for a lock name, per schema.
    static func key(_ name: String, schema: String = "") -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "schoolveilig:\(schema):\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}

extension PostgresStore {
    /// Takes the locks of `scope` without waiting; `false` (nothing held) when another session holds one.
    public func tryLock(_ scope: PostgresLockScope) throws -> Bool {
        let schema = location.schema
        let store = PostgresLocks.key("store", schema: schema)
        let own: Int64
        switch scope {
        case .store:
            return try session.int("SELECT pg_try_advisory_lock(?)::int", [store]) == 1
        case .school(let code): own = PostgresLocks.key("school:\(code)", schema: schema)
        case .publishing: own = PostgresLocks.key("publishing", schema: schema)
        }
        guard try session.int("SELECT pg_try_advisory_lock_shared(?)::int", [store]) == 1 else { return false }
        if try session.int("SELECT pg_try_advisory_lock(?)::int", [own]) == 1 { return true }
        try session.execute("SELECT pg_advisory_unlock_shared(?)", [store])
        return false
    }

    /// Releases every advisory lock this store's session holds.
    public func unlockAll() throws {
        try session.execute("SELECT pg_advisory_unlock_all()")
    }
}

/// Row numbers as SQLite gives them: the next after the highest (`INTEGER PRIMARY KEY`), never
/// a sequence that a rolled-back transaction leaves a gap in. Taken under a transaction-level
/// advisory lock, held until the transaction ends, so two operators' ingests number their
/// deliveries one after the other (their writing phases take turns; reading and checking a
/// file, the long part, runs side by side).
enum PostgresNumbers {
    static func next(in table: String, _ session: PostgresSession) throws -> Int64 {
        try session.execute("SELECT pg_advisory_xact_lock(?)", [PostgresLocks.numberingKey])
        return Int64(try session.int("SELECT coalesce(max(id), 0) + 1 FROM \(table)") ?? 1)
    }
}
