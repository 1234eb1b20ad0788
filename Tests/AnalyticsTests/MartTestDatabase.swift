import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport

/// The small reference set with enrolment for two school years, plus helpers to ingest rows and
/// refresh the marts: every mart test runs on a real store, an SQLite file or a PostgreSQL schema
/// (`TestStores.kinds`), through the same ports the pipeline uses.
struct MartTestDatabase {
    let folder: TemporaryFolder
    /// The store with direct reads of its tables for the tests' checks.
    let test: TestStore
    var database: any PipelineStore { test.store }

    static let leerlingen = """
        school_code,schooljaar,leerlingen
        PO1,2024-2025,300
        PO2,2024-2025,250
        VO1,2024-2025,1200
        VO1,2025-2026,1500
        MBO1,2023-2024,2800
        MBO1,2024-2025,3000
        SO1,2024-2025,90

        """

    init(_ kind: StoreKind = .sqlite) throws {
        folder = try TemporaryFolder()
        let directory = try SmallReference.write(in: folder)
        try folder.write("referentie/leerlingen.csv", Self.leerlingen)
        test = try TestStores.make(kind, in: folder)
        let loaded = try ReferenceLoader.load(directory: directory)
        _ = try test.store.replaceReference(loaded.data, sha256: loaded.sha256, source: directory, force: false)
    }

    /// Ingests canonical rows (header added) as one file, optionally with a declared period.
    @discardableResult
    func ingest(_ name: String, _ rows: String, asOf: String = "2026-06-30", period: String? = nil, school: String? = nil) throws
        -> FileSummary
    {
        let path = try folder.write(name, "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n" + rows)
        let summary = try Ingester(
            database: database, asOf: Day(iso: asOf)!, declaredPeriod: period.map { try Period.parse($0) },
            school: school
        ).ingest(path: path)
        _ = try database.refreshMarts(full: false)
        return summary
    }

    /// Ingests an aggregated delivery (SPEC §2b).
    func ingestAggregated(_ name: String, _ rows: String) throws {
        let path = try folder.write(name, "school_code,maand,categorie,locatie,politie,aantal\n" + rows)
        _ = try Ingester(database: database, asOf: Day(iso: "2026-06-30")!).ingest(path: path)
        _ = try database.refreshMarts(full: false)
    }
}
