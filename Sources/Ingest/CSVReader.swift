import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A streaming RFC 4180 reader over bytes: quoted fields with delimiters, doubled quotes and
/// line breaks; LF, CRLF or lone CR line ends; an optional UTF-8 byte-order mark. It reads the
/// file in fixed chunks and hands each record to a callback, so memory stays constant whatever
/// the file's size (a record may not exceed `maximumRecordBytes`).
///
/// Written by hand because the Swift CSV packages on this machine build a `String` per field
/// and hold the whole file; see `make bench` for the ingest figures this reader makes possible.
public final class CSVReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "regel \(line): \(message)" }
    }

    public let delimiter: UInt8
    public let maximumRecordBytes: Int
    private let descriptor: Int32
    private let chunkSize: Int

    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 18,
                maximumRecordBytes: Int = 1 << 20) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.delimiter = delimiter
        self.chunkSize = chunkSize
        self.maximumRecordBytes = maximumRecordBytes
    }

    deinit { close(descriptor) }

    /// Positions the file after a UTF-8 byte-order mark, or at its start when there is none.
    private func skipByteOrderMark() throws {
        var head: [UInt8] = [0, 0, 0]
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 3, 0) }
        guard count >= 0 else { throw FailureError("leesfout: \(String(cString: strerror(errno)))") }
        let offset: off_t = count == 3 && head == [0xEF, 0xBB, 0xBF] ? 3 : 0
        guard lseek(descriptor, offset, SEEK_SET) == offset else { throw FailureError("leesfout: \(String(cString: strerror(errno)))") }
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    /// Calls `body` for every non-blank record, in order. `body` may throw to stop reading.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        let record = CSVRecord()
        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var fieldWasQuoted = false
        var crInQuoted = false
        let delimiter = self.delimiter

        func endRecord() throws {
            record.endField(quoted: fieldWasQuoted)
            fieldWasQuoted = false
            if !record.isBlank {
                record.line = recordLine
                try body(record)
            }
            record.reset()
        }

        try skipByteOrderMark()
        while true {
            let count = read(descriptor, chunk, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FailureError("leesfout: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            var index = 0
            while index < count {
                let byte = chunk[index]
                index += 1
                switch state {
                case .afterCR:
                    state = .fieldStart
                    if byte == 10 { continue }
                    fallthrough
                case .fieldStart:
                    if record.fieldCount == 0, record.byteCount == 0 { recordLine = line }
                    if byte == 34 {
                        state = .quoted
                        fieldWasQuoted = true
                        crInQuoted = false
                    } else if byte == delimiter {
                        record.endField(quoted: false)
                    } else if byte == 10 {
                        try endRecord(); line += 1
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        record.append(byte); state = .unquoted
                    }
                case .unquoted:
                    if byte == delimiter {
                        record.endField(quoted: false); state = .fieldStart
                    } else if byte == 10 {
                        try endRecord(); line += 1; state = .fieldStart
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        if byte == 34 { record.noteStrayQuote() }
                        record.append(byte)
                    }
                case .quoted:
                    if byte == 34 {
                        crInQuoted = false
                        state = .quoteInQuoted
                    } else {
                        if byte == 13 || (byte == 10 && !crInQuoted) { line += 1 }
                        crInQuoted = byte == 13
                        record.append(byte)
                    }
                case .quoteInQuoted:
                    if byte == 34 {
                        record.append(34); state = .quoted; crInQuoted = false
                    } else if byte == delimiter {
                        record.endField(quoted: true); fieldWasQuoted = false; state = .fieldStart
                    } else if byte == 10 {
                        try endRecord(); line += 1; state = .fieldStart
                    } else if byte == 13 {
                        try endRecord(); line += 1; state = .afterCR
                    } else {
                        record.noteStrayQuote(); record.append(byte); state = .unquoted
                    }
                }
                if record.byteCount > maximumRecordBytes {
                    throw Failure(line: recordLine, message: "de regel is langer dan \(maximumRecordBytes) bytes (ontbreekt een afsluitend aanhalingsteken?)")
                }
            }
        }
        switch state {
        case .quoted:
            throw Failure(line: recordLine, message: "een veld tussen aanhalingstekens wordt niet afgesloten")
        case .afterCR:
            break
        case .fieldStart where record.fieldCount == 0 && record.byteCount == 0:
            break
        default:
            try endRecord()
        }
    }
}

/// One record, valid only during the callback. Field bytes are kept in one growing buffer.
public final class CSVRecord {
    /// The physical line on which the record starts (1-based; the header is line 1).
    public internal(set) var line = 0
    /// True when a quote appeared inside an unquoted field or after a closing quote (not RFC 4180).
    public private(set) var hasStrayQuote = false
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var lastFieldQuoted = false

    init() {
        bytes.reserveCapacity(1024)
        ends.reserveCapacity(32)
    }

    public var fieldCount: Int { ends.count }
    var byteCount: Int { bytes.count }

    @inline(__always) func append(_ byte: UInt8) { bytes.append(byte) }
    func endField(quoted: Bool) {
        ends.append(bytes.count)
        lastFieldQuoted = quoted
    }
    func noteStrayQuote() { hasStrayQuote = true }
    func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hasStrayQuote = false
        lastFieldQuoted = false
    }

    /// A line with nothing on it (not even `""`) is skipped.
    var isBlank: Bool { ends.count == 1 && bytes.isEmpty && !lastFieldQuoted }

    /// Gives the raw bytes of field `index`.
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        let end = ends[index]
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Field `index` as a string (the file was validated as UTF-8 before reading).
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Field `index` without surrounding spaces and tabs.
    public func trimmed(_ index: Int) -> String {
        withField(index) { buffer in
            var start = 0
            var end = buffer.count
            while start < end, buffer[start] == 32 || buffer[start] == 9 { start += 1 }
            while end > start, buffer[end - 1] == 32 || buffer[end - 1] == 9 { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// All fields as strings (for headers and reference data, not the hot path).
    public var strings: [String] { (0..<fieldCount).map(string) }
}
