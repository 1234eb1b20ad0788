import Domain
import Foundation

/// The shared store: one covenant's data in a PostgreSQL database (or one schema of it), for a
/// region where several operators work on one store. It implements the same ports as
/// `SchoolveiligDatabase` (SQLite) with the same schema versions, the same transactions and the
/// same results, so a pack from either store is byte for byte the same. Tenancy — several
/// covenants in one store — is out of scope: one store (database or schema) per covenant.
public final class PostgresStore: Sendable {
    let session: PostgresSession
    public let location: PostgresLocation
    let schoolCodeCache = SchoolCodeCache()

    /// Connects. `.readOnly` needs the current schema (else a usage error, nothing changed);
    /// `.readWrite` leaves migrating to `migrate()`, which a writer calls under its lock.
    public init(url: String, access: SchoolveiligDatabase.Access) throws {
        location = try PostgresLocation(url: url)
        session = try PostgresSession(location)
        if access == .readOnly, try !isCurrent() {
            let applied = try PostgresMigrations.applied(session)
            throw UsageError(
                applied.isEmpty
                    ? "de PostgreSQL-database \(location.display) bevat nog geen gegevens van schoolveilig (eerst 'reference load' en 'ingest')"
                    : "de PostgreSQL-database \(location.display) heeft een ouder schema dan deze versie van schoolveilig; deze opdracht leest alleen en verandert niets. Een opdracht die schrijft (reference load, ingest, run) werkt het schema eerst bij."
            )
        }
    }

    /// Connects for writing and migrates (tests, the demo).
    public static func openMigrated(url: String) throws -> PostgresStore {
        let store = try PostgresStore(url: url, access: .readWrite)
        try store.migrate()
        return store
    }

    /// Whether every migration of this version has been applied.
    public func isCurrent() throws -> Bool {
        try PostgresMigrations.applied(session).isSuperset(of: PostgresMigrations.identifiers)
    }

    /// The migrations applied, in the order of this version's list.
    public func appliedMigrations() throws -> [String] {
        let applied = try PostgresMigrations.applied(session)
        return PostgresMigrations.identifiers.filter(applied.contains)
    }

    /// Brings the schema up to date (each migration in its own transaction).
    public func migrate() throws {
        do {
            try PostgresMigrations.migrate(session)
        } catch let error as FailureError {
            throw FailureError("kan de database niet bijwerken naar het nieuwste schema: \(location.display) (\(error.message))")
        }
    }

    /// Proves the store can be written, without changing it (a temporary table made and dropped, `doctor`).
    public func probeWrite() throws {
        try session.transaction {
            try session.execute("CREATE TEMP TABLE doctor_probe(x integer)")
            try session.execute("DROP TABLE doctor_probe")
        }
    }

    /// Every table's rows as sorted text lines, for comparing two stores (tests, the crash harness).
    public func dump(tables: [String]) throws -> [String] {
        var lines: [String] = []
        for table in tables {
            let rows = try session.rows("SELECT * FROM \(table)")
            var text = rows.map { row in
                zip(row.names, row.values.indices).filter { $0.0 != "received_at" && $0.0 != "loaded_at" && !$0.0.hasSuffix("_at") }
                    .map { "\($0.0)=\(row.optionalString($0.1) ?? "NULL")" }.joined(separator: "|")
            }
            text.sort()
            lines += text.map { "\(table): \($0)" }
        }
        return lines
    }

    /// Drops the store's schema with everything in it (tests make one schema per test).
    public func dropSchema() throws {
        guard location.schema != "public" else { throw UsageError("het schema public wordt niet verwijderd") }
        try session.execute("DROP SCHEMA IF EXISTS \(location.schema) CASCADE")
    }
}

/// The school codes of one version of the reference data (by its hash). A reference load
/// changes the hash, so codes read after it are never answered from an older version.
final class SchoolCodeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var hash: String?
    private var codes: [String] = []

    func codes(for hash: String) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        return self.hash == hash ? codes : nil
    }

    func keep(_ codes: [String], for hash: String) {
        lock.lock()
        defer { lock.unlock() }
        self.hash = hash
        self.codes = codes
    }
}
