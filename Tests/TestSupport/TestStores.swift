import Domain
import Formats
import Foundation
import GRDB

@testable import Store

/// The two stores the store, ingest, mart and pack tests run against: SQLite (a file of the
/// test's own) and PostgreSQL (a schema of the test's own in the server `SCHOOLVEILIG_TEST_PG`
/// names; `.ci/run` starts one, `scripts/pg-test-cluster.sh` starts one by hand).
public enum StoreKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}

public enum TestStores {
    /// The server's URL, when the environment names one.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SCHOOLVEILIG_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// SQLite always; PostgreSQL when a server is named, and always in CI (`CI=true`), where a
    /// missing server must fail the PostgreSQL tests, never skip them.
    public static var kinds: [StoreKind] {
        postgresURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
    }

    public struct NoServer: Error, CustomStringConvertible {
        public var description: String {
            "SCHOOLVEILIG_TEST_PG is not set: the PostgreSQL tests need a server (.ci/run starts one; by hand: eval \"$(scripts/pg-test-cluster.sh start /tmp/pg)\")"
        }
    }

    /// A URL for a new, empty schema of its own in the test server.
    public static func newPostgresURL() throws -> String {
        guard let base = postgresURL else { throw NoServer() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// A new, migrated store of `kind` with nothing loaded.
    public static func make(_ kind: StoreKind, in folder: TemporaryFolder) throws -> TestStore {
        switch kind {
        case .sqlite: return TestStore(sqlite: try SchoolveiligDatabase.openMigrated(path: folder.file("test-\(UUID().uuidString).sqlite")))
        case .postgres: return TestStore(postgres: try PostgresStore.openMigrated(url: try newPostgresURL()))
        }
    }

    /// A new store of `kind` with `SmallReference` loaded.
    public static func withSmallReference(_ kind: StoreKind, in folder: TemporaryFolder) throws -> TestStore {
        let store = try make(kind, in: folder)
        let directory = try SmallReference.write(in: folder, name: "referentie-\(UUID().uuidString)")
        let loaded = try ReferenceLoader.load(directory: directory)
        _ = try store.store.replaceReference(loaded.data, sha256: loaded.sha256, source: "referentie", force: false)
        return store
    }
}

/// A store of either kind, with direct reads of its tables for the tests' checks.
public final class TestStore: @unchecked Sendable {
    public let kind: StoreKind
    public let store: any PipelineStore
    public let sqlite: SchoolveiligDatabase?
    public let postgres: PostgresStore?

    init(sqlite: SchoolveiligDatabase) {
        kind = .sqlite
        store = sqlite
        self.sqlite = sqlite
        postgres = nil
    }

    init(postgres: PostgresStore) {
        kind = .postgres
        store = postgres
        sqlite = nil
        self.postgres = postgres
    }

    deinit { try? postgres?.dropSchema() }

    /// Every row of a query, each column as text (`nil` for NULL), in the query's order.
    public func rows(_ sql: String) throws -> [[String: String?]] {
        if let sqlite { return try sqlite.probe.rows(sql) }
        return try postgres!.session.rows(sql).map { row in
            var values: [String: String?] = [:]
            for (index, name) in row.names.enumerated() { values[name] = .some(row.optionalString(index)) }
            return values
        }
    }

    /// The first column of every row, as text.
    public func strings(_ sql: String) throws -> [String] {
        if let sqlite { return try sqlite.probe.strings(sql) }
        return try postgres!.session.rows(sql).map { $0.string(0) }
    }

    /// The first column of the first row, as text.
    public func string(_ sql: String) throws -> String? {
        if let sqlite { return try sqlite.probe.string(sql) }
        return try postgres!.session.one(sql)?.optionalString(0)
    }

    /// The first row, each column as text.
    public func row(_ sql: String) throws -> [String: String?]? { try rows(sql).first }

    /// The direct reads under the name the SQLite-only tests used (`database.probe.…`).
    public var probe: TestStore { self }

    /// Every table's rows as sorted lines (clock times left out on PostgreSQL): the whole store,
    /// for "nothing changed" and "no personal data anywhere".
    public func fullDump() throws -> String {
        if let sqlite { return try DatabaseDump.dump(sqlite) }
        let tables = try postgres!.session.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        ).map { $0.string(0) }
        return try postgres!.dump(tables: tables).joined(separator: "\n")
    }

    public func int(_ sql: String) throws -> Int? {
        if let sqlite { return try sqlite.probe.int(sql) }
        return try postgres!.session.int(sql)
    }

    public func execute(_ sql: String) throws {
        if let sqlite { return try sqlite.probe.execute(sql) }
        try postgres!.session.execute(sql)
    }

    /// The marts as sorted text lines.
    public func martLines() throws -> [String] {
        if let sqlite { return try MartBuilder.snapshot(sqlite) }
        return try postgres!.martLines()
    }

    /// The tables that hold what deliveries brought, as sorted lines of `column=value` (clock
    /// times and row ids left out): two equal dumps mean the two stores hold the same data.
    public func contentDump() throws -> [String] {
        let tables: [(String, String)] = [
            ("incident", "school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line"),
            ("quarantine", "delivery_id, line, kolom, reden, waarde_gemaskeerd, resolved_by"),
            ("quarantine_retry", "delivery_id, line, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst"),
            (
                "retraction",
                "delivery_id, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, previous_delivery_id"
            ),
            ("aggregate_count", "school_code, maand, categorie, locatie, politie, aantal, delivery_id, line"),
            ("delivery_month", "delivery_id, school_code, maand"),
            ("delivery_period", "delivery_id, school_code, period_from, period_to"),
            (
                "delivery",
                "id, sha256, identity, size, as_of, rows_read, rows_new, rows_updated, rows_unchanged, rows_quarantined, rows_retracted, dropped_columns, status, dialect, schools, period"
            ),
            ("mart_month", "maand, school_code, categorie, locatie, politie, aantal"),
        ]
        var lines: [String] = []
        for (table, columns) in tables {
            let names = columns.components(separatedBy: ", ")
            let rows = try self.rows("SELECT \(columns) FROM \(table)")
            lines += rows.map { row in table + ": " + names.map { "\($0)=\((row[$0] ?? nil) ?? "NULL")" }.joined(separator: "|") }.sorted()
        }
        return lines
    }
}
