import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct TableTests {
    @Test func tableHeadersAreWrittenAndThePartExists() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("tabel.xlsx")
        try SamplePack.write(to: path)
        let rows = try XLSXInspection.rows(path, sheet: "Uitsplitsingen")
        #expect(rows[1]?.map(\.text) == ["Stadsdeel", "Aantal", "Aandeel"])
        #expect(rows[1]?.map(\.kind) == [.text, .text, .text])
        #expect(rows[2]?.map(\.text).first == "Buiten")
        #expect(Double(try #require(rows[2]?[1].text)) == 80)

        let names = try XLSXInspection.zipEntries(path).map(\.name)
        #expect(names.contains("xl/tables/table1.xml"))
        guard XLSXInspection.unzipAvailable else { return }
        let table = try XLSXInspection.part(path, "xl/tables/table1.xml")
        #expect(table.contains("name=\"Uitsplitsing\""))
        #expect(table.contains("ref=\"A1:C4\""))
        #expect(table.contains("<tableColumn id=\"1\" name=\"Stadsdeel\"/>"))
        #expect(table.contains("name=\"TableStyleMedium2\""))
        #expect(!table.contains("totalsRowCount"))
    }

    @Test func refusesTablesExcelWouldRepair() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("tabel.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Tabellen")
        let range = CellRange(firstRow: 0, firstColumn: 0, lastRow: 4, lastColumn: 1)
        func refused(_ table: Table) -> String? {
            (#expect(throws: WorkbookError.self) { try sheet.addTable(table) })?.description
        }
        #expect(refused(Table(range: range, headers: ["Alleen één"]))?.contains("1 headers for 2 columns") == true)
        #expect(refused(Table(range: range, headers: ["Aantal", "aantal"]))?.contains("occurs twice") == true)
        #expect(refused(Table(range: range, headers: ["A", ""]))?.contains("empty") == true)
        #expect(refused(Table(range: CellRange(row: 0, column: 0), headers: ["A"]))?.contains("at least one data row") == true)
        for name in ["1e", "met spatie", "A1", "R1C1", "r", "XFD100", ""] {
            #expect(refused(Table(range: range, headers: ["A", "B"], name: name)) != nil, "\(name)")
        }
        #expect(refused(Table(range: range, headers: ["A", "B"], style: .medium(29))) != nil)

        try sheet.addTable(Table(range: range, headers: ["A", "B"], name: "Eerste"))
        #expect(
            refused(Table(range: CellRange(firstRow: 4, firstColumn: 1, lastRow: 6, lastColumn: 2), headers: ["C", "D"]))?
                .contains("overlaps A1:B5") == true)
        let other = try workbook.addWorksheet(named: "Meer")
        let clash = #expect(throws: WorkbookError.self) {
            try other.addTable(Table(range: range, headers: ["A", "B"], name: "EERSTE"))
        }
        #expect(clash?.description.contains("already has a table named 'EERSTE'") == true)
        try other.addTable(Table(range: range, headers: ["A", "B"], name: "_Tweede.deel", style: .none))
    }
}
