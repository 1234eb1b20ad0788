import Formats
import Foundation
import Ingest
import Testing
import Workbook

/// Reading written workbooks back: cell values through the package's own XLSX reader (module
/// Ingest), the ZIP directory parsed here, and raw XML parts through /usr/bin/unzip where present.
enum XLSXInspection {
    struct Cell: Equatable, CustomStringConvertible {
        let text: String
        let kind: XLSXCellKind

        var description: String { "\(kind):\(text)" }
    }

    /// Every row with a value, by spreadsheet row number (1-based), fields in column order.
    static func rows(_ path: String, sheet: String? = nil) throws -> [Int: [Cell]] {
        let reader = try XLSXSheetReader(path: path, sheet: sheet)
        var rows: [Int: [Cell]] = [:]
        try reader.forEachRow { record, kinds in
            rows[record.line] = (0..<record.fieldCount).map { Cell(text: record.string($0), kind: kinds[$0]) }
        }
        return rows
    }

    /// The cell at zero-based `row`, `column` (empty text and kind when absent).
    static func cell(_ rows: [Int: [Cell]], row: Int, column: Int) -> Cell {
        guard let fields = rows[row + 1], column < fields.count else { return Cell(text: "", kind: .empty) }
        return fields[column]
    }

    static func sheetNames(_ path: String) throws -> [String] {
        try XLSXSheetReader(path: path).sheetNames
    }

    struct ZipEntry {
        let name: String
        /// MS-DOS time and date fields of the local header.
        let dosTime: UInt16
        let dosDate: UInt16
    }

    /// The entries of a ZIP archive, read from its local headers in file order.
    static func zipEntries(_ path: String) throws -> [ZipEntry] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        var entries: [ZipEntry] = []
        var offset = 0
        while offset + 30 <= bytes.count, u32(offset) == 0x0403_4B50 {
            let flags = u16(offset + 6)
            let compressed = u32(offset + 18)
            let nameLength = u16(offset + 26)
            let extraLength = u16(offset + 28)
            let name = String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self)
            entries.append(ZipEntry(name: name, dosTime: UInt16(u16(offset + 10)), dosDate: UInt16(u16(offset + 12))))
            offset += 30 + nameLength + extraLength + compressed
            // A data descriptor follows when bit 3 is set (signature optional, then CRC and sizes).
            if flags & 0x08 != 0 {
                if offset + 4 <= bytes.count, u32(offset) == 0x0807_4B50 { offset += 4 }
                offset += 12
            }
        }
        return entries
    }

    static let unzip = "/usr/bin/unzip"
    static var unzipAvailable: Bool { FileManager.default.isExecutableFile(atPath: unzip) }

    /// The decompressed text of one part, through `unzip -p`.
    static func part(_ path: String, _ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unzip)
        // unzip reads member names as wildcard patterns: "[" must be escaped as "[[]".
        process.arguments = ["-p", path, name.replacingOccurrences(of: "[", with: "[[]")]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XLSXError(path: path, message: "unzip -p \(name) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `<c …>…</c>` element of cell `reference` (such as "A1") in a worksheet part.
    static func cellXML(_ sheetXML: String, _ reference: String) -> String? {
        guard let start = sheetXML.range(of: "<c r=\"\(reference)\"") else { return nil }
        let rest = sheetXML[start.lowerBound...]
        if let selfClosing = rest.range(of: "/>"), let close = rest.range(of: "</c>") {
            let tagEnd = rest.range(of: ">")!
            // `<c r="A1" s="1"/>` when the tag closes itself before any content.
            if selfClosing.lowerBound < tagEnd.upperBound, selfClosing.upperBound == tagEnd.upperBound {
                return String(rest[..<selfClosing.upperBound])
            }
            return String(rest[..<close.upperBound])
        }
        return nil
    }

    /// The permission bits of a file.
    static func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

/// A fixed date for document properties in tests.
func testDate(_ year: Int = 2025, _ month: Int = 3, _ day: Int = 14) throws -> DocumentDate {
    try DocumentDate(year: year, month: month, day: day)
}

/// Minimal properties with the fixed test date.
func testProperties() throws -> DocumentProperties {
    DocumentProperties(created: try testDate(), title: "Test")
}
