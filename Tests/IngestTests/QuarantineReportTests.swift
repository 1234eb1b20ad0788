import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Quarantine report for the school")
struct QuarantineReportTests {
    @Test("one CSV per delivery: line, column, Dutch reason, masked value — never the raw value", arguments: TestStores.kinds)
    func report(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try TestStores.withSmallReference(kind, in: folder)
        let database = test.store
        let ingester = Ingester(database: database, asOf: Day(iso: "2025-06-30")!)
        _ = try ingester.ingest(path: try folder.write("clean.csv", "incident_id,school_code,datum,categorie\nA,PO1,2025-01-01,PESTEN\n"))
        _ = try ingester.ingest(
            path: try folder.write(
                "vuil bestand.csv",
                """
                incident_id,school_code,datum,categorie
                A,PO1,2025-02-30,PESTEN
                B,PO1,2025-01-01,"jan.jansen@example.org, 06-12345678"
                C,ZZ9,2025-01-01,PESTEN

                """))
        let deliveries = try QuarantineReport.deliveries(in: database)
        #expect(deliveries.count == 1)
        let report = try QuarantineReport.make(for: try #require(deliveries.first), in: database)
        // Named by delivery and school: file names are not stored (SPEC §5).
        #expect(report.fileName == "quarantaine_2_levering.csv")  // no valid row: no school known
        let lines = report.csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "regel,kolom,reden,waarde_gemaskeerd")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("2,datum,geen geldige datum"))
        #expect(lines[2].hasPrefix("3,categorie,"))
        #expect(lines[3].hasPrefix("4,school_code,onbekende school_code"))
        #expect(!report.csv.contains("jansen"))
        #expect(!report.csv.contains("12345678"))
        #expect(try QuarantineReport.deliveries(id: 1, in: database).isEmpty)
        #expect(try QuarantineReport.deliveries(id: 2, in: database) == deliveries)
    }
}
