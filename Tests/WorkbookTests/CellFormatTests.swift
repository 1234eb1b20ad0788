import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct CellFormatTests {
    @Test func equalFormatsShareOneStyle() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("opmaak.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Opmaak")
        // Built separately, equal in value.
        for row in 0..<3 {
            try sheet.writeString("kop", row: row, column: 0, format: CellFormat(bold: true, backgroundColor: Color(hex: "#DDEBF7")))
        }
        try sheet.writeNumber(0.25, row: 0, column: 1, format: .number("0.0%"))
        try sheet.writeNumber(0.5, row: 1, column: 1, format: CellFormat(numberFormat: "0.0%"))
        try sheet.writeNumber(1234, row: 2, column: 1, format: .number("#,##0"))
        #expect(workbook.distinctFormatCount == 3)
        try workbook.close()

        guard XLSXInspection.unzipAvailable else { return }
        let styles = try XLSXInspection.part(path, "xl/styles.xml")
        // The default format plus the three distinct ones.
        #expect(styles.contains("<cellXfs count=\"4\">"))
        #expect(styles.contains("formatCode=\"0.0%\""))
        let xml = try XLSXInspection.part(path, "xl/worksheets/sheet1.xml")
        let styleOfA = (1...3).map { XLSXInspection.cellXML(xml, "A\($0)")?.contains("s=\"1\"") }
        #expect(styleOfA == [true, true, true])
        #expect(XLSXInspection.cellXML(xml, "B1")?.contains("s=\"2\"") == true)
        #expect(XLSXInspection.cellXML(xml, "B2")?.contains("s=\"2\"") == true)
        #expect(XLSXInspection.cellXML(xml, "B3")?.contains("s=\"3\"") == true)
    }

    @Test func everyPropertyReachesTheStyleSheet() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("opmaak.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Opmaak")
        let format = CellFormat(
            bold: true, italic: true, fontSize: 14, fontName: "Arial", fontColor: Color(rgb: 0xC00000),
            backgroundColor: Color(rgb: 0xFFF2CC), border: .thin, bottomBorder: .double, borderColor: Color(rgb: 0x808080),
            textWrap: true, horizontalAlignment: .right, verticalAlignment: .top, numberFormat: "0.0", indent: 2)
        try sheet.writeNumber(1.5, row: 0, column: 0, format: format)
        try sheet.writeString("zwart", row: 1, column: 0, format: CellFormat(fontColor: .black))
        try workbook.close()
        guard XLSXInspection.unzipAvailable else { return }
        let styles = try XLSXInspection.part(path, "xl/styles.xml")
        for fragment in [
            "<b/>", "<i/>", "<sz val=\"14\"/>", "<name val=\"Arial\"/>", "<color rgb=\"FFC00000\"/>",
            "<patternFill patternType=\"solid\"><fgColor rgb=\"FFFFF2CC\"/>", "<left style=\"thin\">",
            "<bottom style=\"double\">", "<color rgb=\"FF808080\"/>", "formatCode=\"0.0\"",
            "horizontal=\"right\"", "vertical=\"top\"", "indent=\"2\"", "wrapText=\"1\"", "<color rgb=\"FF000000\"/>",
        ] {
            #expect(styles.contains(fragment), "\(fragment)")
        }
    }

    @Test func refusesFormatsLibxlsxwriterWouldCut() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("opmaak.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Opmaak")
        for format in [
            CellFormat(numberFormat: String(repeating: "0", count: 128)), CellFormat(fontSize: 0),
            CellFormat(indent: 16), CellFormat(fontName: ""),
        ] {
            #expect(throws: WorkbookError.self) { try sheet.writeNumber(1, row: 0, column: 0, format: format) }
        }
        #expect(workbook.distinctFormatCount == 0)
    }

    @Test func colours() {
        #expect(Color(hex: "#1F4E79")?.rgb == 0x1F4E79)
        #expect(Color(hex: "1f4e79")?.description == "#1F4E79")
        #expect(Color(hex: "#12345") == nil)
        #expect(Color(hex: "zzzzzz") == nil)
        #expect(Color.black.description == "#000000")
    }
}
