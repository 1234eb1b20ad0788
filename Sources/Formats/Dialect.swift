import Domain
import Foundation

/// How a delimited text file is written: its encoding, delimiter, line ends and whether Excel's
/// `sep=;` line precedes the header. Detected per file and reported in the delivery summary.
public struct Dialect: Sendable, Equatable, CustomStringConvertible {
    public enum LineEnding: String, Sendable {
        case crlf = "CRLF", lf = "LF", cr = "CR", none = "geen"
    }

    public var encoding: TextEncoding
    public var delimiter: UInt8
    public var lineEnding: LineEnding
    /// The file starts with Excel's `sep=X` line, which is not the header.
    public var hasSeparatorLine: Bool
    /// An `.xlsx` workbook rather than delimited text: `sheet` names the sheet to read (nil: the first).
    public private(set) var isSpreadsheet = false
    public private(set) var sheet: String?
    /// How the workbook counts its date serials (known once the workbook is opened).
    public var dateSystem = ExcelDateSystem.from1900

    /// An `.xlsx` workbook, read from `sheet` (nil: the first sheet).
    public static func spreadsheet(sheet: String?) -> Dialect {
        var dialect = Dialect()
        dialect.isSpreadsheet = true
        dialect.sheet = sheet
        return dialect
    }

    public init(
        encoding: TextEncoding = .utf8, delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf, hasSeparatorLine: Bool = false
    ) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.hasSeparatorLine = hasSeparatorLine
    }

    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9]

    /// `UTF-8 met BOM, ';', CRLF`
    public var description: String {
        if isSpreadsheet {
            return "XLSX" + (sheet.map { ", blad '\($0)'" } ?? ", eerste blad") + (dateSystem == .from1904 ? ", 1904-datumsysteem" : "")
        }
        let name = delimiter == 9 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
        return "\(encoding.rawValue), \(name), \(lineEnding.rawValue)\(hasSeparatorLine ? ", sep-regel" : "")"
    }

    /// Detects the dialect of `path` in `encoding` from its first 64 KiB: an Excel `sep=X` line
    /// names the delimiter; otherwise the candidate (`,` `;` tab) that occurs most often outside
    /// quotes in the first line wins, `,` on a tie. When the first line has fewer than three of
    /// them (a title line above the header), the line among the first 20 with the most of one
    /// candidate decides.
    public static func detect(path: String, encoding: TextEncoding) throws -> Dialect {
        let source = try ByteSource(path: path, encoding: encoding)
        let capacity = 64 * 1024
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var count = 0
        while count < capacity - 8 {
            let read = try source.read(into: buffer + count, capacity: capacity - count)
            if read == 0 { break }
            count += read
        }
        let head = UnsafeBufferPointer(start: buffer, count: count)
        var dialect = Dialect(encoding: encoding)

        // The first line, and how it ends.
        var firstLineEnd = count
        dialect.lineEnding = .none
        var quoted = false
        for index in 0..<count {
            let byte = head[index]
            if byte == 34 { quoted.toggle() }
            if !quoted, byte == 10 || byte == 13 {
                firstLineEnd = index
                dialect.lineEnding = byte == 10 ? .lf : (index + 1 < count && head[index + 1] == 10 ? .crlf : .cr)
                break
            }
        }
        let firstLine = Array(head[0..<firstLineEnd])
        if firstLine.count == 5, Array(firstLine[0..<4]) == Array("sep=".utf8) {
            dialect.delimiter = firstLine[4]
            dialect.hasSeparatorLine = true
            return dialect
        }
        func counts(_ line: ArraySlice<UInt8>) -> [UInt8: Int] {
            var counts: [UInt8: Int] = [:]
            var quoted = false
            for byte in line {
                if byte == 34 { quoted.toggle() }
                if !quoted, candidates.contains(byte) { counts[byte, default: 0] += 1 }
            }
            return counts
        }
        func best(_ counts: [UInt8: Int]) -> UInt8 {
            var best = UInt8(ascii: ",")
            for candidate in candidates where counts[candidate, default: 0] > counts[best, default: 0] { best = candidate }
            return best
        }
        let first = counts(firstLine[...])
        dialect.delimiter = best(first)
        if first[dialect.delimiter, default: 0] < 3 {
            // Title lines first: the widest of the first 20 lines (the header, most likely) decides.
            var widest: (delimiter: UInt8, count: Int) = (dialect.delimiter, first[dialect.delimiter, default: 0])
            var start = 0
            var lines = 0
            quoted = false
            for index in 0..<count where lines < HeaderSearch.rowLimit {
                let byte = head[index]
                if byte == 34 { quoted.toggle() }
                guard !quoted, byte == 10 || byte == 13 || index == count - 1 else { continue }
                let line = counts(Array(head[start...index])[...])
                let candidate = best(line)
                if line[candidate, default: 0] > widest.count { widest = (candidate, line[candidate, default: 0]) }
                start = index + 1
                lines += 1
            }
            dialect.delimiter = widest.delimiter
        }
        return dialect
    }
}
