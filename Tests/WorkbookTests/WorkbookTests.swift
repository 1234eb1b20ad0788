import Formats
import Foundation
import Ingest
import TestSupport
import Testing
import Workbook

@Test func linksLibxlsxwriter() {
    #expect(LibXlsxwriter.version.hasPrefix("1."))
}

@Test func samplePackReadsBackWithItsSheetsInOrder() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("pack.xlsx")
    try SamplePack.write(to: path)
    #expect(try XLSXInspection.sheetNames(path) == SamplePack.sheets)

    let trends = try XLSXInspection.rows(path, sheet: "Trends 2024")
    #expect(XLSXInspection.cell(trends, row: 0, column: 1) == .init(text: "Incidenten", kind: .text))
    for (index, month) in SamplePack.months.enumerated() {
        #expect(XLSXInspection.cell(trends, row: index + 1, column: 0) == .init(text: month, kind: .text))
        #expect(Double(XLSXInspection.cell(trends, row: index + 1, column: 1).text) == SamplePack.incidents[index])
    }
    let cover = try XLSXInspection.rows(path, sheet: "Voorblad")
    #expect(XLSXInspection.cell(cover, row: 0, column: 0) == .init(text: "Schoolveiligheid Almere", kind: .text))
    #expect(XLSXInspection.cell(cover, row: 2, column: 0).kind == .text)
}

@Test func aWorkbookWithoutWorksheetsStillOpens() throws {
    // libxlsxwriter adds "Sheet1" itself when none was added.
    let folder = try TemporaryFolder()
    let path = folder.file("leeg.xlsx")
    let workbook = try Workbook(path: path, properties: testProperties())
    try workbook.close()
    #expect(try XLSXInspection.sheetNames(path) == ["Sheet1"])
}

@Test func worksheetsAreFoundByName() throws {
    let folder = try TemporaryFolder()
    let workbook = try Workbook(path: folder.file("namen.xlsx"), properties: testProperties())
    let sheet = try workbook.addWorksheet(named: "Naleving")
    #expect(workbook.worksheet(named: "Naleving") === sheet)
    #expect(workbook.worksheet(named: "Bronnen") == nil)
    #expect(workbook.worksheetNames == ["Naleving"])
    workbook.discard()
}
