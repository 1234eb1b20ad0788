import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Ingester: SPEC §2d on a real SQLite file and a real PostgreSQL schema")
struct IngesterTests {
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"
    static let asOf = Day(iso: "2025-06-30")!

    struct Setup {
        let folder: TemporaryFolder
        /// The store of this test, SQLite or PostgreSQL, with direct reads for the checks.
        let database: TestStore
        let ingester: Ingester

        init(_ kind: StoreKind = .sqlite) throws {
            folder = try TemporaryFolder()
            database = try TestStores.withSmallReference(kind, in: folder)
            ingester = Ingester(database: database.store, asOf: IngesterTests.asOf)
        }

        func ingest(_ name: String, _ body: String, header: String = IngesterTests.header) throws -> FileSummary {
            try ingester.ingest(path: try folder.write(name, header + body))
        }

        func totals(_ summary: FileSummary) -> DeliveryWriter.Totals? {
            if case .stored(let totals) = summary.outcome { totals } else { nil }
        }

        func stored() throws -> [String: [String]] {
            var result: [String: [String]] = [:]
            for row in try database.probe.rows("SELECT * FROM incident") {
                let key = (row["school_code"]!!) + "/" + (row["incident_id"]!!)
                result[key] = ["datum", "categorie", "locatie", "politie", "leeftijd", "ernst"].map { row[$0]!! }
            }
            return result
        }

        func quarantine() throws -> [(line: Int, kolom: String?, reden: String, waarde: String?)] {
            try database.probe.rows("SELECT line, kolom, reden, waarde_gemaskeerd FROM quarantine ORDER BY line, id").map {
                (Int($0["line"]!!)!, $0["kolom"]!, $0["reden"]!!, $0["waarde_gemaskeerd"]!)
            }
        }
    }

