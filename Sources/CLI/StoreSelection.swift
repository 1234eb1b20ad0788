import Domain
import Foundation
import Store

/// Which store `--db` (or `SCHOOLVEILIG_DB`) names: a `postgresql://` URL selects the shared
/// PostgreSQL store, anything else is the path of an SQLite file.
extension DatabaseOptions {
    var isPostgres: Bool { PostgresLocation.isURL(path) }

    /// For the commands that work on either store (`reference load`, `ingest`, `run`, `purge`): opens
    /// the store, takes its lock (`scope` for PostgreSQL's advisory locks; the file lock for
    /// SQLite) or ends with 75, and migrates under it. A PostgreSQL database without
    /// schoolveilig's tables is only set up when `creating`, as a missing SQLite file.
    func openStoreForWriting(creating: Bool = false, scope: PostgresLockScope = .store) throws -> StoreWriter {
        guard isPostgres else {
            let writer = try openForWriting(creating: creating)
            return StoreWriter(store: writer.database, holder: writer.lock)
        }
        let store = try PostgresStore(url: path, access: .readWrite)
        guard try store.tryLock(scope) else { throw LockedError() }
        if !creating, try store.appliedMigrations().isEmpty {
            throw UsageError(
                "de PostgreSQL-database \(store.location.display) bevat nog geen gegevens van schoolveilig (een typfout in --db of SCHOOLVEILIG_DB?); de tabellen maakt 'schoolveilig reference load MAP', of geef --create. Er is niets gedaan."
            )
        }
        try store.migrate()
        return StoreWriter(store: store, holder: store)
    }

    /// For a command that only reads (`status`, `counts`, `quarantine report`, `context counts`):
    /// the store must exist and have the current schema; it is never migrated. An SQLite file is
    /// opened read-only; a PostgreSQL store is read in the session's own snapshots.
    func openStoreReadOnly() throws -> any PipelineStore {
        guard isPostgres else {
            try requireExisting()
            return try openReadOnly()
        }
        return try PostgresStore(url: path, access: .readOnly)
    }

    /// Guards the steps that only an SQLite file has (its lock file, `PRAGMA quick_check`, opening
    /// the file): every command chooses the PostgreSQL path before it would reach them.
    func requireSQLite() throws(UsageError) {
        guard !isPostgres else {
            throw UsageError("deze stap werkt alleen met een SQLite-database, en --db is een PostgreSQL-URL. Er is niets gedaan.")
        }
    }
}

/// An open store of either kind and what keeps its lock (the lock file, or the PostgreSQL
/// session holding the advisory locks) for as long as this value lives.
struct StoreWriter {
    let store: any PipelineStore
    let holder: AnyObject
}
