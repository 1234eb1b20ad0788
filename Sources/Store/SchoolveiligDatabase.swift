import Domain
import Foundation
import GRDB

/// The project's one SQLite file. Opens it (never migrating: see `migrate()`) with WAL, foreign keys and
/// `synchronous = NORMAL`, so readers (`counts`, `status`) keep working while a writer runs.
public final class SchoolveiligDatabase: Sendable {
    public let path: String
    let pool: DatabasePool

    /// The path used when neither `--db` nor `SCHOOLVEILIG_DB` names one.
    public static let defaultPath = "schoolveilig.sqlite"

    /// Resolves the database path: an explicit option, else `SCHOOLVEILIG_DB`, else the default.
    public static func resolvePath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["SCHOOLVEILIG_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// How a command uses the database: a reader never writes (not even a migration), a writer
    /// migrates explicitly, under the run lock.
    public enum Access: Sendable { case readOnly, readWrite }

    /// The database's folder must exist (exit 2 otherwise): a missing folder is a configuration
    /// mistake, not something to paper over by creating directories.
    public static func requireFolder(of path: String) throws(UsageError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw UsageError(
                "de map van de database bestaat niet: \(folder) (maak haar aan, of kies een ander pad met --db of SCHOOLVEILIG_DB)")
        }
    }

    /// Opens the database; opening never migrates. `.readWrite` creates the file (mode 0600) when
    /// absent; a writer then calls `migrate()` under the run lock. `.readOnly` needs an existing
    /// file whose schema is current, else it says so (a usage error, nothing changed).
    public init(path: String, access: Access) throws {
        try Self.requireFolder(of: path)
        // The file itself, not the name: SQLite's `-wal` and `-shm` beside the real file.
        let resolved = try DatabaseIdentity.resolve(path)
        let existed = FileManager.default.fileExists(atPath: resolved)
        if access == .readOnly, !existed {
            throw UsageError("database bestaat niet: \(path) (eerst 'reference load' en 'ingest', of kies --db)")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.readonly = access == .readOnly
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            try db.execute(sql: "PRAGMA temp_store = FILE")
            // 32 MiB of page cache: a large ingest keeps its B-tree pages in memory instead of
            // spilling them to the WAL in the middle of the transaction.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        do {
            let previousMask = umask(0o077)
            defer { umask(previousMask) }
            pool = try DatabasePool(path: resolved, configuration: configuration)
        } catch {
            throw FailureError(
                "kan de database niet openen: \(path) (\(error)); is ze beschadigd, zet dan de laatste goede reservekopie terug met 'schoolveilig restore RESERVEKOPIE --replace'"
            )
        }
        self.path = path
        if !existed { chmod(path, 0o600) }
        if access == .readOnly, try !isCurrent() {
            throw UsageError(
                "de database \(path) heeft een ouder schema dan deze versie van schoolveilig; deze opdracht leest alleen en verandert niets. Een opdracht die schrijft (reference load, ingest, run) werkt het schema eerst bij."
            )
        }
    }

    /// Whether every migration of this version has been applied.
    public func isCurrent() throws -> Bool {
        try pool.read { try Migrations.migrator.hasCompletedMigrations($0) }
    }

    /// Brings the schema up to date (append-only migrations, each in its own transaction). Only
    /// a command that writes calls it, holding the run lock.
    public func migrate() throws {
        do {
            try Migrations.migrator.migrate(pool)
        } catch {
            throw FailureError("kan de database niet bijwerken naar het nieuwste schema: \(path) (\(error))")
        }
    }

    /// Opens for writing and migrates: a writer that holds the run lock, the demo's new database, tests.
    public static func openMigrated(path: String) throws -> SchoolveiligDatabase {
        let database = try SchoolveiligDatabase(path: path, access: .readWrite)
        try database.migrate()
        return database
    }
}
