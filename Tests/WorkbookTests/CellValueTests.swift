import Formats
import Foundation
import Ingest
import TestSupport
import Testing
import Workbook

@Suite struct CellValueTests {
    static let formulaLike = [
        "=1+1", "=HYPERLINK(\"http://x.invalid\",\"klik\")", "+31 36 123 4567", "-2", "@SUM(A1:A2)",
        "=cmd|' /C calc'!A0", "\t=1+1", " =1", "=", "'=1",
    ]

    @Test func textThatLooksLikeAFormulaStaysText() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("tekst.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Aanlevering")
        for (row, text) in Self.formulaLike.enumerated() {
            try sheet.writeString(text, row: row, column: 0)
        }
        try workbook.mergeAndClose(sheet, text: "=2*3", row: Self.formulaLike.count)

        let rows = try XLSXInspection.rows(path)
        for (row, text) in Self.formulaLike.enumerated() {
            #expect(XLSXInspection.cell(rows, row: row, column: 0) == .init(text: text, kind: .text), "row \(row)")
        }
        #expect(XLSXInspection.cell(rows, row: Self.formulaLike.count, column: 0) == .init(text: "=2*3", kind: .text))

        if XLSXInspection.unzipAvailable {
            let xml = try XLSXInspection.part(path, "xl/worksheets/sheet1.xml")
            #expect(!xml.contains("<f>"), "no formula element in the sheet")
            for row in 0...Self.formulaLike.count {
                let cell = try #require(XLSXInspection.cellXML(xml, "A\(row + 1)"))
                #expect(cell.contains("t=\"s\""), "A\(row + 1) is a shared string: \(cell)")
            }
        }
    }

    @Test func writeFormulaIsTheOnlyWayToAFormula() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("formule.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Samenvatting")
        try sheet.writeNumber(2, row: 0, column: 0)
        try sheet.writeNumber(3, row: 1, column: 0)
        try sheet.writeFormula("=SUM(A1:A2)", row: 2, column: 0)
        try sheet.writeString("=SUM(A1:A2)", row: 3, column: 0)
        try workbook.close()

        let rows = try XLSXInspection.rows(path)
        // libxlsxwriter stores 0 as the formula's cached result; Excel recalculates on opening.
        #expect(XLSXInspection.cell(rows, row: 2, column: 0).kind == .number)
        #expect(XLSXInspection.cell(rows, row: 3, column: 0) == .init(text: "=SUM(A1:A2)", kind: .text))
        if XLSXInspection.unzipAvailable {
            let xml = try XLSXInspection.part(path, "xl/worksheets/sheet1.xml")
            #expect(XLSXInspection.cellXML(xml, "A3")?.contains("<f>SUM(A1:A2)</f>") == true)
            #expect(XLSXInspection.cellXML(xml, "A4")?.contains("<f>") == false)
        }
    }

    @Test func textComesBackExactly() throws {
        let texts = [
            "Basisschool De Testvogel", "  spaties  ", "regel 1\nregel 2", "a\u{01}b", "_x0041_", "_x0041_x0042_",
            "_X004a_", "tabs\tin\ttekst", "<b>&amp;</b>", "Café ’t Hoekje – één", "😀 emoji", "__x0041__",
        ]
        let folder = try TemporaryFolder()
        let path = folder.file("tekst.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Tekst")
        for (row, text) in texts.enumerated() {
            try sheet.writeString(text, row: row, column: 0)
        }
        try workbook.close()
        let rows = try XLSXInspection.rows(path)
        for (row, text) in texts.enumerated() {
            #expect(XLSXInspection.cell(rows, row: row, column: 0) == .init(text: text, kind: .text), "row \(row)")
        }
    }

    @Test func numbersComeBackExactly() throws {
        let values: [Double] = [0.5, 1234.25, 1e-7, 12345678.9, 0, -3.75, 1e15, 2.5e-300, 0.1]
        let folder = try TemporaryFolder()
        let path = folder.file("getallen.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Getallen")
        for (row, value) in values.enumerated() {
            try sheet.writeNumber(value, row: row, column: 0)
        }
        try sheet.writeInteger(9_007_199_254_740_992, row: 0, column: 1)
        try sheet.writeInteger(-42, row: 1, column: 1)
        try workbook.close()

        let rows = try XLSXInspection.rows(path)
        for (row, value) in values.enumerated() {
            let cell = XLSXInspection.cell(rows, row: row, column: 0)
            #expect(cell.kind == .number)
            #expect(Double(cell.text) == value, "row \(row): \(cell.text)")
        }
        #expect(Double(XLSXInspection.cell(rows, row: 0, column: 1).text) == 9_007_199_254_740_992)
        #expect(XLSXInspection.cell(rows, row: 1, column: 1).text == "-42")
    }

    @Test func refusesWhatExcelCannotStore() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("fout.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Fouten")
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(throws: WorkbookError.self) { try sheet.writeNumber(value, row: 0, column: 0) }
        }
        #expect(throws: WorkbookError.self) { try sheet.writeInteger(9_007_199_254_740_993, row: 0, column: 0) }
        #expect(throws: WorkbookError.self) { try sheet.writeString("a\u{0}b", row: 0, column: 0) }
        let row = #expect(throws: WorkbookError.self) { try sheet.writeString("x", row: 1_048_576, column: 0) }
        #expect(row?.description.contains("row 1048576 is outside 0…1048575") == true)
        let column = #expect(throws: WorkbookError.self) { try sheet.writeNumber(1, row: 0, column: -1) }
        #expect(column?.description.contains("column -1 is outside") == true)
    }

    @Test func blanksMergesAndEmptyText() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("leeg.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Leeg")
        let shaded = CellFormat(backgroundColor: Color(rgb: 0xEEEEEE))
        try sheet.writeBlank(row: 0, column: 0, format: shaded)
        try sheet.writeString("", row: 0, column: 1)
        try sheet.writeString("", row: 0, column: 2, format: shaded)
        try sheet.writeString("waarde", row: 0, column: 3)
        try sheet.mergeRange(
            CellRange(firstRow: 2, firstColumn: 0, lastRow: 2, lastColumn: 3), text: "Titel over vier kolommen", format: shaded)
        let overlap = #expect(throws: WorkbookError.self) {
            try sheet.mergeRange(CellRange(firstRow: 2, firstColumn: 3, lastRow: 3, lastColumn: 4), text: "x")
        }
        #expect(overlap?.description.contains("overlaps A3:D3") == true)
        try workbook.close()

        let rows = try XLSXInspection.rows(path)
        #expect(rows[1]?.map(\.kind) == [.empty, .empty, .empty, .text])
        #expect(XLSXInspection.cell(rows, row: 2, column: 0) == .init(text: "Titel over vier kolommen", kind: .text))
        if XLSXInspection.unzipAvailable {
            let xml = try XLSXInspection.part(path, "xl/worksheets/sheet1.xml")
            #expect(xml.contains("<mergeCell ref=\"A3:D3\"/>"))
            #expect(XLSXInspection.cellXML(xml, "A1")?.contains("s=\"1\"") == true, "the blank keeps its format")
            #expect(XLSXInspection.cellXML(xml, "B1") == nil, "empty text without format writes nothing")
            #expect(XLSXInspection.cellXML(xml, "C1")?.contains("s=\"1\"") == true, "empty text with format is a formatted blank")
        }
    }
}

private extension Workbook {
    /// Merges a range with `text` (also text, never a formula) below the other rows, then closes.
    func mergeAndClose(_ sheet: Worksheet, text: String, row: Int) throws {
        try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: 1), text: text)
        try close()
    }
}
