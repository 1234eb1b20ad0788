import Crypto
import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One streaming pass over a file before it is parsed: its SHA-256 (the delivery's identity:
/// the same bytes are never ingested twice) and its encoding. A UTF-8 or UTF-16 byte-order mark
/// decides; without one, valid UTF-8 is UTF-8, and text with stray high bytes but not a single
/// valid multi-byte sequence is Windows-1252 (what Excel writes on Dutch Windows) when its high
/// bytes read as Windows-1252 text. Text that mixes both, stray bytes that are no text in
/// either, or NUL bytes cannot be decoded: the file is rejected whole, naming the
/// first bad line and byte (SPEC §2d).
public struct FileFingerprint: Sendable, Equatable {
    public let sha256: String
    public let size: Int64
    public let encoding: TextEncoding
    /// Where the first undecodable byte is, when the file cannot be decoded.
    public let decodingError: DecodingError?
    /// The file is a ZIP archive (an `.xlsx` workbook), not text.
    public let isZipArchive: Bool
    /// A format that is neither text nor a workbook (an `.xls`, a PDF, an image), by its first bytes.
    public var foreignFormat: ForeignFormat? = nil

    public struct DecodingError: Sendable, Equatable {
        public let line: Int
        public let column: Int
        public let reason: String
    }

    public static func compute(path: String, chunkSize: Int = 1 << 20) throws -> FileFingerprint {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 4), alignment: 16)
        defer { chunk.deallocate() }
        let passes = Passes()
        var size: Int64 = 0
        var head: [UInt8] = []
        while true {
            let count = read(descriptor, chunk.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FailureError("leesfout in \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            if head.count < 16 { head += bytes.prefix(16 - head.count) }
            passes.feed(bytes)
            size += Int64(count)
        }
        var validator = passes.validator
        validator.finish()
        let digest = passes.hasher.finalize().map { String(format: "%02x", $0) }.joined()

        let encoding: TextEncoding
        var decodingError: DecodingError?
        let isZipArchive = head.starts(with: [0x50, 0x4B, 0x03])
        if isZipArchive {
            encoding = .utf8  // not text: an .xlsx workbook is a ZIP archive, read by XLSXSheetReader
        } else if head.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16LittleEndian
        } else if head.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16BigEndian
        } else if let nul = validator.firstNul {
            encoding = .utf8
            decodingError = DecodingError(
                line: nul.line, column: nul.column, reason: "bevat een NUL-byte: dit is geen tekstbestand (of UTF-16 zonder BOM)")
        } else if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = .utf8WithBOM
            decodingError = validator.firstError.map { DecodingError(line: $0.line, column: $0.column, reason: "geen geldige UTF-8-tekst") }
        } else if let error = validator.firstError {
            if validator.validMultiByteSequences == 0, validator.firstImplausibleWindows1252 == nil {
                encoding = .windows1252
            } else if validator.validMultiByteSequences == 0, let odd = validator.firstImplausibleWindows1252 {
                encoding = .utf8
                decodingError = DecodingError(
                    line: odd.line, column: odd.column,
                    reason:
                        "geen geldige UTF-8-tekst, en ook geen Windows-1252-tekst (bytes die in geen van beide een teken zijn); sla de export op als UTF-8"
                )
            } else {
                encoding = .utf8
                decodingError = DecodingError(
                    line: error.line, column: error.column,
                    reason: "geen geldige UTF-8-tekst (UTF-8 gemengd met andere tekens)")
            }
        } else {
            encoding = .utf8
        }
        var fingerprint = FileFingerprint(
            sha256: digest, size: size, encoding: encoding, decodingError: decodingError, isZipArchive: isZipArchive)
        fingerprint.foreignFormat = ForeignFormat.detect(head: head)
        return fingerprint
    }
}

/// An incremental UTF-8 validator (rejects overlong forms, surrogates and values past U+10FFFF).
/// It reads on after an error, so that it can tell UTF-8 with a broken byte from a file in
/// another encoding: it counts the valid multi-byte sequences and remembers the first error and
/// the first NUL byte, as line and byte column.
/// The two passes over a chunk — SHA-256 and the UTF-8 check — run side by side on two cores
/// for a large chunk: the pass comes before the file is parsed, so nothing else overlaps it.
/// Each pass touches only its own state, and `concurrentPerform` returns after both.
private final class Passes: @unchecked Sendable {
    var hasher = SHA256()
    var validator = UTF8Validator()
    /// The chunk both passes read (set for the duration of `feed`).
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)

    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 1 << 16 else {
            hasher.update(bufferPointer: bytes)
            validator.feed(bytes.bindMemory(to: UInt8.self))
            return
        }
        chunk = bytes
        DispatchQueue.concurrentPerform(iterations: 2) { [self] pass in
            if pass == 0 {
                hasher.update(bufferPointer: chunk)
            } else {
                validator.feed(chunk.bindMemory(to: UInt8.self))
            }
        }
    }
}

