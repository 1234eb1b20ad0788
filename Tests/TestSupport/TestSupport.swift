import Domain
import Formats
import Foundation
import GRDB
import Ingest

@testable import Store

/// A temporary folder that removes itself; every test gets its own real files and database.
public final class TemporaryFolder: @unchecked Sendable {
    public let path: String

    public init() throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("schoolveilig-tests")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = (base as NSString).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `text` (or raw bytes) to `name`, creating sub-folders; returns the path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// A small fictional reference set: two stadsdelen, four wijken (one without gebied), five schools.
public enum SmallReference {
    public static let wijken = """
        wijk_code,wijk_naam,stadsdeel,gebied
        W1,Noorderkwartier,Buiten,Buiten-Hout
        W2,Zuiderkwartier,Buiten,Buiten-Hout
        W3,Havenkwartier,Haven,Oost-Haven
        W4,Nieuwland,Haven,
        """
    public static let scholen = """
        school_code,naam,sector,wijk_code,aangesloten_per
        PO1,Basisschool De Testvogel,PO,W1,2023-11-14
        PO2,Kindcentrum Het Proefveld,PO,W3,
        VO1,College De Toetssteen,VO,W2,2023-11-14
        MBO1,MBO College Oefenhaven,MBO,W4,2024-03-01
        SO1,SO De Probeerplek,SO,W3,
        """
    public static let leerlingen = """
        school_code,schooljaar,leerlingen
        PO1,2024-2025,300
        PO2,2024-2025,250
        VO1,2024-2025,1200
        MBO1,2024-2025,3000
        SO1,2024-2025,90
        """

    /// Writes the set into `folder/name` and returns that directory.
    @discardableResult
    public static func write(in folder: TemporaryFolder, name: String = "referentie") throws -> String {
        try folder.write("\(name)/wijken.csv", wijken + "\n")
        try folder.write("\(name)/scholen.csv", scholen + "\n")
        try folder.write("\(name)/leerlingen.csv", leerlingen + "\n")
        return folder.file(name)
    }

    /// A new database in `folder` with this reference set loaded.
    public static func database(in folder: TemporaryFolder) throws -> SchoolveiligDatabase {
        let directory = try write(in: folder)
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("test.sqlite"))
        let loaded = try ReferenceLoader.load(directory: directory)
        _ = try ReferenceStore.replace(loaded.data, sha256: loaded.sha256, source: directory, force: false, in: database)
        return database
    }
}

/// Every table's rows as text, sorted: two equal dumps mean two equal databases.
public enum DatabaseDump {
    public static func dump(_ database: SchoolveiligDatabase, excluding: Set<String> = []) throws -> String {
        try database.pool.read { db in
            let tables = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
            )
            var lines: [String] = []
            for table in tables where !excluding.contains(table) {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)")
                lines += rows.map { "\(table): \($0.description)" }.sorted()
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension Ingester {
    /// Ingests one file; test convenience.
    public func ingest(path: String) throws -> FileSummary {
        try ingest(ExportFiles.Item(path: path, parentFolder: ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent))
    }
}

/// What a test reads straight from the database to check what was stored: one SQL query, its
/// values as Swift values. Only tests inspect the tables this way; the product goes through the
/// Store's ports.
public struct DatabaseProbe: Sendable {
    let database: SchoolveiligDatabase

    public func int(_ sql: String) throws -> Int? { try database.pool.read { try Int.fetchOne($0, sql: sql) } }
    public func ints(_ sql: String) throws -> [Int] { try database.pool.read { try Int.fetchAll($0, sql: sql) } }
    public func string(_ sql: String) throws -> String? { try database.pool.read { try String.fetchOne($0, sql: sql) } }
    public func strings(_ sql: String) throws -> [String] { try database.pool.read { try String.fetchAll($0, sql: sql) } }

    /// The first row, each column as text (`nil` for NULL).
    public func row(_ sql: String) throws -> [String: String?]? { try rows(sql).first }

    /// Every row, each column as text (`nil` for NULL).
    public func rows(_ sql: String) throws -> [[String: String?]] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                var values: [String: String?] = [:]
                for (column, value) in row {
                    values[column] =
                        value.isNull
                        ? .some(nil)
                        : .some(String.fromDatabaseValue(value) ?? Int64.fromDatabaseValue(value).map(String.init) ?? value.description)
                }
                return values
            }
        }
    }

    /// Writes the WAL into the main file and empties it (a test that reads every byte on disk).
    public func checkpoint() throws { try database.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) } }

    /// Changes the database for a test's set-up.
    public func execute(_ sql: String) throws { try database.pool.write { try $0.execute(sql: sql) } }
}

extension SchoolveiligDatabase {
    /// Direct reads of the tables, for tests.
    public var probe: DatabaseProbe { DatabaseProbe(database: self) }
}
