import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct PageSetupTests {
    @Test func printAndViewSettingsReachTheSheet() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("afdruk.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let first = try workbook.addWorksheet(named: "Voorblad")
        try first.writeString("voorblad", row: 0, column: 0)
        let sheet = try workbook.addWorksheet(named: "Naleving per school")
        for row in 0..<40 { try sheet.writeInteger(row, row: row, column: 0) }
        try sheet.setPageSetup(
            PageSetup(
                orientation: .landscape, paper: .a4, fitToPages: .init(width: 1, height: 0),
                repeatRows: 0...1, printArea: CellRange(firstRow: 0, firstColumn: 0, lastRow: 39, lastColumn: 3),
                margins: .init(left: 0.5, right: 0.5, top: 0.75, bottom: 0.75),
                header: "&C&\"Calibri,Bold\"Vertrouwelijk",
                footer: "&L\(PageSetup.escaped("Scholen & wijken"))&R&P van &N", centerHorizontally: true))
        try sheet.hideGridlines()
        try sheet.freezePanes(row: 2, column: 1)
        try sheet.setSelection(CellRange(row: 2, column: 1))
        try sheet.setTabColor(Color(rgb: 0x70AD47))
        try sheet.setZoom(85)
        try sheet.setAutofilter(CellRange(firstRow: 1, firstColumn: 0, lastRow: 39, lastColumn: 3))
        try sheet.setColumnWidth(30, columns: 0...1)
        try sheet.setRowHeight(30, row: 0, format: CellFormat(bold: true))
        try sheet.activate()
        try workbook.close()

        guard XLSXInspection.unzipAvailable else { return }
        let xml = try XLSXInspection.part(path, "xl/worksheets/sheet2.xml")
        for fragment in [
            "<tabColor rgb=\"FF70AD47\"/>", "<pageSetUpPr fitToPage=\"1\"/>", "showGridLines=\"0\"", "tabSelected=\"1\"",
            "zoomScale=\"85\"", "<pane xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\" activePane=\"bottomRight\" state=\"frozen\"/>",
            "<selection pane=\"bottomRight\" activeCell=\"B3\" sqref=\"B3\"/>",
            "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>",
            "<printOptions horizontalCentered=\"1\"/>", "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\"",
            "<oddHeader>&amp;C&amp;\"Calibri,Bold\"Vertrouwelijk</oddHeader>",
            "<oddFooter>&amp;LScholen &amp;&amp; wijken&amp;R&amp;P van &amp;N</oddFooter>",
            "<autoFilter ref=\"A2:D40\"/>", "<col min=\"1\" max=\"2\" width=\"30.7109375\" customWidth=\"1\"/>",
            "<row r=\"1\" spans=\"1:1\" s=\"1\" customFormat=\"1\" ht=\"30\" customHeight=\"1\">",
        ] {
            #expect(xml.contains(fragment), "\(fragment)")
        }
        let book = try XLSXInspection.part(path, "xl/workbook.xml")
        #expect(book.contains("<workbookView") && book.contains("activeTab=\"1\""))
        #expect(book.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'Naleving per school'!$1:$2</definedName>"))
        #expect(book.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"1\">'Naleving per school'!$A$1:$D$40</definedName>"))
    }

    @Test func refusesImpossibleSettings() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("afdruk.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Blad")
        for setup in [
            PageSetup(fitToPages: .init(width: -1, height: 0)), PageSetup(repeatRows: 0...1_048_576),
            PageSetup(printArea: CellRange(firstRow: 5, firstColumn: 0, lastRow: 1, lastColumn: 0)),
            PageSetup(margins: .init(left: -1, right: 0, top: 0, bottom: 0)), PageSetup(header: "a\u{0}"),
        ] {
            #expect(throws: WorkbookError.self) { try sheet.setPageSetup(setup) }
        }
        #expect(throws: WorkbookError.self) { try sheet.setZoom(5) }
        #expect(throws: WorkbookError.self) { try sheet.setColumnWidth(300, column: 0) }
        #expect(throws: WorkbookError.self) { try sheet.setRowHeight(-1, row: 0) }
        #expect(throws: WorkbookError.self) { try sheet.freezePanes(row: 0, column: 16_384) }
    }

    @Test func escapingAmpersands() {
        #expect(PageSetup.escaped("A & B && C") == "A && B &&&& C")
    }
}
