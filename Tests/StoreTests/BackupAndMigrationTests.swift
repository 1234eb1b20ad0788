import Domain
import Formats
import Foundation
import GRDB
import Ingest
import TestSupport
import Testing

@testable import Store

#if canImport(Glibc)
    import Glibc
#endif

@Suite("backup, restore and migrations from every earlier schema")
struct BackupAndMigrationTests {
    static let export = """
        incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst
        B1,PO1,2025-01-10,PESTEN,school,nee,0-11,licht
        B2,VO1,2025-02-11,WAPENS,omgeving,ja,16-17,zwaar

        """

    @Test("a backup holds the same data, is private, is checked, and never overwrites; restore puts it back whole")
    func backupRestore() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        _ = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(path: try folder.write("a.csv", Self.export))
        let before = try DatabaseDump.dump(database)
        let summary = try DatabaseBackup.backup(database, to: folder.file("kopie.sqlite"))
        #expect(summary.incidents == 2 && summary.deliveries == 1)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: folder.file("kopie.sqlite"))[.posixPermissions] as? NSNumber)
            .intValue
        #expect(mode == 0o600)
        #expect(throws: UsageError.self) { try DatabaseBackup.backup(database, to: folder.file("kopie.sqlite")) }
        #expect(try DatabaseDump.dump(try SchoolveiligDatabase.openMigrated(path: folder.file("kopie.sqlite"))) == before)

        // Later changes are undone by a restore.
        _ = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(
            path: try folder.write("b.csv", Self.export.replacingOccurrences(of: "B2,", with: "B3,")))
        #expect(try DatabaseDump.dump(database) != before)
        let target = database.path
        try database.pool.close()
        _ = try DatabaseBackup.restore(folder.file("kopie.sqlite"), to: target)
        #expect(try DatabaseDump.dump(try SchoolveiligDatabase.openMigrated(path: target)) == before)

        // Not a database, or a damaged one: refused, nothing replaced.
        try folder.write("kapot.sqlite", "geen database\n")
        #expect(throws: FailureError.self) { try DatabaseBackup.check(folder.file("kapot.sqlite")) }
        #expect(throws: FailureError.self) { try DatabaseBackup.restore(folder.file("kapot.sqlite"), to: target) }
        #expect(try DatabaseDump.dump(try SchoolveiligDatabase.openMigrated(path: target)) == before)
    }

    @Test("a database at every earlier schema version migrates to the current one with its data intact")
    func migrations() throws {
        let identifiers = Migrations.migrator.migrations
        #expect(identifiers.count >= 10)
        let folder = try TemporaryFolder()
        // The schema of a new database: tables and their columns.
        func schema(_ reader: some DatabaseReader) throws -> [String] {
            try reader.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name"
                )
                .map { table in
                    "\(table): "
                        + (try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map {
                            "\($0["name"] as String) \($0["type"] as String)"
                        }.joined(separator: ", "))
                }
            }
        }
        let current = try schema(try SchoolveiligDatabase.openMigrated(path: folder.file("nieuw.sqlite")).pool)
        for (index, identifier) in identifiers.enumerated() where index < identifiers.count - 1 {
            let path = folder.file("v\(index + 1).sqlite")
            let old = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(old, upTo: identifier)
            // Data every schema since v1 can hold.
            try old.write { db in
                // From v13 on a delivery has no file name.
                let named = try db.columns(in: "delivery").contains { $0.name == "file_name" }
                let delivery =
                    named
                    ? "INSERT INTO delivery(id, file_name, sha256, identity, size, received_at, as_of, status) VALUES (1, 'f.csv', 'abc', 'abc', 10, '2025-01-01T00:00:00Z', '2025-01-01', 'verwerkt');"
                    : "INSERT INTO delivery(id, sha256, identity, size, received_at, as_of, status) VALUES (1, 'abc', 'abc', 10, '2025-01-01T00:00:00Z', '2025-01-01', 'verwerkt');"
                try db.execute(
                    sql: """
                        DELETE FROM categorie WHERE code = 'TEST';
                        INSERT INTO categorie(code, label, meldplicht) VALUES ('TEST', 'Test', 'ja');
                        INSERT INTO wijk(code, naam, stadsdeel, gebied) VALUES ('W1', 'Wijk', 'Buiten', 'Buiten-Hout');
                        INSERT INTO school(code, naam, sector, wijk_code) VALUES ('S1', 'School', 'VO', 'W1');
                        \(delivery)
                        INSERT INTO incident VALUES ('S1', 'I1', '2025-01-02', 'TEST', 'school', 'ja', '16-17', 'zwaar', 1, 2);
                        INSERT INTO quarantine(delivery_id, line, kolom, reden, waarde_gemaskeerd) VALUES (1, 3, 'datum', 'ongeldige datum', '2*******1');
                        """)
            }
            try old.close()
            let migrated = try SchoolveiligDatabase.openMigrated(path: path)
            #expect(try schema(migrated.pool) == current, "vanaf \(identifier)")
            let row = try migrated.pool.read {
                try Row.fetchOne($0, sql: "SELECT datum, categorie, delivery_id FROM incident WHERE incident_id = 'I1'")
            }
            #expect(row?["datum"] == "2025-01-02" && row?["categorie"] == "TEST", "vanaf \(identifier)")
            let applied = try migrated.pool.read { try Migrations.migrator.appliedIdentifiers($0) }
            #expect(applied == Set(identifiers), "vanaf \(identifier)")
            #expect(try migrated.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM quarantine") } == 1)
            // v13: no file names, not even in the file's free pages (SPEC §5).
            #expect(
                try migrated.pool.read { try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info('delivery')") }.contains(
                    "file_name") == false)
            try migrated.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            let bytes =
                try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
            #expect(bytes.range(of: Data("f.csv".utf8)) == nil, "vanaf \(identifier): de bestandsnaam staat nog in het bestand")
        }
    }
}

