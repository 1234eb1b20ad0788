import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A streaming RFC 4180 reader over bytes: quoted fields with delimiters, doubled quotes and
/// line breaks; LF, CRLF or lone CR line ends; an optional UTF-8 byte-order mark. It reads the
/// file in fixed chunks and hands each record to a callback, so memory stays constant whatever
/// the file's size (a record may not exceed `maximumRecordBytes` nor `maximumFields`).
///
/// Written by hand because the Swift CSV packages on this machine build a `String` per field
/// and (SwiftCSV) hold the whole file; the ingest benchmark (`make bench`) needs a reader that
/// costs a few nanoseconds per byte. Field bytes are copied once into a fixed buffer; the hot
/// loop touches only local variables and raw pointers.
public final class CSVReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "regel \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public let dialect: Dialect
    public let maximumRecordBytes: Int
    public let maximumFields: Int
    private let source: ByteSource
    private let chunkSize: Int

    /// A reader for `path` as `dialect` describes it (see `Dialect.detect`).
    public init(
        path: String, dialect: Dialect, chunkSize: Int = 1 << 18,
        maximumRecordBytes: Int = 1 << 20, maximumFields: Int = 1024
    ) throws {
        source = try ByteSource(path: path, encoding: dialect.encoding)
        self.dialect = dialect
        self.chunkSize = max(chunkSize, 8)
        self.maximumRecordBytes = maximumRecordBytes
        self.maximumFields = maximumFields
    }

    /// A reader for UTF-8 text (a byte-order mark is skipped) with the given delimiter.
    public convenience init(
        path: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 18,
        maximumRecordBytes: Int = 1 << 20, maximumFields: Int = 1024
    ) throws {
        try self.init(
            path: path, dialect: Dialect(encoding: try CSVReader.utf8Flavour(path), delimiter: delimiter),
            chunkSize: chunkSize, maximumRecordBytes: maximumRecordBytes, maximumFields: maximumFields)
    }

    private static func utf8Flavour(_ path: String) throws -> TextEncoding {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 3)) ?? Data()
        return head.elementsEqual([0xEF, 0xBB, 0xBF]) ? .utf8WithBOM : .utf8
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    /// Calls `body` for every non-blank record, in order. `body` may throw to stop reading.
    /// The record is valid only during the call.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: maximumRecordBytes + 1)
        defer { bytes.deallocate() }
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: maximumFields + 1)
        defer { ends.deallocate() }
        let byteLimit = maximumRecordBytes
        let fieldLimit = maximumFields
        let delimiter = dialect.delimiter
        var skipRecord = dialect.hasSeparatorLine

        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var byteCount = 0
        var fieldCount = 0
        var stray = false
        var fieldQuoted = false
        var crInQuoted = false

        @inline(__always) func endField() throws {
            guard fieldCount < fieldLimit else {
                throw Failure(line: recordLine, message: "de regel heeft meer dan \(fieldLimit) velden (grens max_columns)")
            }
            ends[fieldCount] = byteCount
            fieldCount += 1
        }
        func endRecord() throws {
            let lastQuoted = fieldQuoted
            try endField()
            fieldQuoted = false
            // A line with nothing on it (not even "") is skipped.
            if skipRecord {
                skipRecord = false
            } else if !(fieldCount == 1 && byteCount == 0 && !lastQuoted) {
                try body(CSVRecord(line: recordLine, hasStrayQuote: stray, bytes: bytes, ends: ends, fieldCount: fieldCount))
            }
            byteCount = 0
            fieldCount = 0
            stray = false
        }

        while true {
            let count: Int
            do {
                count = try source.read(into: chunk, capacity: chunkSize)
            } catch let failure as ByteSource.DecodingFailure {
                throw Failure(line: failure.line, message: failure.message)
            }
            if count == 0 { break }
            var index = 0
            while index < count {
                let byte = chunk[index]
                index += 1
                switch state {
                case .unquoted:
                    if byte == delimiter {
                        try endField(); state = .fieldStart
                    } else if byte == 10 {
                        try endRecord(); line += 1; state = .fieldStart
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        if byte == 34 { stray = true }
                        guard byteCount < byteLimit else { throw tooLong(recordLine) }
                        bytes[byteCount] = byte; byteCount += 1
                        // Copy the rest of a plain field without going through the state switch.
                        while index < count {
                            let next = chunk[index]
                            if next == delimiter || next == 10 || next == 13 || next == 34 { break }
                            guard byteCount < byteLimit else { throw tooLong(recordLine) }
                            bytes[byteCount] = next; byteCount += 1
                            index += 1
                        }
                    }
                case .afterCR:
                    state = .fieldStart
                    if byte == 10 { continue }
                    fallthrough
                case .fieldStart:
                    if fieldCount == 0, byteCount == 0 { recordLine = line }
                    if byte == 34 {
                        state = .quoted; fieldQuoted = true; crInQuoted = false
                    } else if byte == delimiter {
                        try endField()
                    } else if byte == 10 {
                        try endRecord(); line += 1
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        index -= 1; state = .unquoted
                    }
                case .quoted:
                    if byte == 34 {
                        crInQuoted = false; state = .quoteInQuoted
                    } else {
                        if byte == 13 || (byte == 10 && !crInQuoted) { line += 1 }
                        crInQuoted = byte == 13
                        guard byteCount < byteLimit else { throw tooLong(recordLine) }
                        bytes[byteCount] = byte; byteCount += 1
                    }
                case .quoteInQuoted:
                    if byte == 34 {
                        guard byteCount < byteLimit else { throw tooLong(recordLine) }
                        bytes[byteCount] = 34; byteCount += 1
                        state = .quoted
                    } else if byte == delimiter {
                        try endField(); fieldQuoted = false; state = .fieldStart
                    } else if byte == 10 {
                        try endRecord(); line += 1; state = .fieldStart
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        stray = true; index -= 1; state = .unquoted
                    }
                }
            }
        }
        switch state {
        case .quoted:
            throw Failure(line: recordLine, message: "een veld tussen aanhalingstekens wordt niet afgesloten")
        case .afterCR:
            break
        case .fieldStart where fieldCount == 0 && byteCount == 0:
            break
        default:
            try endRecord()
        }
    }

    private func tooLong(_ line: Int) -> Failure {
        Failure(
            line: line,
            message: "de regel is langer dan \(maximumRecordBytes) bytes (grens max_record_kb; ontbreekt een afsluitend aanhalingsteken?)")
    }
}

