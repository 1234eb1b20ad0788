import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Store

@Suite("Database: file, schema, lock")
struct DatabaseTests {
    @Test("a new database is migrated, private to its owner, and knows the default categories")
    func newDatabase() throws {
        let folder = try TemporaryFolder()
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("new.sqlite"))
        let tables = try database.pool.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["categorie", "delivery", "incident", "leerlingen", "quarantine", "reference_meta", "school", "wijk"] {
            #expect(tables.contains(table))
        }
        let categories = try database.pool.read { try ReferenceStore.categories($0) }
        #expect(Set(categories.map(\.code)) == Set(DefaultCategories.list.map(\.code)))
        let attributes = try FileManager.default.attributesOfItem(atPath: database.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try database.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
    }

    @Test("opening again keeps the data and does not re-run migrations")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("db.sqlite")
        do {
            let database = try SchoolveiligDatabase.openMigrated(path: path)
            try database.pool.write { try $0.execute(sql: "DELETE FROM categorie WHERE code = 'OVERIG'") }
        }
        let reopened = try SchoolveiligDatabase.openMigrated(path: path)
        #expect(try reopened.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM categorie") } == 12)
    }

    @Test(
        "opening never migrates: a new file stays empty until migrate(); read-only opening of an older schema says so and changes nothing")
    func explicitMigration() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("db.sqlite")
        #expect(throws: UsageError.self) { try SchoolveiligDatabase(path: path, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let opened = try SchoolveiligDatabase(path: path, access: .readWrite)
        #expect(try opened.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") } == 0)
        #expect(try !opened.isCurrent())
        #expect {
            try SchoolveiligDatabase(path: path, access: .readOnly)
        } throws: { error in
            "\(error)".contains("ouder schema") && "\(error)".contains("leest alleen")
        }
        #expect(try opened.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") } == 0)
        try opened.migrate()
        #expect(try opened.isCurrent())
        let reader = try SchoolveiligDatabase(path: path, access: .readOnly)
        #expect(try reader.pool.read { try ReferenceStore.categories($0) }.count == DefaultCategories.list.count)
        #expect(throws: (any Error).self) { try reader.pool.write { try $0.execute(sql: "DELETE FROM categorie") } }
    }

    @Test("a database path in a missing folder is a configuration error, and nothing is created")
    func missingFolder() throws {
        let folder = try TemporaryFolder()
        #expect(throws: UsageError.self) { try SchoolveiligDatabase.openMigrated(path: folder.file("nope/db.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("nope")))
    }

    @Test("the path comes from --db, else SCHOOLVEILIG_DB, else the default")
    func pathResolution() {
        #expect(SchoolveiligDatabase.resolvePath(option: "a.sqlite", environment: ["SCHOOLVEILIG_DB": "b.sqlite"]) == "a.sqlite")
        #expect(SchoolveiligDatabase.resolvePath(option: nil, environment: ["SCHOOLVEILIG_DB": "b.sqlite"]) == "b.sqlite")
        #expect(SchoolveiligDatabase.resolvePath(option: nil, environment: [:]) == "schoolveilig.sqlite")
    }

    @Test("the run lock is exclusive and released with its holder")
    func runLock() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("db.sqlite")
        var first = try RunLock.acquire(databasePath: path)
        #expect(first != nil)
        // flock locks belong to the open file description: a second open in this process is refused too.
        #expect(try RunLock.acquire(databasePath: path) == nil)
        first = nil
        #expect(try RunLock.acquire(databasePath: path) != nil)
    }
}
