import Domain
import Foundation
import GRDB

/// The project's one SQLite file. Opens (and migrates) it with WAL, foreign keys and
/// `synchronous = NORMAL`, so readers (`counts`, `status`) keep working while a writer runs.
public final class SchoolveiligDatabase: Sendable {
    public let path: String
    public let pool: DatabasePool

    /// The path used when neither `--db` nor `SCHOOLVEILIG_DB` names one.
    public static let defaultPath = "schoolveilig.sqlite"

    /// Resolves the database path: an explicit option, else `SCHOOLVEILIG_DB`, else the default.
    public static func resolvePath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["SCHOOLVEILIG_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// The database's folder must exist (exit 2 otherwise).
    public static func requireFolder(of path: String) throws(UsageError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw UsageError("de map van de database bestaat niet: \(folder) (maak haar aan, of kies een ander pad met --db of SCHOOLVEILIG_DB)")
        }
    }

    /// Opens the database, creating it when absent. The folder must exist: a missing folder is a
    /// configuration mistake (exit 2), not something to paper over by creating directories.
    public init(path: String) throws {
        try Self.requireFolder(of: path)
        // The file itself, not the name: SQLite's `-wal` and `-shm` beside the real file.
        let resolved = try DatabaseIdentity.resolve(path)
        let existed = FileManager.default.fileExists(atPath: resolved)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
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
            throw FailureError("kan de database niet openen: \(path) (\(error)); is ze beschadigd, zet dan de laatste goede reservekopie terug met 'schoolveilig restore RESERVEKOPIE --vervang'")
        }
        self.path = path
        if !existed { chmod(resolved, 0o600) }
        do {
            try Migrations.migrator.migrate(pool)
        } catch {
            throw FailureError("kan de database niet bijwerken naar het nieuwste schema: \(path) (\(error))")
        }
    }
}