/// One record, valid only during the callback: a view on the reader's field buffer.
public struct CSVRecord {
    /// The physical line on which the record starts (1-based; the header is line 1).
    public let line: Int
    /// True when a quote appeared inside an unquoted field or after a closing quote (not RFC 4180).
    public let hasStrayQuote: Bool
    private let bytes: UnsafeMutablePointer<UInt8>
    private let ends: UnsafeMutablePointer<Int>
    public let fieldCount: Int

    init(line: Int, hasStrayQuote: Bool, bytes: UnsafeMutablePointer<UInt8>, ends: UnsafeMutablePointer<Int>, fieldCount: Int) {
        self.line = line
        self.hasStrayQuote = hasStrayQuote
        self.bytes = bytes
        self.ends = ends
        self.fieldCount = fieldCount
    }

    /// The raw bytes of field `index`.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[index] - start)
    }

    /// Field `index` without surrounding spaces and tabs, as raw bytes.
    @inline(__always)
    public func trimmedField(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let buffer = field(index)
        guard let base = buffer.baseAddress else { return buffer }
        var start = 0
        var end = buffer.count
        while start < end, base[start] == 32 || base[start] == 9 { start += 1 }
        while end > start, base[end - 1] == 32 || base[end - 1] == 9 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Field `index` as a string (the file was validated as UTF-8 before reading).
    public func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// Field `index` without surrounding spaces and tabs.
    public func trimmed(_ index: Int) -> String { String(decoding: trimmedField(index), as: UTF8.self) }

    /// All fields as strings (for headers and reference data, not the hot path).
    public var strings: [String] { (0..<fieldCount).map(string) }
}
