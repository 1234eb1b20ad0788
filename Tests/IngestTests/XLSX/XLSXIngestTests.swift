import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("XLSX deliveries through the ingest")
struct XLSXIngestTests {
    /// A workbook as a school system exports it: shared and inline strings, dates as Excel serials
    /// (45658 = 2025-01-01, 45698 = 2025-02-10), a free-text column to drop, a blank row.
    static let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="inlineStr"><is><t>Opmerking</t></is></c></row>
        <row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="C2"><v>45658</v></c><c r="D2" t="s"><v>7</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="inlineStr"><is><t>Jan Jansen &amp; co</t></is></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><t>X-2</t></is></c><c r="B4" t="s"><v>6</v></c><c r="C4"><v>45698.5</v></c><c r="D4" t="inlineStr"><is><t>Fysiek geweld</t></is></c><c r="E4" t="s"><v>8</v></c></row>
        <row r="5"><c r="A5" t="inlineStr"><is><t>X-3</t></is></c><c r="B5" t="s"><v>6</v></c><c r="C5" t="str"><v>2025-03-04</v></c><c r="D5" t="s"><v>7</v></c></row>
        """
    static let strings = [
        "<t>incident_id</t>", "<t>school_code</t>", "<t>datum</t>", "<t>categorie</t>", "<t>politie</t>",
        "<t>X-1</t>", "<t>VO1</t>", "<r><t>pes</t></r><r><t>ten</t></r>", "<t>nee</t>",
    ]

    @Test("an .xlsx export gives the counts of the same incidents in CSV, in a folder scan too")
    func equivalence() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let path = folder.file("inbox/export.xlsx")
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        try XLSXTestWorkbook(rows: Self.rows, sharedStrings: Self.strings).write(to: path)
        try folder.write("inbox/~$export.xlsx", "lock file of an open workbook")
        let summaries = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(
            try ExportFiles.expand([folder.file("inbox")]))
        #expect(summaries.count == 1)
        let summary = try #require(summaries.first)
        guard case .stored(let totals) = summary.outcome else {
            Issue.record("not stored: \(summary.line)")
            return
        }
        #expect(totals.new == 3)
        #expect(summary.droppedColumns == ["Opmerking"])
        #expect(summary.dialect?.description == "XLSX, eerste blad")
        let canonical = try TemporaryFolder()
        let canonicalDatabase = try SmallReference.database(in: canonical)
        _ = try Ingester(database: canonicalDatabase, asOf: Day(iso: "2025-06-30")!).ingest(
            path: try canonical.write(
                "c.csv",
                """
                incident_id,school_code,datum,categorie,politie
                X-1,VO1,2025-01-01,PESTEN,ja
                X-2,VO1,2025-02-10,FYSIEK_GEWELD,nee
                X-3,VO1,2025-03-04,PESTEN,

                """))
        let dimensions: [CountDimension] = [.school, .maand, .categorie, .politie]
        #expect(
            try Counts.compute(by: dimensions, from: nil, to: nil, in: database).render(.csv)
                == Counts.compute(by: dimensions, from: nil, to: nil, in: canonicalDatabase).render(.csv))
        #expect(try !DatabaseDump.dump(database).contains("Jansen"))
    }

    @Test("a named sheet is read with --blad; an unknown sheet rejects the file naming the sheets")
    func namedSheet() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let path = folder.file("twee.xlsx")
        try XLSXTestWorkbook(
            sheets: [
                .init(name: "Toelichting", rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>lees mij</t></is></c></row>"),
                .init(name: "Incidenten", rows: Self.rows),
            ], sharedStrings: Self.strings
        ).write(to: path)
        let asOf = Day(iso: "2025-06-30")!
        let named = try Ingester(database: database, asOf: asOf, sheet: "Incidenten").ingest(path: path)
        #expect({ if case .stored(let t) = named.outcome { t.new == 3 } else { false } }())
        #expect(named.dialect?.description == "XLSX, blad 'Incidenten'")
        let unknown = try Ingester(database: database, asOf: asOf, sheet: "Blad9").ingest(path: path)
        #expect({ if case .rejected(let reason) = unknown.outcome { reason.contains("Toelichting") } else { false } }())
    }

    @Test("a damaged workbook is rejected whole, naming the problem")
    func damaged() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!)
            .ingest(path: try folder.write("kapot.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 64)))
        guard case .rejected(let reason) = summary.outcome else {
            Issue.record("expected a rejection: \(summary.line)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(try DatabaseDump.dump(database, excluding: ["categorie", "leerlingen", "school", "wijk", "reference_meta"]).isEmpty)
    }
}
