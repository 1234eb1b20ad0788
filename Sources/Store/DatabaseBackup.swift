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
        defer { try? manager.removeItem(atPath: temporary) }
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
        return Summary(path: destination, bytes: summary.bytes, schema: summary.schema, incidents: summary.incidents, deliveries: summary.deliveries)
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
                return Summary(path: path, bytes: bytes, schema: known.last { applied.contains($0) } ?? "",
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
    public static func restore(_ backup: String, to databasePath: String) throws -> Summary {
        let summary = try check(backup)
        let manager = FileManager.default
        let temporary = databasePath + ".herstel-\(UUID().uuidString).tmp"
        defer { try? manager.removeItem(atPath: temporary) }
        do {
            try manager.copyItem(atPath: backup, toPath: temporary)
        } catch {
            throw FailureError("kan \(backup) niet kopiëren naar \(temporary): \(error.localizedDescription)")
        }
        chmod(temporary, 0o600)
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: databasePath + suffix) }
        guard rename(temporary, databasePath) == 0 else {
            throw FailureError("kan \(databasePath) niet vervangen (\(String(cString: strerror(errno))))")
        }
        return summary
    }
}
