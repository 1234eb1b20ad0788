import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Store

/// The PostgreSQL store itself: its URL, its migrations (the same versions and the same tables
/// and columns as SQLite's), its locks.
@Suite("PostgreSQL store: URL, migrations, locks")
struct PostgresStoreTests {
    @Test("a postgresql:// URL names the server, a socket folder, the schema; a path names SQLite")
    func location() throws {
        #expect(PostgresLocation.isURL("postgresql://u@h/db"))
        #expect(PostgresLocation.isURL("postgres://u@h/db"))
        #expect(!PostgresLocation.isURL("/srv/schoolveilig.sqlite"))
        #expect(!PostgresLocation.isURL("postgresql.sqlite"))
        let tcp = try PostgresLocation(url: "postgresql://ops:geheim@db.example:6543/almere?sslmode=require", environment: [:])
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543, requireTLS: true))
        #expect(tcp.user == "ops")
        #expect(tcp.password == "geheim")
        #expect(tcp.database == "almere")
        #expect(tcp.schema == "public")
        #expect(!tcp.display.contains("geheim"))
        let socket = try PostgresLocation(url: "postgresql://postgres@/test?host=/tmp/pg&schema=covenant_almere", environment: [:])
        #expect(socket.endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5432"))
        #expect(socket.schema == "covenant_almere")
        #expect(throws: UsageError.self) { try PostgresLocation(url: "postgresql://u@/d?schema=x;drop", environment: [:]) }
    }

    @Test("placeholders: ? and ?N become $N, quoted text is left alone")
    func placeholders() {
        #expect(PostgresSession.placeholders("a = ? AND b = ? AND c = '?'") == "a = $1 AND b = $2 AND c = '?'")
        #expect(PostgresSession.placeholders("x = ?2 OR y = ?1 OR z = ?10") == "x = $2 OR y = $1 OR z = $10")
    }

    @Test("the same migrations as SQLite, by name and order")
    func sameMigrationNames() {
        #expect(PostgresMigrations.identifiers == Migrations.migrator.migrations)
    }

    @Test("after migrating, both stores have the same tables with the same columns", .enabled(if: TestStores.kinds.contains(.postgres)))
    func sameSchema() throws {
        let folder = try TemporaryFolder()
        let sqlite = try TestStores.make(.sqlite, in: folder)
        let postgres = try TestStores.make(.postgres, in: folder)
        let sqliteTables = try sqlite.strings(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        var expected: [String] = []
        for table in sqliteTables {
            expected += try sqlite.strings("SELECT name FROM pragma_table_info('\(table)')").map { "\(table).\($0)" }
        }
        let schema = postgres.postgres!.location.schema
        let actual = try postgres.strings(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name <> 'schema_migration'"
        )
        #expect(actual.sorted() == expected.sorted())
        #expect(try postgres.postgres!.appliedMigrations() == Migrations.migrator.migrations)
        #expect(
            try postgres.strings("SELECT code FROM categorie ORDER BY code") == sqlite.strings("SELECT code FROM categorie ORDER BY code"))
        // Migrating again changes nothing.
        try postgres.postgres!.migrate()
        #expect(try postgres.int("SELECT count(*) FROM schema_migration") == Migrations.migrator.migrations.count)
    }

    @Test("a published cell that names 9,000 schools is stored once, on either store", arguments: TestStores.kinds)
    func nationalCell(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try TestStores.make(kind, in: folder)
        // A national cell's identity: far past the 8 kB a PostgreSQL B-tree entry may hold.
        let schools = (1...9000).map { "\"S\($0)\"" }.joined(separator: ",")
        let cell = "{\"months\":[\"2026-01\"],\"schools\":[\(schools)]}"
        #expect(cell.utf8.count > 60_000)
        let record = PublishedCellRecord(cell: cell, value: 12, edition: "kerngroep 2026-Q1", threshold: 5)
        try test.store.addPublishedCells([record])
        // Publishing it again keeps the first edition (a published cell stays as published).
        try test.store.addPublishedCells([PublishedCellRecord(cell: cell, value: 12, edition: "kerngroep 2026-Q2", threshold: 5)])
        #expect(try test.store.publishedCells() == [record])
    }

    @Test(
        "a read-only open of an empty PostgreSQL store is refused with a Dutch message", .enabled(if: TestStores.kinds.contains(.postgres)))
    func readOnlyEmpty() throws {
        let url = try TestStores.newPostgresURL()
        #expect(throws: UsageError.self) { try PostgresStore(url: url, access: .readOnly) }
    }

    @Test(
        "advisory locks: one school at a time, different schools together, the whole store alone",
        .enabled(if: TestStores.kinds.contains(.postgres)))
    func locks() throws {
        let url = try TestStores.newPostgresURL()
        let first = try PostgresStore.openMigrated(url: url)
        defer { try? first.dropSchema() }
        let second = try PostgresStore(url: url, access: .readWrite)
        #expect(try first.tryLock(.school("PO1")))
        #expect(try second.tryLock(.school("VO1")))
        #expect(try !second.tryLock(.school("PO1")))
        #expect(try !second.tryLock(.store))
        #expect(try second.tryLock(.publishing))
        try first.unlockAll()
        try second.unlockAll()
        #expect(try first.tryLock(.store))
        #expect(try !second.tryLock(.school("VO1")))
        #expect(try !second.tryLock(.publishing))
    }
}
