import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct DeterminismTests {
    /// Two writes of the same content, more than two seconds apart (the resolution of the ZIP
    /// entries' MS-DOS timestamps), are byte for byte the same file.
    @Test func sameContentGivesTheSameBytes() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("eerste.xlsx")
        let second = folder.file("tweede.xlsx")
        try SamplePack.write(to: first)
        Thread.sleep(forTimeInterval: 2.2)
        try SamplePack.write(to: second, options: Workbook.Options(temporaryDirectory: folder.path))
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a.count > 5_000)
        #expect(a == b)
    }

    /// libxlsxwriter stamps every ZIP entry with 1980-01-01 00:00 (DOS date 0x0021, time 0).
    @Test func zipEntriesCarryAFixedTimestamp() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("pakket.xlsx")
        try SamplePack.write(to: path)
        let entries = try XLSXInspection.zipEntries(path)
        #expect(entries.count >= 15)
        for entry in entries {
            #expect(entry.dosDate == 0x0021 && entry.dosTime == 0, "\(entry.name): date \(entry.dosDate), time \(entry.dosTime)")
        }
        #expect(entries.contains { $0.name == "docProps/core.xml" })
    }

    /// A different created date changes only docProps/core.xml.
    @Test func theCreatedDateIsTheOnlyTimeInTheFile() throws {
        let folder = try TemporaryFolder()
        func write(_ name: String, _ date: DocumentDate) throws -> Data {
            let path = folder.file(name)
            let workbook = try Workbook(path: path, properties: DocumentProperties(created: date, title: "Datum"))
            try workbook.addWorksheet(named: "Blad").writeString("inhoud", row: 0, column: 0)
            try workbook.close()
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let march = try write("maart.xlsx", try testDate(2025, 3, 14))
        let june = try write("juni.xlsx", try testDate(2025, 6, 30))
        #expect(march != june)
        guard XLSXInspection.unzipAvailable else { return }
        let parts = try XLSXInspection.zipEntries(folder.file("maart.xlsx")).map(\.name)
        #expect(try XLSXInspection.zipEntries(folder.file("juni.xlsx")).map(\.name) == parts)
        for part in parts {
            let same = try XLSXInspection.part(folder.file("maart.xlsx"), part) == XLSXInspection.part(folder.file("juni.xlsx"), part)
            #expect(same == (part != "docProps/core.xml"), "\(part)")
        }
        let core = try XLSXInspection.part(folder.file("juni.xlsx"), "docProps/core.xml")
        #expect(core.contains("2025-06-30T00:00:00Z"))
    }
}
