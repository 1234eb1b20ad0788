import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("counts: SPEC §3 on a real database")
struct CountsTests {
    /// Incidents placed on the calendar's boundaries, over schools in three wijken (one without gebied).
    static let rows = """
        incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst
        B1,PO1,2024-07-31,PESTEN,school,nee,0-11,licht
        B2,PO1,2024-08-01,PESTEN,school,nee,0-11,licht
        B3,VO1,2024-12-31,WAPENS,omgeving,ja,16-17,zwaar
        B4,VO1,2025-01-01,WAPENS,omgeving,ja,16-17,zwaar
        B5,MBO1,2024-02-29,DRUGS,,ja,18+,
        B6,MBO1,2024-03-01,DRUGS,online,nee,18+,middel
        B7,PO2,2024-06-30,DIEFSTAL,school,onbekend,12-15,licht
        B8,PO2,2024-07-01,DIEFSTAL,school,ja,12-15,licht

        """

    /// The store of `kind` with the boundary rows ingested (`counts` aggregates in the store itself).
    static func database(_ folder: TemporaryFolder, _ kind: StoreKind) throws -> TestStore {
        let test = try TestStores.withSmallReference(kind, in: folder)
        let path = try folder.write("boundaries.csv", rows)
        _ = try Ingester(database: test.store, asOf: Day(iso: "2025-06-30")!).ingest(path: path)
        return test
    }

    func csv(_ test: TestStore, _ by: String, from: String? = nil, to: String? = nil) throws -> String {
        try Counts.compute(
            by: CountDimension.parseList(by), from: from.flatMap { Day(iso: $0) }, to: to.flatMap { Day(iso: $0) }, in: test.store
        ).render(.csv)
    }

    @Test(
        "every dimension, across 31 July/1 August, 31 December/1 January and 29 February",
        arguments: TestStores.kinds,
        [
            ("school", "school,aantal\nMBO1,2\nPO1,2\nPO2,2\nVO1,2\n"),
            ("wijk", "wijk,aantal\nW1,2\nW2,2\nW3,2\nW4,2\n"),
            ("stadsdeel", "stadsdeel,aantal\nBuiten,4\nHaven,4\n"),
            ("gebied", "gebied,aantal\nBuiten-Hout,4\nOost-Haven,2\nonbekend,2\n"),
            ("sector", "sector,aantal\nMBO,2\nPO,4\nVO,2\n"),
            ("categorie", "categorie,aantal\nDIEFSTAL,2\nDRUGS,2\nPESTEN,2\nWAPENS,2\n"),
            ("locatie", "locatie,aantal\nomgeving,2\nonbekend,1\nonline,1\nschool,4\n"),
            ("politie", "politie,aantal\nja,4\nnee,3\nonbekend,1\n"),
            ("leeftijd", "leeftijd,aantal\n0-11,2\n12-15,2\n16-17,2\n18+,2\n"),
            ("ernst", "ernst,aantal\nlicht,4\nmiddel,1\nonbekend,1\nzwaar,2\n"),
            ("jaar", "jaar,aantal\n2024,7\n2025,1\n"),
            ("maand", "maand,aantal\n2024-02,1\n2024-03,1\n2024-06,1\n2024-07,2\n2024-08,1\n2024-12,1\n2025-01,1\n"),
            ("kwartaal", "kwartaal,aantal\n2024-Q1,2\n2024-Q2,1\n2024-Q3,3\n2024-Q4,1\n2025-Q1,1\n"),
            ("halfjaar", "halfjaar,aantal\n2024-H1,3\n2024-H2,4\n2025-H1,1\n"),
            ("schooljaar", "schooljaar,aantal\n2023-2024,5\n2024-2025,3\n"),
        ])
    func dimension(kind: StoreKind, by: (String, String)) throws {
        let folder = try TemporaryFolder()
        #expect(try csv(try Self.database(folder, kind), by.0) == by.1)
    }

    @Test("several dimensions keep the order given and sort rows by their values", arguments: TestStores.kinds)
    func combined(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let database = try Self.database(folder, kind)
        #expect(
            try csv(database, "sector,schooljaar")
                == "sector,schooljaar,aantal\nMBO,2023-2024,2\nPO,2023-2024,3\nPO,2024-2025,1\nVO,2024-2025,2\n")
        #expect(
            try csv(database, "schooljaar,sector")
                == "schooljaar,sector,aantal\n2023-2024,MBO,2\n2023-2024,PO,3\n2024-2025,PO,1\n2024-2025,VO,2\n")
    }

    @Test("--from and --to are inclusive bounds on datum", arguments: TestStores.kinds)
    func bounds(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let database = try Self.database(folder, kind)
        #expect(try csv(database, "maand", from: "2024-07-01", to: "2024-07-31") == "maand,aantal\n2024-07,2\n")
        #expect(try csv(database, "jaar", from: "2024-12-31") == "jaar,aantal\n2024,1\n2025,1\n")
        #expect(try csv(database, "jaar", to: "2024-02-29") == "jaar,aantal\n2024,1\n")
        #expect(try csv(database, "jaar", from: "2030-01-01") == "jaar,aantal\n")
    }

    @Test("table and JSON formats carry the same numbers", arguments: TestStores.kinds)
    func formats(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try Self.database(folder, kind)
        let counts = try Counts.compute(by: [.stadsdeel], from: nil, to: nil, in: test.store)
        #expect(
            counts.render(.json) == "[\n  {\"stadsdeel\": \"Buiten\", \"aantal\": 4},\n  {\"stadsdeel\": \"Haven\", \"aantal\": 4}\n]\n")
        let table = counts.render(.table)
        #expect(table.contains("Buiten          4"))
        #expect(table.contains("Totaal          8"))
    }
}
