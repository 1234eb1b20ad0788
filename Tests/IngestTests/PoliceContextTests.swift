import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Police context data (CBS 47022NED layout)")
struct PoliceContextTests {
    static let export = """
        "ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"
        0;"1.4.5   ";"WK000101  ";"2024MM01";"3"
        1;"1.4.5   ";"WK000102  ";"2024MM01";"2"
        2;"2.5.2   ";"WK000101  ";"2024MM02";"."
        3;"2.5.2   ";"WK000103  ";"2024MM02";"4"
        4;"1.4.5   ";"GM0001    ";"2024MM01";"50"
        5;"1.4.5   ";"WK000101  ";"2024JJ00";"40"
        6;"1.4.5   ";"WK000101  ";"2099MM01";"1"

        """
    static let mapping = "cbs_code;wijk_code\nWK000101;W1\nWK000102;W1\nWK000103;W3\n"

    @Test("areas are mapped onto wijken and summed; unmapped areas skipped; never counted as school incidents")
    func load() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let mapping = try PoliceOpenData.loadMapping(path: try folder.write("k.csv", Self.mapping), knownWijken: ["W1", "W2", "W3", "W4"])
        let loaded = try PoliceOpenData.load(path: try folder.write("p.csv", Self.export), mapping: mapping, asOf: Day(iso: "2025-06-30")!)
        #expect(loaded.rowsRead == 7)
        #expect(loaded.unmappedAreas == ["GM0001"])
        #expect(loaded.problems.map(\.line) == [7, 8])  // a year total, a month after the as-of date
        try ContextStore.replace(
            series: PoliceOpenData.source, cells: loaded.cells, sourceFile: "p.csv", sha256: loaded.sha256, in: database)
        let byArea = try ContextCounts.compute(series: PoliceOpenData.source, by: ["stadsdeel", "maand", "soort"], in: database)
        #expect(byArea.render(.csv) == "stadsdeel,maand,soort,politie_geregistreerd\nBuiten,2024-01,1.4.5,5\nHaven,2024-02,2.5.2,4\n")
        #expect(try Counts.compute(by: [.jaar], from: nil, to: nil, in: database).rows.isEmpty)

        // A later load for January replaces January only.
        let january = try PoliceOpenData.load(
            path: try folder.write(
                "p2.csv",
                """
                "ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"
                0;"1.4.5";"WK000103";"2024MM01";"7"

                """), mapping: mapping, asOf: Day(iso: "2025-06-30")!)
        try ContextStore.replace(
            series: PoliceOpenData.source, cells: january.cells, sourceFile: "p2.csv", sha256: january.sha256, in: database)
        #expect(
            try ContextCounts.compute(series: PoliceOpenData.source, by: ["wijk", "maand"], in: database).render(.csv)
                == "wijk,maand,politie_geregistreerd\nW3,2024-01,7\nW3,2024-02,4\n")
    }

    @Test("a mapping to an unknown wijk, or a file without the CBS columns, is refused")
    func refused() throws {
        let folder = try TemporaryFolder()
        #expect(throws: ReferenceDataError.self) {
            _ = try PoliceOpenData.loadMapping(path: try folder.write("k.csv", "cbs_code,wijk_code\nWK1,W9\n"), knownWijken: ["W1"])
        }
        #expect(throws: ReferenceDataError.self) {
            _ = try PoliceOpenData.load(
                path: try folder.write("p.csv", "gebied;maand;aantal\nWK1;2024MM01;3\n"), mapping: [:], asOf: Day(iso: "2025-06-30")!)
        }
    }

    @Test("the shipped fictional context data loads against the demo reference set")
    func fixtures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let reference = try ReferenceLoader.load(directory: root.appendingPathComponent("fixtures/reference").path)
        let mapping = try PoliceOpenData.loadMapping(
            path: root.appendingPathComponent("fixtures/context/cbs_koppeling.csv").path,
            knownWijken: Set(reference.data.wijken.map(\.code)))
        #expect(mapping.count == reference.data.wijken.count)
        let loaded = try PoliceOpenData.load(
            path: root.appendingPathComponent("fixtures/context/politie_47022NED_demo.csv").path,
            mapping: mapping, asOf: Day(iso: "2026-09-30")!)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.unmappedAreas.count == 2)
        #expect(Set(loaded.cells.map(\.maand)).count == 24)
    }
}
