import Foundation
import TestSupport
import Testing

@testable import Formats
@testable import Ingest

/// A few megabytes of ZIP can inflate to gigabytes of whitespace (3 GiB in a 3 MB file held the
/// run lock for 48.8 s): a worksheet is refused on its declared inflated size, before a byte of
/// it is inflated.
@Suite("XLSX: a worksheet's inflated size is capped")
struct XLSXInflationTests {
    @Test("a sheet that inflates past the limit is refused at once, naming the limit and the setting")
    func overTheLimit() throws {
        let folder = try TemporaryFolder()
        let padding = String(repeating: " ", count: 2 << 20)
        let workbook = XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>\(padding)")
        let path = folder.file("opgeblazen.xlsx")
        try workbook.write(to: path)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).intValue
        #expect(size < 64 << 10, "het testbestand hoort klein te zijn: \(size)")
        var rows = 0
        #expect {
            try XLSXSheetReader(path: path, maximumSheetBytes: 1 << 20).forEachRecord { _ in rows += 1 }
        } throws: { error in
            "\(error)".contains("groter dan 1 MiB") && "\(error)".contains("max_file_mb")
        }
        #expect(rows == 0)
        // Under a limit that fits, the same sheet reads.
        try XLSXSheetReader(path: path, maximumSheetBytes: 4 << 20).forEachRecord { _ in rows += 1 }
        #expect(rows == 1)
    }

    @Test("a sheet that inflates more than 200 times beyond 64 MiB is refused without reading it")
    func ratio() throws {
        let folder = try TemporaryFolder()
        let padding = String(repeating: " ", count: 65 << 20)
        let workbook = XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>\(padding)")
        let path = folder.file("bom.xlsx")
        try workbook.write(to: path)
        #expect {
            try XLSXSheetReader(path: path).forEachRecord { _ in }
        } throws: { error in
            "\(error)".contains("meer dan 200 keer")
        }
    }
}
