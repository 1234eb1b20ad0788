// libFuzzer target: an .xlsx workbook through the streaming sheet reader as `ingest` uses it:
// the sheet names, the first sheet's rows as records (with the cell kinds), the header map and
// the row validator; then with tight limits. Any crash, hang or error that is not an `XLSXError`
// with a message is a finding.
//
// An input that starts with "PK" is the workbook's bytes as they are (the ZIP layer: directory,
// local headers, deflate streams). Any other input is XML: the worksheet, then after a 0xFF
// byte the shared strings, then after another the workbook part; they are zipped (stored, with
// correct CRCs) into an otherwise valid package, so that mutations reach the XML scanner and
// the sheet reader instead of dying on a checksum.
import Domain
import Foundation

@testable import Ingest

private let asOf = Day(iso: "2026-09-30")!
private let categories = CategoryMatcher(DefaultCategories.list)

private func read(_ path: String, maximumCellBytes: Int = 1 << 20, maximumColumns: Int = 1024, maximumRowBytes: Int = 16 << 20) {
    do {
        let reader = try XLSXSheetReader(
            path: path, sheet: nil, maximumCellBytes: maximumCellBytes, maximumColumns: maximumColumns,
            maximumRowBytes: maximumRowBytes)
        _ = reader.sheetNames
        var validator: RowValidator?
        try reader.forEachRow { record, kinds in
            for index in 0..<record.fieldCount {
                _ = record.trimmed(index)
                _ = kinds[index]
            }
            if let validator {
                _ = validator.validate(record)
            } else if let header = try? HeaderMap(header: record.strings) {
                validator = RowValidator(
                    header: header, asOf: asOf, schoolCodes: ["VO01", "PO01"], categories: categories,
                    folderSchool: nil, acceptsExcelSerials: true)
            }
        }
        // A named sheet that may not exist.
        _ = try XLSXSheetReader(path: path, sheet: "Incidenten")
    } catch let failure as XLSXError {
        expectMessage(failure.message, failure)
    } catch {
        unexpected(error)
    }
}

private let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
}

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    ~bytes.reduce(~UInt32(0)) { crcTable[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
}

/// A ZIP archive of stored entries.
private func zip(_ entries: [(String, [UInt8])]) -> [UInt8] {
    func u16(_ value: Int, _ target: inout [UInt8]) { target += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func u32(_ value: UInt32, _ target: inout [UInt8]) { u16(Int(value & 0xFFFF), &target); u16(Int(value >> 16), &target) }
    var archive: [UInt8] = []
    var directory: [UInt8] = []
    for (name, data) in entries {
        let offset = archive.count
        let nameBytes = Array(name.utf8)
        let crc = crc32(data)
        u32(0x0403_4B50, &archive); u16(20, &archive); u16(0, &archive); u16(0, &archive); u16(0, &archive); u16(0, &archive)
        u32(crc, &archive); u32(UInt32(data.count), &archive); u32(UInt32(data.count), &archive)
        u16(nameBytes.count, &archive); u16(0, &archive)
        archive += nameBytes + data
        u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
        u16(0, &directory); u16(0, &directory); u32(crc, &directory); u32(UInt32(data.count), &directory)
        u32(UInt32(data.count), &directory); u16(nameBytes.count, &directory); u16(0, &directory); u16(0, &directory)
        u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(UInt32(offset), &directory)
        directory += nameBytes
    }
    let directoryOffset = archive.count
    archive += directory
    u32(0x0605_4B50, &archive); u16(0, &archive); u16(0, &archive); u16(entries.count, &archive); u16(entries.count, &archive)
    u32(UInt32(directory.count), &archive); u32(UInt32(directoryOffset), &archive); u16(0, &archive)
    return archive
}

private let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
private let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
private let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
private let defaultWorkbook = """
    <?xml version="1.0"?><workbook xmlns="\(main)" xmlns:r="\(relationships)"><sheets><sheet name="Incidenten" sheetId="1" r:id="rId1"/></sheets></workbook>
    """

/// The package around fuzzed XML parts: worksheet, shared strings, workbook.
private func package(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let parts = input.split(separator: 0xFF, maxSplits: 2, omittingEmptySubsequences: false).map(Array.init)
    return zip([
        (
            "[Content_Types].xml",
            Array("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)
        ),
        (
            "_rels/.rels",
            Array(
                """
                <?xml version="1.0"?><Relationships xmlns="\(packageRelationships)"><Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """.utf8)
        ),
        ("xl/workbook.xml", parts.count > 2 ? parts[2] : Array(defaultWorkbook.utf8)),
        (
            "xl/_rels/workbook.xml.rels",
            Array(
                """
                <?xml version="1.0"?><Relationships xmlns="\(packageRelationships)"><Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(relationships)/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """.utf8)
        ),
        ("xl/worksheets/sheet1.xml", parts[0]),
        ("xl/sharedStrings.xml", parts.count > 1 ? parts[1] : Array("<sst xmlns=\"\(main)\"/>".utf8)),
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let path: String
    if size >= 2, data[0] == 0x50, data[1] == 0x4B {
        path = FuzzInput.file(data, size, name: "export.xlsx")
    } else {
        let bytes = package(input)
        path = bytes.withUnsafeBufferPointer { FuzzInput.file($0.baseAddress!, $0.count, name: "export.xlsx") }
    }
    read(path)
    read(path, maximumCellBytes: 8, maximumColumns: 4, maximumRowBytes: 24)
    return 0
}