struct UTF8Validator {
    private(set) var firstError: (line: Int, column: Int)?
    private(set) var firstNul: (line: Int, column: Int)?
    private(set) var validMultiByteSequences = 0
    private var line = 1
    private var column = 0
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var sequenceStart = (line: 1, column: 1)
    /// The first byte that Windows-1252 text would not hold: an undefined code, or a run of two
    /// or more accented letters alone, with no letter beside it (Dutch words have them inside:
    /// "café", "geïnd").
    /// Without it a file with stray high bytes is taken for Windows-1252; with it, it is refused.
    private(set) var firstImplausibleWindows1252: (line: Int, column: Int)?
    private var previous: UInt8 = 0x20
    private var inRun = false
    private var runHasLetter = false
    private var runLetters = 0
    private var runHasSymbol = false
    private var runLetterBefore = false
    private var runStart = (line: 1, column: 1)

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        let count = bytes.count
        while index < count {
            // Fast path: eight ASCII bytes without a line feed or NUL at a time.
            if pending == 0, !inRun, index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let hasHighBit = word & 0x8080_8080_8080_8080 != 0
                let lineFeeds = word ^ 0x0A0A_0A0A_0A0A_0A0A
                let hasLineFeed = (lineFeeds &- 0x0101_0101_0101_0101) & ~lineFeeds & 0x8080_8080_8080_8080 != 0
                let hasNul = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                if !hasHighBit, !hasLineFeed, !hasNul {
                    column += 8
                    index += 8
                    previous = base[index - 1]
                    continue
                }
            }
            let byte = base[index]
            index += 1
            column += 1
            noteWindows1252(byte)
            if pending > 0 {
                if byte >= lower, byte <= upper {
                    lower = 0x80; upper = 0xBF
                    pending -= 1
                    if pending == 0 { validMultiByteSequences += 1 }
                    continue
                }
                // A broken sequence: note it and read this byte afresh.
                if firstError == nil { firstError = sequenceStart }
                pending = 0; lower = 0x80; upper = 0xBF
            }
            if byte < 0x80 {
                if byte == 10 { line += 1; column = 0 }
                if byte == 0, firstNul == nil { firstNul = (line, column) }
                continue
            }
            sequenceStart = (line, column)
            switch byte {
            case 0xC2...0xDF: pending = 1
            case 0xE0: pending = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: pending = 2
            case 0xED: pending = 2; upper = 0x9F
            case 0xF0: pending = 3; lower = 0x90
            case 0xF1...0xF3: pending = 3
            case 0xF4: pending = 3; upper = 0x8F
            default: if firstError == nil { firstError = sequenceStart }
            }
        }
    }

    mutating func finish() {
        if pending > 0, firstError == nil { firstError = sequenceStart }
        if inRun { endRun(next: 0x20) }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    private mutating func noteWindows1252(_ byte: UInt8) {
        defer { previous = byte }
        guard byte >= 0x80 else {
            if inRun { endRun(next: byte) }
            return
        }
        if byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D, firstImplausibleWindows1252 == nil {
            firstImplausibleWindows1252 = (line, column)
        }
        if !inRun {
            inRun = true
            runHasLetter = false
            runLetters = 0
            runHasSymbol = false
            runLetterBefore = Self.isASCIILetter(previous)
            runStart = (line, column)
        }
        // À…ÿ except × and ÷: the accented letters.
        if byte >= 0xC0, byte != 0xD7, byte != 0xF7 {
            runHasLetter = true
            runLetters += 1
        } else {
            runHasSymbol = true  // € ‘ ’ “ ” – — ° ½ and the like
        }
    }

    private mutating func endRun(next: UInt8) {
        inRun = false
        // Two or more accented letters and nothing else, with no letter on either side ("ÿþ"
        // between commas): no Dutch word. A single one ("3 à 4") or one beside a symbol passes.
        if runHasLetter, runLetters >= 2, !runHasSymbol, !runLetterBefore, !Self.isASCIILetter(next), firstImplausibleWindows1252 == nil {
            firstImplausibleWindows1252 = runStart
        }
    }

    /// The first problem, for the callers that only need one.
    var error: (line: Int, column: Int)? { firstError }
}
