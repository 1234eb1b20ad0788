import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct DocumentPropertiesTests {
    @Test func propertiesReachCoreAndAppParts() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("eigenschappen.xlsx")
        try SamplePack.write(to: path)
        guard XLSXInspection.unzipAvailable else { return }
        let core = try XLSXInspection.part(path, "docProps/core.xml")
        for fragment in [
            "<dc:title>Briefing schoolveiligheid Q1 2025</dc:title>", "<dc:subject>Incidenten rond scholen</dc:subject>",
            "<dc:creator>Gemeente Almere</dc:creator>", "<cp:keywords>schoolveiligheid, incidenten</cp:keywords>",
            "<dc:description>Fictieve gegevens</dc:description>", "<cp:category>Briefing</cp:category>",
            "<cp:contentStatus>Vertrouwelijk</cp:contentStatus>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-03-14T00:00:00Z</dcterms:created>",
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2025-03-14T00:00:00Z</dcterms:modified>",
        ] {
            #expect(core.contains(fragment), "\(fragment)")
        }
        let app = try XLSXInspection.part(path, "docProps/app.xml")
        #expect(app.contains("<Company>Gemeente Almere</Company>"))
        for sheet in SamplePack.sheets { #expect(app.contains("<vt:lpstr>\(sheet)</vt:lpstr>")) }
    }

    @Test func documentDates() throws {
        #expect(try DocumentDate(year: 2024, month: 2, day: 29).description == "2024-02-29")
        #expect(try DocumentDate(year: 1970, month: 1, day: 2).description == "1970-01-02")
        for (year, month, day) in [(2025, 2, 29), (2025, 13, 1), (2025, 4, 31), (1969, 12, 31), (1970, 1, 1), (10000, 1, 1), (2025, 0, 5)] {
            #expect(throws: WorkbookError.self, "\(year)-\(month)-\(day)") { try DocumentDate(year: year, month: month, day: day) }
        }
    }

    @Test(arguments: [(2000, 3, 1, "2000-03-01"), (2024, 12, 31, "2024-12-31"), (2038, 1, 20, "2038-01-20"), (2100, 3, 1, "2100-03-01")])
    func createdDateIsWrittenAsGiven(year: Int, month: Int, day: Int, expected: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("datum.xlsx")
        let workbook = try Workbook(
            path: path, properties: DocumentProperties(created: try DocumentDate(year: year, month: month, day: day)))
        try workbook.close()
        guard XLSXInspection.unzipAvailable else { return }
        let core = try XLSXInspection.part(path, "docProps/core.xml")
        #expect(core.contains(">\(expected)T00:00:00Z</dcterms:created>"))
    }

    @Test func propertiesCanBeReplacedBeforeClosing() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vervangen.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.setProperties(DocumentProperties(created: try testDate(2025, 6, 30), title: "Tweede titel", status: "Concept"))
        #expect(throws: WorkbookError.self) {
            try workbook.setProperties(DocumentProperties(created: try testDate(), title: "met\u{0}nul"))
        }
        try workbook.close()
        guard XLSXInspection.unzipAvailable else { return }
        let core = try XLSXInspection.part(path, "docProps/core.xml")
        #expect(core.contains("<dc:title>Tweede titel</dc:title>"))
        #expect(core.contains("2025-06-30T00:00:00Z"))
        #expect(core.contains("<cp:contentStatus>Concept</cp:contentStatus>"))
    }
}
