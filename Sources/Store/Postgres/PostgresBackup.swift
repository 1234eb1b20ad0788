import Domain
import Foundation

/// `backup` and `restore` where the store is PostgreSQL: the server's own tools, `pg_dump`
/// (custom format, the store's schema only, one consistent snapshot while others write) and
/// `pg_restore` (into the same schema, in one transaction: a failed restore changes nothing).
/// The tools come with Debian's `postgresql-client` (scripts/setup.sh).
public enum PostgresBackup {
    public struct Summary: Sendable {
        public let path: String
        public let bytes: Int64
    }

    /// Writes a dump of the store to `destination` (mode 0600; an existing file is never overwritten).
    public static func backup(_ store: PostgresStore, to destination: String) throws -> Summary {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw UsageError("\(destination) bestaat al; een reservekopie overschrijft nooit een bestand. Kies een nieuwe naam.")
        }
        let temporary = ((destination as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            ".\((destination as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let previousMask = umask(0o077)
        defer { umask(previousMask) }
        try run(
            "pg_dump", arguments: ["--format=custom", "--no-owner", "--schema=\(store.location.schema)", "--file=\(temporary)"],
            location: store.location)
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw FailureError("kan de reservekopie niet op haar plaats zetten: \(destination)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? 0
        return Summary(path: destination, bytes: size)
    }

    /// Replaces the store's schema with the dump's, in one transaction; the caller holds the store lock.
    public static func restore(_ backup: String, into store: PostgresStore) throws {
        try run(
            "pg_restore",
            arguments: [
                "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                "--dbname=\(store.location.database)", backup,
            ], location: store.location)
    }

    /// Where a PostgreSQL client tool is on `PATH`, if it is installed (`doctor`).
    public static func tool(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a PostgreSQL client tool against the store's server; its error output in the message.
    static func run(_ tool: String, arguments: [String], location: PostgresLocation) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var connection: [String] = ["--username=\(location.user)"]
        switch location.endpoint {
        case .socket(let path):
            let folder = (path as NSString).deletingLastPathComponent
            let port = (path as NSString).lastPathComponent.split(separator: ".").last.map(String.init) ?? "5432"
            connection += ["--host=\(folder)", "--port=\(port)"]
        case .tcp(let host, let port, _):
            connection += ["--host=\(host)", "--port=\(port)"]
        }
        if tool == "pg_dump" { connection.append(location.database) }
        process.arguments = [tool] + arguments + connection
        var environment = ProcessInfo.processInfo.environment
        if let password = location.password { environment["PGPASSWORD"] = password }
        if case .tcp(_, _, true) = location.endpoint { environment["PGSSLMODE"] = "require" }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FailureError("\(tool) ontbreekt: installeer Debians postgresql-client (scripts/setup.sh)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FailureError(
                "\(tool) mislukt (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
