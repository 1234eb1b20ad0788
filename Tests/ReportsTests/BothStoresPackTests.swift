import Demo
import Domain
import Formats
import Foundation
import Ingest
import Pipeline
import Reports
import Store
import TestSupport
import Testing

/// The demo's data in both stores: every pack published from PostgreSQL equals the pack from
/// SQLite byte for byte (the PostgreSQL test database sorts with a Dutch ICU collation, so an
/// ORDER BY without byte order would show here).
@Suite("Packs from both stores are byte-identical", .serialized)
struct BothStoresPackTests {
    static let pipelines = ["kerngroep", "bestuurlijk", "stadsdeel", "po-wijk", "schoolgesprek", "stedelijke-voorzieningen"]

    /// The demo in SQLite (as `schoolveilig demo` builds it) and the same files in PostgreSQL.
    static func demoInBothStores(_ folder: TemporaryFolder) throws -> (sqlite: SchoolveiligDatabase, postgres: PostgresStore) {
        let run = try DemoRun(output: folder.file("demo"), asOf: DemoScenario.defaultAsOf) { _ in }
        _ = try run.execute()
        let sqlite = try SchoolveiligDatabase.openMigrated(path: run.databasePath)
        _ = try MartBuilder.refresh(sqlite)
        let postgres = try PostgresStore.openMigrated(url: try TestStores.newPostgresURL())
        let referentie = folder.file("demo/referentie")
        let loaded = try ReferenceLoader.load(directory: referentie)
        _ = try postgres.replaceReference(loaded.data, sha256: loaded.sha256, source: referentie, force: false)
        _ = try Ingester(database: postgres, asOf: DemoScenario.defaultAsOf, periodFromFileName: true).ingest(
            try ExportFiles.expand([run.inbox]))
        _ = try postgres.refreshMarts(full: false)
        return (sqlite, postgres)
    }

    func publish(_ pipeline: String, from store: some MartReader & ReleaseRegisters & PublishedCells & PackEditions, into output: String)
        throws
        -> [String: Data]
    {
        let (cadence, parameters) = try DemoPacks.parameters(pipeline)
        let settings = try PackSettings(pipelineName: pipeline, cadence: cadence, parameters: parameters)
        let period = settings.cadence.lastComplete(asOf: DemoScenario.defaultAsOf)
        _ = try PackPublisher.publish(
            pipeline: pipeline, settings: settings, parameters: parameters, period: period, asOf: DemoScenario.defaultAsOf,
            output: output, in: store)
        var files: [String: Data] = [:]
        for name in DemoPacks.files(output) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent(name)))
        }
        return files
    }

    @Test(
        "the demo's packs from PostgreSQL equal those from SQLite, file for file and byte for byte",
        .enabled(if: TestStores.kinds.contains(.postgres)))
    func sameBytes() throws {
        let folder = try TemporaryFolder()
        let (sqlite, postgres) = try Self.demoInBothStores(folder)
        defer { try? postgres.dropSchema() }
        #expect(try postgres.martLines() == MartBuilder.snapshot(sqlite))
        for pipeline in Self.pipelines {
            let fromSQLite = try publish(pipeline, from: sqlite, into: folder.file("sqlite-\(pipeline)"))
            let fromPostgres = try publish(pipeline, from: postgres, into: folder.file("postgres-\(pipeline)"))
            #expect(!fromSQLite.isEmpty, "\(pipeline): no files")
            #expect(fromPostgres.keys.sorted() == fromSQLite.keys.sorted(), "\(pipeline)")
            for (name, bytes) in fromSQLite.sorted(by: { $0.key < $1.key }) {
                #expect(fromPostgres[name] == bytes, "\(pipeline)/\(name) differs")
            }
            #expect(try postgres.releaseRegisters(audience: pipeline) == sqlite.releaseRegisters(audience: pipeline), "\(pipeline)")
        }
    }
}
