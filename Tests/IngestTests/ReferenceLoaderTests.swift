import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Reference load: SPEC §1")
struct ReferenceLoaderTests {
    @Test("the demo fixtures and the default category list load")
    func fixtures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let categories = try ReferenceLoader.loadCategories(path: root.appendingPathComponent("fixtures/reference/categorieen.csv").path)
        #expect(categories == DefaultCategories.list)
    }

    @Test("a valid directory loads, with ; as delimiter too, and the default categories when none are given")
    func loads() throws {
        let folder = try TemporaryFolder()
        try folder.write("r/wijken.csv", "wijk_code;wijk_naam;stadsdeel;gebied\nW1;Noord;Buiten;\n")
        try folder.write("r/scholen.csv", "school_code;naam;sector;wijk_code\nP1;School A;po;W1\n")
        try folder.write("r/leerlingen.csv", "school_code;schooljaar;leerlingen\nP1;2024-2025;200\n")
        let loaded = try ReferenceLoader.load(directory: folder.file("r"))
        #expect(loaded.data.wijken == [Wijk(code: "W1", naam: "Noord", stadsdeel: "Buiten", gebied: "onbekend")])
        #expect(loaded.data.scholen.first?.sector == .po)
        #expect(loaded.usedDefaultCategories)
        #expect(loaded.data.categorieen == DefaultCategories.list)
        #expect(loaded.sha256.count == 64)
        // The hash follows the content.
        try folder.write("r/leerlingen.csv", "school_code;schooljaar;leerlingen\nP1;2024-2025;201\n")
        #expect(try ReferenceLoader.load(directory: folder.file("r")).sha256 != loaded.sha256)
    }

    @Test(
        "broken reference data gives a message naming file, line and column",
        arguments: [
            ("scholen.csv", "school_code,naam,sector,wijk_code\nP1,A,PO,W1\nP2,B,KINDEROPVANG,W1\n", "scholen.csv regel 3, kolom sector"),
            ("scholen.csv", "school_code,naam,sector,wijk_code\nP1,A,PO,W9\n", "scholen.csv regel 2, kolom wijk_code"),
            ("scholen.csv", "school_code,naam,sector,wijk_code\nP1,A,PO,W1\nP1,B,VO,W1\n", "dubbele code 'P1'"),
            (
                "wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Buiten,\nW1,Zuid,Buiten,\n",
                "wijken.csv regel 3, kolom wijk_code"
            ),
            ("wijken.csv", "wijk_code,wijk_naam,stadsdeel\nW1,Noord,Buiten\n", "verplichte kolom ontbreekt: gebied"),
            ("leerlingen.csv", "school_code,schooljaar,leerlingen\nP1,2024-2026,10\n", "kolom schooljaar"),
            ("leerlingen.csv", "school_code,schooljaar,leerlingen\nP1,2024-2025,-3\n", "kolom leerlingen"),
            ("leerlingen.csv", "school_code,schooljaar,leerlingen\nP7,2024-2025,3\n", "kolom school_code"),
            ("categorieen.csv", "code,label,meldplicht\nA,Een,ja\nB,Twee,soms\n", "kolom meldplicht"),
            ("categorieen.csv", "code,label,meldplicht,aliassen\nA,Een,ja,x\nB,Twee,nee,X \n", "verwijst ook naar categorie A"),
        ])
    func broken(file: String, content: String, expected: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("r/wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Buiten,\n")
        try folder.write("r/scholen.csv", "school_code,naam,sector,wijk_code\nP1,A,PO,W1\n")
        try folder.write("r/leerlingen.csv", "school_code,schooljaar,leerlingen\nP1,2024-2025,10\n")
        try folder.write("r/\(file)", content)
        #expect {
            _ = try ReferenceLoader.load(directory: folder.file("r"))
        } throws: { error in
            guard let error = error as? ReferenceDataError else { return false }
            return error.message.contains(expected)
        }
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("r/wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied\n")
        #expect {
            _ = try ReferenceLoader.load(directory: folder.file("r"))
        } throws: { error in
            (error as? ReferenceDataError)?.message.contains("scholen.csv, leerlingen.csv") == true
        }
    }

    @Test("a load that would orphan stored incidents is refused unless forced; a refused load replaces nothing")
    func orphans() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let ingest = try folder.write("i.csv", "incident_id,school_code,datum,categorie\nI1,SO1,2025-01-01,PESTEN\n")
        _ = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(path: ingest)
        let before = try DatabaseDump.dump(database)

        try folder.write("r2/wijken.csv", SmallReference.wijken + "\n")
        func withoutSO1(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.hasPrefix("SO1,") }.joined(separator: "\n") + "\n"
        }
        try folder.write("r2/scholen.csv", withoutSO1(SmallReference.scholen))
        try folder.write("r2/leerlingen.csv", withoutSO1(SmallReference.leerlingen))
        let loaded = try ReferenceLoader.load(directory: folder.file("r2"))
        #expect(loaded.data.scholen.count == 4)
        #expect {
            _ = try ReferenceStore.replace(loaded.data, sha256: loaded.sha256, source: "r2", force: false, in: database)
        } throws: { error in
            (error as? ReferenceDataError)?.message.contains("school SO1 (1 incidenten)") == true
        }
        #expect(try DatabaseDump.dump(database) == before)

        let forced = try ReferenceStore.replace(loaded.data, sha256: loaded.sha256, source: "r2", force: true, in: database)
        #expect(forced.orphanedIncidents == 1)
        #expect(try database.probe.int("SELECT count(*) FROM school") == 4)
        #expect(try database.referenceMeta()?.sha256 == loaded.sha256)
    }
}
