import Crypto
import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One streaming pass over a file before it is parsed: its SHA-256 (the delivery's identity:
/// the same bytes are never ingested twice) and whether all of it is valid UTF-8. A file with
/// bytes that cannot be decoded is rejected whole, naming the first bad line and byte (SPEC §2d).
public struct FileFingerprint: Sendable, Equatable {
    public let sha256: String
    public let size: Int64
    /// Where the first invalid UTF-8 sequence starts, when there is one.
    public let decodingError: (line: Int, column: Int)?

    public static func == (lhs: FileFingerprint, rhs: FileFingerprint) -> Bool {
        lhs.sha256 == rhs.sha256 && lhs.size == rhs.size && lhs.decodingError?.line == rhs.decodingError?.line
            && lhs.decodingError?.column == rhs.decodingError?.column
    }

    public static func compute(path: String, chunkSize: Int = 1 << 20) throws -> FileFingerprint {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        var hasher = SHA256()
        var validator = UTF8Validator()
        var size: Int64 = 0
        while true {
            let count = read(descriptor, chunk.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FailureError("leesfout in \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            hasher.update(bufferPointer: bytes)
            validator.feed(bytes.bindMemory(to: UInt8.self))
            size += Int64(count)
        }
        validator.finish()
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return FileFingerprint(sha256: digest, size: size, decodingError: validator.error)
    }
}

/// An incremental UTF-8 validator (rejects overlong forms, surrogates and values past U+10FFFF)
/// that remembers where the first error is, as line and byte column.
struct UTF8Validator {
    private(set) var error: (line: Int, column: Int)?
    private var line = 1
    private var column = 0
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var sequenceStart = (line: 1, column: 1)

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard error == nil, let base = bytes.baseAddress else { return }
        var index = 0
        let count = bytes.count
        while index < count {
            // Fast path: eight ASCII bytes without a line feed at a time.
            if pending == 0, index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let hasHighBit = word & 0x8080_8080_8080_8080 != 0
                let lineFeeds = word ^ 0x0A0A_0A0A_0A0A_0A0A
                let hasLineFeed = (lineFeeds &- 0x0101_0101_0101_0101) & ~lineFeeds & 0x8080_8080_8080_8080 != 0
                if !hasHighBit, !hasLineFeed {
                    column += 8
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            index += 1
            column += 1
            if pending > 0 {
                guard byte >= lower, byte <= upper else { error = sequenceStart; return }
                lower = 0x80; upper = 0xBF
                pending -= 1
                continue
            }
            if byte < 0x80 {
                if byte == 10 { line += 1; column = 0 }
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
            default: error = sequenceStart; return
            }
        }
    }

    mutating func finish() {
        if error == nil, pending > 0 { error = sequenceStart }
    }
}
