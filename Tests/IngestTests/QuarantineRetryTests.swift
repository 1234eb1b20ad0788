import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Retrying rows of an unknown school after a reference load")
struct QuarantineRetryTests {
    @Test("rows held for their unknown school are stored after the school is added; newer versions win", arguments: TestStores.kinds)
    func retry(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try TestStores.withSmallReference(kind, in: folder)
        let database = test.store
        let asOf = Day(iso: "2025-06-30")!
        let ingester = Ingester(database: database, asOf: asOf)
        let summary = try ingester.ingest(
            path: try folder.write(
                "1.csv",
                """
                incident_id,school_code,datum,categorie
                R1,NIEUW1,2025-01-05,PESTEN
                R2,NIEUW1,2025-01-06,WAPENS
                R3,NIEUW1,2025-13-06,WAPENS
                R4,ONBEKEND9,2025-01-07,PESTEN

                """))
        #expect(summary.exitStatus == .quarantined)
        let held = try test.int("SELECT count(*) FROM quarantine_retry")
        #expect(held == 3)  // R3 has a second problem (its date) and is not kept

        // Nothing to do while the school is unknown.
        #expect(
            try QuarantineRetry.run(in: database, asOf: asOf)
                == {
                    var r = QuarantineRetry.Result(); r.waiting = 3; return r
                }())

        // The reference data learns NIEUW1; meanwhile R2 is delivered again with other values.
        try folder.write("r/wijken.csv", SmallReference.wijken + "\n")
        try folder.write("r/scholen.csv", SmallReference.scholen + "\nNIEUW1,Nieuwe School,VO,W1,\n")
        try folder.write("r/leerlingen.csv", SmallReference.leerlingen + "\n")
        let loaded = try ReferenceLoader.load(directory: folder.file("r"))
        _ = try database.replaceReference(loaded.data, sha256: loaded.sha256, source: "r", force: false)
        _ = try ingester.ingest(path: try folder.write("2.csv", "incident_id,school_code,datum,categorie\nR2,NIEUW1,2025-01-09,DRUGS\n"))

        let result = try QuarantineRetry.run(in: database, asOf: asOf)
        #expect(result.stored == 1)
        #expect(result.superseded == 1)
        #expect(result.waiting == 1)
        let counts = try Counts.compute(by: [.school, .categorie], from: nil, to: nil, in: database).render(.csv)
        #expect(counts == "school,categorie,aantal\nNIEUW1,DRUGS,1\nNIEUW1,PESTEN,1\n")
        let resolved = try test.int("SELECT count(*) FROM quarantine WHERE resolved_by IS NOT NULL")
        #expect(resolved == 2)
        // The retry is a delivery of its own, and the marts count its row after a refresh.
        #expect(try test.strings("SELECT dialect FROM delivery ORDER BY id DESC LIMIT 1") == ["herkansing uit quarantaine van levering 1"])
        _ = try database.refreshMarts(full: false)
        #expect(try test.int("SELECT sum(aantal) FROM mart_month WHERE school_code = 'NIEUW1'") == 2)
        // A second retry finds nothing new.
        #expect(try QuarantineRetry.run(in: database, asOf: asOf).stored == 0)
    }
}
