import Foundation
import TestSupport
import Testing
import Workbook

/// Errors libxlsxwriter itself reports come back as `.library` with its own text.
@Suite struct LibraryErrorTests {
    @Test func tooLongTextIsTheLibrarysError() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("fout.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Aanlevering")
        try sheet.writeString(String(repeating: "x", count: 32_767), row: 0, column: 0)
        let error = #expect(throws: WorkbookError.self) {
            try sheet.writeString(String(repeating: "x", count: 32_768), row: 1, column: 2)
        }
        #expect(
            error
                == .library(
                    operation: "worksheet_write_string ('Aanlevering'!C2)", code: 21,
                    message: "String exceeds Excel's limit of 32,767 characters."))
        #expect(
            error?.description
                == "worksheet_write_string ('Aanlevering'!C2) failed: String exceeds Excel's limit of 32,767 characters. (libxlsxwriter error 21)"
        )
    }

    @Test func mergingOneCellIsTheLibrarysError() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("fout.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Voorblad")
        let error = #expect(throws: WorkbookError.self) {
            try sheet.mergeRange(CellRange(row: 0, column: 0), text: "alleen")
        }
        #expect(
            error == .library(operation: "worksheet_merge_range ('Voorblad'!A1)", code: 13, message: "Function parameter validation error.")
        )
    }

    @Test func tooLongHeaderIsTheLibrarysError() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("fout.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Voorblad")
        let error = #expect(throws: WorkbookError.self) {
            try sheet.setPageSetup(PageSetup(header: String(repeating: "h", count: 256)))
        }
        #expect(
            error
                == .library(
                    operation: "worksheet_set_header ('Voorblad')", code: 20, message: "Parameter exceeds Excel's limit of 255 characters.")
        )
    }
}
