import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Reports
import Store
import TestSupport
import Testing

/// Issue 17, small areas by design: the po-wijk pipeline makes one pack per Passend-Onderwijs
/// cluster of wijken (`po_cluster` in `wijken.csv`; without it the stadsdeel), only where the
/// cluster holds at least `min_schools` joined primary schools, and its Voorblad names the wijken.
@Suite("po-wijk: one pack per Passend-Onderwijs cluster with enough primary schools")
struct PassendOnderwijsClusterTests {
    /// C1 = W1 + W2 with three primary schools; C2 = W3 with two (and a third that joins after
    /// the school year); W4 and W5 have no cluster, so their stadsdeel Buiten is the area (three).
    static let wijken = """
        wijk_code,wijk_naam,stadsdeel,gebied,po_cluster
        W1,Noord,Haven,Oost-Haven,C1
        W2,Oost,Haven,Oost-Haven,C1
        W3,Zuid,Stad,West-Poort,C2
        W4,Hout,Buiten,Buiten-Hout,
        W5,Vogelhorst,Buiten,Buiten-Hout,

        """
    static let scholen = """
        school_code,naam,sector,wijk_code,aangesloten_per
        PO1,Basisschool Een,PO,W1,2023-11-14
        PO2,Basisschool Twee,PO,W1,2023-11-14
        PO3,Basisschool Drie,PO,W2,2023-11-14
        PO4,Basisschool Vier,PO,W3,2023-11-14
        PO5,Basisschool Vijf,PO,W3,2023-11-14
        PO6,Basisschool Zes,PO,W3,2025-09-01
        PO7,Basisschool Zeven,PO,W4,2023-11-14
        PO8,Basisschool Acht,PO,W5,2023-11-14
        PO9,Basisschool Negen,PO,W5,2023-11-14
        VO1,College Een,VO,W3,2023-11-14

        """

    static func store(_ folder: TemporaryFolder) throws -> SchoolveiligDatabase {
        try folder.write("ref/wijken.csv", wijken)
        try folder.write("ref/scholen.csv", scholen)
        var leerlingen = "school_code,schooljaar,leerlingen\n"
        for number in 1...9 { leerlingen += "PO\(number),2024-2025,\(200 + 10 * number)\n" }
        try folder.write("ref/leerlingen.csv", leerlingen + "VO1,2024-2025,900\n")
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("db.sqlite"))
        let loaded = try ReferenceLoader.load(directory: folder.file("ref"))
        _ = try database.replaceReference(loaded.data, sha256: loaded.sha256, source: "ref", force: false)
        var text = "incident_id,school_code,datum,categorie\n"
        for number in 1...9 {
            for index in 0..<(6 + number) { text += "I\(number)-\(index),PO\(number),2024-1\(index % 3)-1\(index % 9),PESTEN\n" }
        }
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-08-31")!).ingest(path: try folder.write("a.csv", text))
        // PO6 joins on 2025-09-01: its rows are before that, quarantined; the rest is stored.
        #expect(summary.exitStatus != .failed)
        _ = try database.refreshMarts(full: false)
        return database
    }

    static func publish(_ database: SchoolveiligDatabase, _ folder: TemporaryFolder, overrides: [String: String] = [:], into name: String)
        throws -> PackPublisher.Result
    {
        var (cadence, parameters) = try DemoPacks.parameters("po-wijk")
        for (key, value) in overrides { parameters[key] = value }
        let settings = try PackSettings(pipelineName: "po-wijk", cadence: cadence, parameters: parameters)
        return try PackPublisher.publish(
            pipeline: "po-wijk", settings: settings, parameters: parameters, period: Period.parse("2024-2025"),
            asOf: Day(iso: "2025-08-31")!, output: folder.file(name), in: database)
    }

    @Test(
        "a pack per cluster with three or more joined primary schools; the smaller cluster is named as left out; the Voorblad lists the wijken"
    )
    func clusters() throws {
        let folder = try TemporaryFolder()
        let database = try Self.store(folder)
        let result = try Self.publish(database, folder, into: "uit")
        #expect(result.packs == ["po-wijk_2024-2025_Buiten", "po-wijk_2024-2025_C1"])
        // PO6 joins after the school year, so C2 has two joined primary schools; VO1 is no primary school.
        #expect(result.skipped == ["cluster C2 (2 scholen)"])
        let voorblad = try #require(try DemoPacks.workbookText(folder.file("uit/po-wijk_2024-2025_C1.xlsx"))["Voorblad"])
        let lines = voorblad.map { $0.joined(separator: "|") }
        #expect(lines.contains("Gebied|cluster C1"), "\(lines)")
        #expect(lines.contains("Wijken|Noord (W1), Oost (W2)"), "\(lines)")
        let buiten = try #require(try DemoPacks.workbookText(folder.file("uit/po-wijk_2024-2025_Buiten.xlsx"))["Voorblad"])
        #expect(buiten.map { $0.joined(separator: "|") }.contains("Wijken|Hout (W4), Vogelhorst (W5)"))
        // The cluster's total is the sum over its own schools: PO1 7 + PO2 8 + PO3 9 = 24.
        let kerncijfers = try String(contentsOfFile: folder.file("uit/po-wijk_2024-2025_C1/kerncijfers.csv"), encoding: .utf8)
        #expect(kerncijfers.contains("2024-2025,PESTEN,24,"), "\(kerncijfers)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("uit/po-wijk_2024-2025_C2.xlsx")))
    }

    @Test("min_schools is a setting: at 2, the two-school cluster gets a pack too; 0 is refused")
    func setting() throws {
        let folder = try TemporaryFolder()
        let database = try Self.store(folder)
        let result = try Self.publish(database, folder, overrides: ["min_schools": "2"], into: "twee")
        #expect(result.packs == ["po-wijk_2024-2025_Buiten", "po-wijk_2024-2025_C1", "po-wijk_2024-2025_C2"])
        #expect(result.skipped.isEmpty)
        #expect(throws: UsageError.self) { try Self.publish(database, folder, overrides: ["min_schools": "0"], into: "nul") }
    }

    @Test("po_cluster is optional in wijken.csv: an empty or missing value is the wijk's stadsdeel")
    func referenceColumn() throws {
        let folder = try TemporaryFolder()
        try folder.write("r/wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied,po_cluster\nW1,Noord,Haven,,C1\nW2,Oost,Haven,,\n")
        try folder.write("r/scholen.csv", "school_code,naam,sector,wijk_code\nP1,School A,PO,W1\n")
        try folder.write("r/leerlingen.csv", "school_code,schooljaar,leerlingen\nP1,2024-2025,200\n")
        #expect(try ReferenceLoader.load(directory: folder.file("r")).data.wijken.map(\.poCluster) == ["C1", "Haven"])
        try folder.write("r/wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Haven,\nW2,Oost,Haven,\n")
        let loaded = try ReferenceLoader.load(directory: folder.file("r"))
        #expect(loaded.data.wijken.map(\.poCluster) == ["Haven", "Haven"])
        // Stored and read back on the store's side: the school's record carries its cluster.
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("db.sqlite"))
        _ = try database.replaceReference(loaded.data, sha256: loaded.sha256, source: "r", force: false)
        #expect(try database.schoolRecords().map(\.poCluster) == ["Haven"])
    }
}