@Suite("backup and restore: what killed runs leave, and backups on read-only media")
struct BackupLeftoverTests {
    @Test("a killed backup's hidden copy is removed by the next backup; a copy a running backup holds is left alone")
    func staleBackupCopiesRemoved() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let backups = folder.file("reservekopieen")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let stale = backups + "/.schoolveilig-2026-12-01.sqlite.\(UUID().uuidString).tmp"
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: stale))
        try Data().write(to: URL(fileURLWithPath: stale + "-journal"))
        let busy = backups + "/.schoolveilig-2026-12-02.sqlite.\(UUID().uuidString).tmp"
        try Data(repeating: 8, count: 4096).write(to: URL(fileURLWithPath: busy))
        let holder = open(busy, O_RDONLY)
        #expect(flock(holder, LOCK_EX) == 0)
        defer { close(holder) }
        let notOurs = backups + "/.verborgen.tmp"
        try Data("van de beheerder".utf8).write(to: URL(fileURLWithPath: notOurs))

        _ = try DatabaseBackup.backup(database, to: backups + "/schoolveilig-2026-12-03.sqlite")
        let left = try FileManager.default.contentsOfDirectory(atPath: backups).sorted()
        #expect(left == [(busy as NSString).lastPathComponent, ".verborgen.tmp", "schoolveilig-2026-12-03.sqlite"].sorted())
    }

    @Test("restore only reads the backup: nothing is written beside it (a WAL-mode copy included); a killed restore's copy goes")
    func restoreReadsOnly() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        _ = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(
            path: try folder.write("a.csv", BackupAndMigrationTests.export))
        let before = try DatabaseDump.dump(database)
        // A copy made by hand of the live (WAL-mode) file, on "media" that must stay untouched.
        let media = folder.file("usb")
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try database.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try FileManager.default.copyItem(atPath: database.path, toPath: media + "/kopie.sqlite")
        let onMedia = try FileManager.default.contentsOfDirectory(atPath: media)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: media + "/kopie.sqlite"))
        _ = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(
            path: try folder.write("b.csv", BackupAndMigrationTests.export.replacingOccurrences(of: "B2,", with: "B3,")))
        let target = database.path
        try database.pool.close()
        let killed = target + ".herstel-\(UUID().uuidString).tmp"
        try Data(repeating: 1, count: 8192).write(to: URL(fileURLWithPath: killed))

        _ = try DatabaseBackup.restore(media + "/kopie.sqlite", to: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: media) == onMedia, "naast de reservekopie is iets geschreven")
        #expect(try Data(contentsOf: URL(fileURLWithPath: media + "/kopie.sqlite")) == bytes)
        #expect(!FileManager.default.fileExists(atPath: killed), "de kopie van een afgebroken restore bleef staan")
        #expect(try DatabaseDump.dump(try SchoolveiligDatabase.openMigrated(path: target)) == before)
    }
}
