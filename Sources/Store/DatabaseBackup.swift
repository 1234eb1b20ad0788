import Domain
import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// `backup` and `restore`: a consistent copy of the database made with SQLite's online backup
/// API while other runs go on (a reader's snapshot), checked before it is trusted, and put back
/// under the run lock by rename, so a restore is all or nothing.
public enum DatabaseBackup {
    public struct Summary: Sendable, Equatable {
        public let path: String
        public let bytes: Int64
        public let schema: String
        public let incidents: Int
        public let deliveries: Int
    }

    /// Copies `database` to `destination`, which must not exist yet; the copy is created 0600,
    /// written under a temporary name and renamed when it checks out.
    public static func backup(_ database: SchoolveiligDatabase, to destination: String) throws -> Summary {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination) || (try? manager.destinationOfSymbolicLink(atPath: destination)) != nil {
            throw UsageError("\(destination) bestaat al; een reservekopie overschrijft nooit een bestaand bestand")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !(manager.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw UsageError("de map voor de reservekopie bestaat niet: \(folder)")
        }
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (destination as NSString).lastPathComponent + ".\(UUID().uuidString).tmp"
        // The temporary copy is held with a lock while it is written: a killed backup's copy
        // is the one nobody holds, and the next backup into this folder removes it.
        removeStaleCopies(in: folder.isEmpty ? "." : folder)
        let previousMask = umask(0o077)
        let holder = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        umask(previousMask)
        guard holder >= 0 else {
            throw FailureError("kan de reservekopie niet maken in \(folder.isEmpty ? "." : folder): \(SystemErrorText.dutch(errno: errno))")
        }
        flock(holder, LOCK_EX)
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            close(holder)
        }
        do {
            let previousMask = umask(0o077)
            defer { umask(previousMask) }
            let copy = try DatabaseQueue(path: temporary)
            try database.pool.backup(to: copy)
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
        } catch let error as UsageError {
            throw error
        } catch {
            throw FailureError("reservekopie mislukt: \(error)")
        }
        chmod(temporary, 0o600)
        let summary = try check(temporary)
        guard rename(temporary, destination) == 0 else {
            throw FailureError("kan de reservekopie niet op \(destination) zetten (\(String(cString: strerror(errno))))")
        }
        return Summary(
            path: destination, bytes: summary.bytes, schema: summary.schema, incidents: summary.incidents, deliveries: summary.deliveries)
    }

    /// Whether `name` is a temporary copy of `backup` (`.<name>.<UUID>.tmp`) or of `restore`
    /// (`<db>.herstel-<UUID>.tmp`), with SQLite's side files.
    static func isTemporaryCopy(_ name: String) -> Bool {
        var core = name
        for suffix in ["-journal", "-wal", "-shm"] where core.hasSuffix(suffix) { core = String(core.dropLast(suffix.count)) }
        guard core.hasSuffix(".tmp") else { return false }
        let stem = core.dropLast(4)
        guard stem.count > 37, UUID(uuidString: String(stem.suffix(36))) != nil else { return false }
        let before = stem.dropLast(36)
        return (core.hasPrefix(".") && before.hasSuffix(".")) || before.hasSuffix(".herstel-")
    }

    /// Removes the temporary copies killed backups and restores left in `folder`: those that
    /// no running backup holds (a restore's copies are only ever made under the run lock).
    @discardableResult
    public static func removeStaleCopies(in folder: String) -> [String] {
        var removed: [String] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(isTemporaryCopy).sorted()
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            // A backup under way holds its copy locked; its side files go with the copy.
            let main =
                name.hasSuffix(".tmp")
                ? path : path.replacingOccurrences(of: #"-(journal|wal|shm)$"#, with: "", options: .regularExpression)
            let mainDescriptor = main == path ? descriptor : open(main, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if mainDescriptor >= 0 {
                defer { if mainDescriptor != descriptor { close(mainDescriptor) } }
                guard flock(mainDescriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
                flock(mainDescriptor, LOCK_UN)
            }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Checks a copy: SQLite finds it sound (`PRAGMA integrity_check`) and its schema is one this
    /// version knows.
    public static func check(_ path: String) throws -> Summary {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let findings = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
                guard findings == ["ok"] else {
                    throw FailureError("\(path) is niet in orde: \(findings.joined(separator: "; "))")
                }
                let applied = try Migrations.migrator.appliedIdentifiers(db)
                let known = Migrations.migrator.migrations
                guard !applied.isEmpty, applied.isSubset(of: Set(known)) else {
                    throw FailureError("\(path) is geen Schoolveilig-database van deze of een eerdere versie")
                }
                let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
                return Summary(
                    path: path, bytes: bytes, schema: known.last { applied.contains($0) } ?? "",
                    incidents: try Int.fetchOne(db, sql: "SELECT count(*) FROM incident") ?? 0,
                    deliveries: try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery") ?? 0)
            }
        } catch let error as FailureError {
            throw error
        } catch {
            throw FailureError("\(path) is geen leesbare SQLite-database (\(error))")
        }
    }

    /// Puts a checked backup in place of the database at `databasePath` (the caller holds the
    /// run lock): copied beside it under a temporary name, then renamed over it; the old WAL
    /// and shared-memory files go, so nothing of the replaced database survives.
    /// The backup itself is only read, never opened by SQLite: it may lie on read-only media
    /// (SQLite would want `-wal` and `-shm` files beside a WAL-mode copy). The copy beside the
    /// database is what is checked and then renamed into place.
    public static func restore(_ backup: String, to databasePath: String) throws -> Summary {
        let manager = FileManager.default
        let folder = (databasePath as NSString).deletingLastPathComponent
        removeStaleCopies(in: folder.isEmpty ? "." : folder)
        let temporary = databasePath + ".herstel-\(UUID().uuidString).tmp"
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) } }
        do {
            let previousMask = umask(0o077)
            defer { umask(previousMask) }
            try manager.copyItem(atPath: backup, toPath: temporary)
        } catch {
            throw FailureError(
                "kan \(backup) niet kopiëren naar \(temporary): \(SystemErrorText.dutch(error) ?? error.localizedDescription)")
        }
        chmod(temporary, 0o600)
        let summary: Summary
        do {
            // A copy in WAL mode (copied by hand from a live database) becomes a plain file first.
            if let queue = try? DatabaseQueue(path: temporary) {
                try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
                try? queue.close()
            }
            summary = try check(temporary)
        } catch let failure as FailureError {
            throw FailureError(failure.message.replacingOccurrences(of: temporary, with: backup))
        }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: databasePath + suffix) }
        guard rename(temporary, databasePath) == 0 else {
            throw FailureError("kan \(databasePath) niet vervangen (\(String(cString: strerror(errno))))")
        }
        return summary
    }
}
