import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct AtomicOutputTests {
    private func entries(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func theFileAppearsOnlyWhenComplete() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("pakket.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.addWorksheet(named: "Voorblad").writeString("inhoud", row: 0, column: 0)

        // While open: only a hidden temporary file, already with its final permissions.
        #expect(!FileManager.default.fileExists(atPath: path))
        let pending = try entries(folder)
        #expect(pending.count == 1)
        let temporary = try #require(pending.first)
        #expect(temporary.hasPrefix(".pakket.xlsx.") && temporary.hasSuffix(".tmp"))
        #expect(try XLSXInspection.permissions(folder.file(temporary)) == 0o640)

        try workbook.close()
        #expect(try entries(folder) == ["pakket.xlsx"])
        #expect(try XLSXInspection.permissions(path) == 0o640)
        #expect(try XLSXInspection.sheetNames(path) == ["Voorblad"])
        #expect(throws: WorkbookError.closed(operation: "close")) { try workbook.close() }
    }

    @Test func permissionsCanBeNarrowed() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("geheim.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties(), options: Workbook.Options(permissions: 0o600))
        try workbook.close()
        #expect(try XLSXInspection.permissions(path) == 0o600)
    }

    @Test func aFailedCloseLeavesTheOldFileInPlace() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("pakket.xlsx", "vorige versie")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.addWorksheet(named: "Voorblad").writeString("nieuw", row: 0, column: 0)
        // Sabotage: a directory where libxlsxwriter is to write the temporary file.
        let temporary = try #require(try entries(folder).first { $0.hasSuffix(".tmp") })
        try FileManager.default.removeItem(atPath: folder.file(temporary))
        try FileManager.default.createDirectory(atPath: folder.file(temporary), withIntermediateDirectories: false)

        let error = #expect(throws: WorkbookError.self) { try workbook.close() }
        guard case let .library(operation, code, message)? = error else {
            Issue.record("expected a libxlsxwriter error, got \(String(describing: error))")
            return
        }
        #expect(code == 2)
        #expect(message == "Error creating output xlsx file. Usually a permissions error.")
        #expect(operation == "workbook_close (writing '\(path)')")
        #expect(
            error?.description
                == "workbook_close (writing '\(path)') failed: Error creating output xlsx file. Usually a permissions error. (libxlsxwriter error 2)"
        )
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "vorige versie")
        #expect(!workbook.isOpen)
    }

    @Test func aRefusedCloseRemovesTheTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("pakket.xlsx", "vorige versie")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Trends")
        let missing = SheetRange(sheet: "Ontbreekt", firstRow: 0, firstColumn: 0, lastRow: 1, lastColumn: 0)
        try sheet.insertChart(Chart(kind: .line, series: [ChartSeries(categories: missing, values: missing)]), row: 0, column: 0)
        #expect(try entries(folder).count == 2)
        #expect(throws: WorkbookError.self) { try workbook.close() }
        #expect(try entries(folder) == ["pakket.xlsx"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "vorige versie")
    }

    @Test func aMissingTemporaryDirectoryFallsBackToTheSystemOne() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("pakket.xlsx")
        let workbook = try Workbook(
            path: path, properties: testProperties(),
            options: Workbook.Options(temporaryDirectory: folder.file("bestaat-niet")))
        try workbook.addWorksheet(named: "Blad")
        try workbook.close()
        #expect(try XLSXInspection.sheetNames(path) == ["Blad"])
    }

    @Test func aSuccessfulCloseReplacesTheOldFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("pakket.xlsx", "vorige versie")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.addWorksheet(named: "Nieuw")
        try workbook.close()
        #expect(try XLSXInspection.sheetNames(path) == ["Nieuw"])
        #expect(try entries(folder) == ["pakket.xlsx"])
    }

    @Test func droppingOrDiscardingAWorkbookWritesNothing() throws {
        let folder = try TemporaryFolder()
        do {
            let workbook = try Workbook(path: folder.file("weg.xlsx"), properties: testProperties())
            try workbook.addWorksheet(named: "Blad").writeString("x", row: 0, column: 0)
            #expect(try entries(folder).count == 1)
        }
        #expect(try entries(folder).isEmpty)

        let workbook = try Workbook(path: folder.file("weg.xlsx"), properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Blad")
        workbook.discard()
        #expect(try entries(folder).isEmpty)
        #expect(throws: WorkbookError.closed(operation: "worksheet_write_string ('Blad'!A1)")) {
            try sheet.writeString("x", row: 0, column: 0)
        }
        #expect(throws: WorkbookError.self) { try workbook.addWorksheet(named: "Nog een") }
    }

    @Test func aWorksheetOutlivingItsWorkbookIsClosed() throws {
        let folder = try TemporaryFolder()
        var sheet: Worksheet?
        do {
            let workbook = try Workbook(path: folder.file("weg.xlsx"), properties: testProperties())
            sheet = try workbook.addWorksheet(named: "Blad")
        }
        #expect(try entries(folder).isEmpty)
        #expect(throws: WorkbookError.self) { try sheet?.writeNumber(1, row: 0, column: 0) }
    }

    @Test func aMissingDirectoryFailsAtCreation() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: WorkbookError.self) {
            _ = try Workbook(path: folder.file("geen-map/pakket.xlsx"), properties: testProperties())
        }
        #expect(error?.description.contains("No such file or directory") == true)
    }
}