    @Test("valid rows are stored in canonical form; empty optional values mean onbekend", arguments: TestStores.kinds)
    func storesValidRows(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest("a.csv", "A1,PO1,2025-03-07,pesten,school,ja,0-11,licht\nA2, po1 ,2025-03-08, Fysiek Geweld ,,,,\n")
        #expect(
            setup.totals(summary)
                == {
                    var t = DeliveryWriter.Totals(); t.rowsRead = 2; t.new = 2; return t
                }())
        #expect(summary.exitStatus == .done)
        let stored = try setup.stored()
        #expect(stored["PO1/A1"] == ["2025-03-07", "PESTEN", "school", "ja", "0-11", "licht"])
        #expect(stored["PO1/A2"] == ["2025-03-08", "FYSIEK_GEWELD", "onbekend", "onbekend", "onbekend", "onbekend"])
    }

    @Test("header names are case-insensitive, in any order; unknown columns are dropped and reported", arguments: TestStores.kinds)
    func headerHandling(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest(
            "b.csv", "2025-01-02,Jan Jansen,WAPENS,B1,VO1\n",
            header: "DATUM, Naam leerling ,Categorie,INCIDENT_ID,School_Code\n")
        #expect(setup.totals(summary)?.new == 1)
        #expect(summary.droppedColumns == ["Naam leerling"])
        #expect(try setup.stored()["VO1/B1"] == ["2025-01-02", "WAPENS", "onbekend", "onbekend", "onbekend", "onbekend"])
        let dump = try setup.database.fullDump()
        #expect(!dump.contains("Jansen"))
        #expect(try setup.database.probe.string("SELECT dropped_columns FROM delivery") == "Naam leerling")
    }

    @Test(
        "each validity rule quarantines its row with line, column and a masked value",
        arguments: TestStores.kinds,
        [
            ("X1,PO1,2023-02-29,PESTEN,,,,", "datum", "geen geldige datum"),
            ("X1,PO1,03/07/25,PESTEN,,,,", "datum", "geen geldige datum"),
            ("X1,PO1,31-04-2025,PESTEN,,,,", "datum", "geen geldige datum"),
            ("X1,PO1,1999-12-31,PESTEN,,,,", "datum", "vóór 2000-01-01"),
            ("X1,PO1,2025-07-01,PESTEN,,,,", "datum", "na de peildatum"),
            ("X1,PO1,,PESTEN,,,,", "datum", "verplichte waarde ontbreekt"),
            ("X1,ZZ9,2025-03-07,PESTEN,,,,", "school_code", "onbekende school_code"),
            (",PO1,2025-03-07,PESTEN,,,,", "incident_id", "verplichte waarde ontbreekt"),
            ("\(String(repeating: "k", count: 65)),PO1,2025-03-07,PESTEN,,,,", "incident_id", "langer dan 64 tekens"),
            ("X1,PO1,2025-03-07,RUZIE,,,,", "categorie", "onbekende categorie"),
            ("X1,PO1,2025-03-07,,,,,", "categorie", "verplichte waarde ontbreekt"),
            ("X1,PO1,2025-03-07,PESTEN,thuis,,,", "locatie", "ongeldige waarde"),
            ("X1,PO1,2025-03-07,PESTEN,,misschien,,", "politie", "ongeldige waarde"),
            ("X1,PO1,2025-03-07,PESTEN,,,14,", "leeftijd", "ongeldige waarde"),
            ("X1,PO1,2025-03-07,PESTEN,,,,extreem", "ernst", "ongeldige waarde"),
        ])
    func validityRules(kind: StoreKind, rule: (String, String, String)) throws {
        let (row, column, reason) = rule
        let setup = try Setup(kind)
        let summary = try setup.ingest("v.csv", "OK1,PO1,2025-03-01,PESTEN,,,,\n" + row + "\n")
        #expect(setup.totals(summary)?.quarantinedLines == 1)
        #expect(setup.totals(summary)?.new == 1)
        #expect(summary.exitStatus == .quarantined)
        let lines = try setup.quarantine()
        #expect(lines.count == 1)
        #expect(lines.first?.line == 3)
        #expect(lines.first?.kolom == column)
        #expect(lines.first?.reden.contains(reason) == true)
        #expect(try setup.stored().keys.sorted() == ["PO1/OK1"])
    }

    @Test("a row with the wrong number of fields or a stray quote is quarantined", arguments: TestStores.kinds)
    func structuralRowProblems(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest(
            "s.csv",
            "S1,PO1,2025-03-07,PESTEN\nS2,PO1,2025-03-07,PESTEN,,,,,extra\nS3,PO1,2025-03-07,PE\"STEN,,,,\nS4,PO1,2025-03-07,PESTEN,,,,\n")
        #expect(setup.totals(summary)?.quarantinedLines == 3)
        #expect(try setup.stored().keys.sorted() == ["PO1/S4"])
        #expect(try setup.quarantine().map(\.line) == [2, 3, 4, 4])
    }

    @Test("a header repeated mid-file (two exports pasted together) is quarantined as such", arguments: TestStores.kinds)
    func repeatedHeader(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest(
            "r.csv", "A,PO1,2025-01-01,PESTEN,,,,\n" + IngesterTests.header.uppercased() + "B,PO1,2025-01-02,PESTEN,,,,\n")
        #expect(setup.totals(summary)?.new == 2)
        #expect(setup.totals(summary)?.quarantinedLines == 1)
        #expect(try setup.quarantine().first?.reden.contains("kopregel staat hier nog een keer") == true)
    }

    @Test("quarantine never keeps a raw value: values are masked", arguments: TestStores.kinds)
    func masking(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("m.csv", "M1,PO1,2025-03-07,jan.jansen@example.org,,,,\n")
        let lines = try setup.quarantine()
        #expect(lines.first?.waarde == Masking.mask("jan.jansen@example.org"))
        #expect(!(try setup.database.fullDump()).contains("jansen"))
    }

    @Test("a later valid version of a key replaces the earlier; a later invalid row leaves it", arguments: TestStores.kinds)
    func latestWins(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("1.csv", "K1,VO1,2025-02-01,DIEFSTAL,school,nee,12-15,licht\nK2,VO1,2025-02-02,PESTEN,,,,\n")
        let second = try setup.ingest(
            "2.csv", "K1,VO1,2025-02-01,DIEFSTAL,school,ja,12-15,middel\nK2,VO1,2025-02-31,PESTEN,,,,\nK3,VO1,2025-02-03,DRUGS,,,,\n")
        #expect(setup.totals(second)?.new == 1)
        #expect(setup.totals(second)?.updated == 1)
        #expect(setup.totals(second)?.quarantinedLines == 1)
        let stored = try setup.stored()
        #expect(stored["VO1/K1"] == ["2025-02-01", "DIEFSTAL", "school", "ja", "12-15", "middel"])
        #expect(stored["VO1/K2"] == ["2025-02-02", "PESTEN", "onbekend", "onbekend", "onbekend", "onbekend"])
        let third = try setup.ingest("3.csv", "K1,VO1,2025-02-01,Diefstal,School,JA,12-15,Middel\n")
        #expect(setup.totals(third)?.unchanged == 1)
        #expect(setup.totals(third)?.updated == 0)
        // The delivery that brought the current version is recorded.
        let deliveryOfK1 = try setup.database.probe.int(
            "SELECT d.id FROM incident i JOIN delivery d ON d.id = i.delivery_id WHERE incident_id = 'K1'")
        #expect(deliveryOfK1 == 2)
    }

    @Test("identical repeats of a key in one file count once; differing repeats are all quarantined", arguments: TestStores.kinds)
    func duplicatesWithinFile(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("0.csv", "D2,PO2,2025-01-10,PESTEN,,,,\n")
        let summary = try setup.ingest(
            "1.csv",
            """
            D1,PO2,2025-01-05,PESTEN,school,,,
            D1,PO2,2025-01-05,pesten,School,,,
            D2,PO2,2025-01-11,PESTEN,,,,
            D3,PO2,2025-01-06,DIEFSTAL,,,,
            D2,PO2,2025-01-12,PESTEN,,,,
            D2,PO2,2025-01-11,PESTEN,,,,

            """)
        let totals = setup.totals(summary)
        #expect(totals?.rowsRead == 6)
        #expect(totals?.new == 2)
        #expect(totals?.quarantinedLines == 3)
        let stored = try setup.stored()
        #expect(stored.count == 3)
        // The conflicting key keeps the version from the earlier delivery.
        #expect(stored["PO2/D2"]?.first == "2025-01-10")
        let lines = try setup.quarantine()
        #expect(lines.map(\.line) == [4, 6, 7])
        #expect(lines.allSatisfy { $0.reden == DeliveryWriter.conflictReason })
    }

    /// Repeats of one key in one file, against an earlier delivery holding `v0`:
    /// (rows of the file, stored datum afterwards, new, updated, unchanged, quarantined lines).
    @Test(
        "repeats of a key against an earlier version",
        arguments: TestStores.kinds,
        [
            (["v1", "v2"], "v0", 0, 0, 0, [2, 3]),
            (["v0", "v1"], "v0", 0, 0, 0, [2, 3]),
            (["v1", "v0"], "v0", 0, 0, 0, [2, 3]),
            (["v1", "v1"], "v1", 0, 1, 0, []),
            (["v0", "v0"], "v0", 0, 0, 1, []),
            (["v1", "v2", "v1", "v0"], "v0", 0, 0, 0, [2, 3, 4, 5]),
            (["v1", "v1", "v2"], "v0", 0, 0, 0, [2, 3, 4]),
            (["v0", "v0", "v0", "v1"], "v0", 0, 0, 0, [2, 3, 4, 5]),
        ] as [([String], String, Int, Int, Int, [Int])])
    func repeatsAgainstEarlier(kind: StoreKind, case repeats: ([String], String, Int, Int, Int, [Int])) throws {
        let (rows, storedAfter, new, updated, unchanged, lines) = repeats
        let setup = try Setup(kind)
        let dates = ["v0": "2025-01-10", "v1": "2025-01-11", "v2": "2025-01-12"]
        _ = try setup.ingest("0.csv", "K,VO1,\(dates["v0"]!),PESTEN,,,,\n")
        let body = rows.map { "K,VO1,\(dates[$0]!),PESTEN,,,,\n" }.joined()
        let totals = setup.totals(try setup.ingest("1.csv", body))
        #expect(totals?.new == new)
        #expect(totals?.updated == updated)
        #expect(totals?.unchanged == unchanged)
        #expect(totals?.quarantinedLines == lines.count)
        #expect(try setup.quarantine().map(\.line) == lines)
        #expect(try setup.stored()["VO1/K"]?.first == dates[storedAfter])
        // The stored row points at the delivery and line that brought it.
        let source = try setup.database.probe.row("SELECT d.id, i.line FROM incident i JOIN delivery d ON d.id = i.delivery_id")
        #expect((source?["id"] ?? nil).flatMap { Int($0) } == (storedAfter == "v0" ? 1 : 2))
        #expect((source?["line"] ?? nil).flatMap { Int($0) } == 2)
    }

    @Test("conflicting repeats of a new key: nothing stored, every line quarantined", arguments: TestStores.kinds)
    func repeatsOfNewKey(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let totals = setup.totals(
            try setup.ingest(
                "1.csv",
                "N,VO1,2025-01-11,PESTEN,,,,\nN,VO1,2025-01-11,PESTEN,,,,\nN,VO1,2025-01-12,PESTEN,,,,\nN,VO1,2025-01-11,PESTEN,,,,\nM,VO1,2025-01-11,PESTEN,,,,\n"
            ))
        #expect(totals?.new == 1)
        #expect(totals?.quarantinedLines == 4)
        #expect(try setup.quarantine().map(\.line) == [2, 3, 4, 5])
        #expect(try setup.stored().keys.sorted() == ["VO1/M"])
    }

    @Test("ingesting the same bytes again changes nothing, whatever the file is called", arguments: TestStores.kinds)
    func sameFileTwice(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let body = "R1,MBO1,2025-04-01,DRUGS,omgeving,ja,18+,zwaar\nR2,MBO1,2025-04-02,bogus,,,,\n"
        _ = try setup.ingest("first.csv", body)
        let before = try setup.database.fullDump()
        let again = try setup.ingest("first.csv", body)
        let renamed = try setup.ingest("renamed.csv", body)
        #expect({ if case .alreadyIngested = again.outcome { true } else { false } }())
        #expect({ if case .alreadyIngested = renamed.outcome { true } else { false } }())
        #expect(again.exitStatus == .done)
        #expect(try setup.database.fullDump() == before)
    }

    @Test(
        "a rejected file leaves no trace",
        arguments: TestStores.kinds,
        [
            ("no header", [UInt8]()),
            ("missing column", Array("incident_id,school_code,datum\nA,PO1,2025-01-01\n".utf8)),
            ("duplicate column", Array("incident_id,school_code,datum,categorie,Datum\nA,PO1,2025-01-01,PESTEN,2025-01-01\n".utf8)),
            ("bad bytes", Array(IngesterTests.header.utf8) + Array("A,PO1,caf\u{E9},".utf8) + [0xE9, 0x0A]),
            ("binary", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
            ("undefined Windows-1252 byte", Array(IngesterTests.header.utf8) + [0x41, 0x2C, 0x81, 0x0A]),
            ("unterminated quote", Array((IngesterTests.header + "A,PO1,2025-01-01,\"PESTEN,,,,\nB,PO1,2025-01-01,PESTEN,,,,\n").utf8)),
            ("header only", Array(IngesterTests.header.utf8)),
        ] as [(String, [UInt8])])
    func rejected(kind: StoreKind, file: (String, [UInt8])) throws {
        let (name, bytes) = file
        let setup = try Setup(kind)
        _ = try setup.ingest("good.csv", "G1,PO1,2025-01-01,PESTEN,,,,\n")
        let before = try setup.database.fullDump()
        let summary = try setup.ingester.ingest(path: try setup.folder.write("bad.csv", bytes: bytes))
        guard case .rejected(let reason) = summary.outcome else {
            Issue.record("\(name): expected a rejection, got \(summary.outcome)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(summary.exitStatus == .quarantined)
        #expect(try setup.database.fullDump() == before)
    }

    @Test("rejections name the line: header problems on line 1, a broken quote where its record starts", arguments: TestStores.kinds)
    func rejectionMessages(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let missing = try setup.ingest("m.csv", "A,PO1\n", header: "incident_id,school_code\n")
        #expect(missing.line.contains("regel 1"))
        let quote = try setup.ingest("q.csv", "A,PO1,2025-01-01,PESTEN,,,,\nB,PO1,\"2025-01-01,PESTEN,,,,\n")
        #expect(quote.line.contains("regel 3"))
        let bytes = try setup.ingester.ingest(
            path: try setup.folder.write(
                "u.csv", bytes: Array((IngesterTests.header + "A,PO1,2025-01-01,PESTEN,caf\u{E9},,,\nB,").utf8) + [0xFF]))
        #expect(bytes.line.contains("regel 3, byte 3"))
    }

    @Test("a file in a folder named after a school may only carry that school's rows", arguments: TestStores.kinds)
    func schoolFolder(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let path = try setup.folder.write(
            "inbox/PO1/export.csv", IngesterTests.header + "F1,PO1,2025-01-01,PESTEN,,,,\nF2,PO2,2025-01-01,PESTEN,,,,\n")
        let summaries = try setup.ingester.ingest(try ExportFiles.expand([setup.folder.file("inbox")]))
        #expect(summaries.map(\.path) == [path])
        #expect(setup.totals(summaries[0])?.new == 1)
        #expect(try setup.quarantine().first?.kolom == "school_code")
    }

    @Test("directories are read in path order, sub-folders included, hidden files skipped")
    func directoryOrder() throws {
        let folder = try TemporaryFolder()
        try folder.write("in/b.csv", "x")
        try folder.write("in/a/z.csv", "x")
        try folder.write("in/a.csv", "x")
        try folder.write("in/.hidden.csv", "x")
        try folder.write("in/notes.pdf", "x")
        try folder.write("in/oud.xls", "x")  // taken, to be refused with "sla het bestand op als .xlsx of .csv"
        let items = try ExportFiles.expand([folder.file("in")])
        #expect(items.map { String($0.path.dropFirst(folder.path.count)) } == ["/in/a.csv", "/in/a/z.csv", "/in/b.csv", "/in/oud.xls"])
        #expect(throws: UsageError.self) { try ExportFiles.expand([folder.file("missing.csv")]) }
        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        #expect(throws: UsageError.self) { try ExportFiles.expand([folder.file("empty")]) }
    }

    @Test("Dutch dates and booleans as school systems write them", arguments: TestStores.kinds)
    func dutchValues(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest(
            "n.csv", "N1,PO1,7-3-2025,PESTEN,,J,,\nN2,PO1,07/03/2025 14:05,PESTEN,,0,,\nN3,PO1,2025-03-07T09:00:00,PESTEN,,waar,,\n")
        #expect(setup.totals(summary)?.new == 3)
        let stored = try setup.stored()
        #expect(stored["PO1/N1"]?[0] == "2025-03-07")
        #expect(stored["PO1/N1"]?[3] == "ja")
        #expect(stored["PO1/N2"]?[0] == "2025-03-07")
        #expect(stored["PO1/N2"]?[3] == "nee")
        #expect(stored["PO1/N3"]?[3] == "ja")
    }

    @Test("dates up to and including the as-of date are valid", arguments: TestStores.kinds)
    func asOfBoundary(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest("d.csv", "E1,PO1,2025-06-30,PESTEN,,,,\nE2,PO1,2000-01-01,PESTEN,,,,\n")
        #expect(setup.totals(summary)?.new == 2)
    }
}
