import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file and hands out UTF-8, whatever the file's encoding: the CSV reader's input.
/// UTF-8 is passed through untouched; UTF-16 and Windows-1252 are transcoded chunk by chunk
/// (state carried across chunks), so memory stays constant.
public final class ByteSource {
    public struct DecodingFailure: Error {
        public let line: Int
        public let message: String
    }

    private let descriptor: Int32
    private let encoding: TextEncoding
    private var raw: UnsafeMutablePointer<UInt8>
    private var rawCapacity = 0
    /// A byte of a UTF-16 code unit left over at the end of the previous read.
    private var pendingByte: UInt8?
    /// A high surrogate waiting for its low half.
    private var pendingHighSurrogate: UInt32?
    /// Physical line of the decoded text, for error messages.
    private var line = 1

    init(path: String, encoding: TextEncoding) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.encoding = encoding
        raw = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        let skip = off_t(encoding.byteOrderMarkLength)
        if skip > 0, lseek(descriptor, skip, SEEK_SET) != skip {
            close(descriptor)
            throw FailureError("kan \(path) niet lezen: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        raw.deallocate()
        close(descriptor)
    }

    /// Fills `buffer` with up to `capacity` bytes of UTF-8 (capacity ≥ 8); 0 at the end.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        switch encoding {
        case .utf8, .utf8WithBOM:
            return try readRaw(into: buffer, count: capacity)
        case .windows1252:
            // Each byte becomes at most 3 UTF-8 bytes.
            let count = try readRaw(count: capacity / 3)
            var written = 0
            for index in 0..<count {
                let byte = raw[index]
                if byte == 10 { line += 1 }
                if byte < 0x80 {
                    buffer[written] = byte
                    written += 1
                    continue
                }
                let scalar = Windows1252.scalars[Int(byte - 0x80)]
                guard scalar != 0 else {
                    throw DecodingFailure(line: line, message: String(format: "byte 0x%02X is geen teken in Windows-1252", byte))
                }
                written += encode(scalar, into: buffer + written)
            }
            return written
        case .utf16LittleEndian, .utf16BigEndian:
            // Each 2-byte unit becomes at most 3 UTF-8 bytes (a 4-byte pair at most 4).
            while true {
                let count = try readRaw(count: (capacity / 3) & ~1)
                if count == 0 {
                    if pendingByte != nil || pendingHighSurrogate != nil {
                        throw DecodingFailure(line: line, message: "het bestand eindigt midden in een UTF-16-teken")
                    }
                    return 0
                }
                var written = 0
                var index = 0
                if let pending = pendingByte {
                    pendingByte = nil
                    index = 1
                    written += try decodeUnit(pending, raw[0], into: buffer)
                }
                while index + 1 < count {
                    written += try decodeUnit(raw[index], raw[index + 1], into: buffer + written)
                    index += 2
                }
                if index < count { pendingByte = raw[index] }
                if written > 0 { return written }
            }
        }
    }

    private func decodeUnit(_ first: UInt8, _ second: UInt8, into output: UnsafeMutablePointer<UInt8>) throws -> Int {
        let unit = encoding == .utf16LittleEndian ? UInt32(first) | UInt32(second) << 8 : UInt32(first) << 8 | UInt32(second)
        if let high = pendingHighSurrogate {
            pendingHighSurrogate = nil
            guard (0xDC00...0xDFFF).contains(unit) else {
                throw DecodingFailure(line: line, message: "ongeldig UTF-16: een hoog surrogaat zonder laag surrogaat")
            }
            return encode(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), into: output)
        }
        switch unit {
        case 0xD800...0xDBFF:
            pendingHighSurrogate = unit
            return 0
        case 0xDC00...0xDFFF:
            throw DecodingFailure(line: line, message: "ongeldig UTF-16: een laag surrogaat zonder hoog surrogaat")
        default:
            if unit == 10 { line += 1 }
            return encode(unit, into: output)
        }
    }

    /// Writes `scalar` as UTF-8; returns the number of bytes.
    private func encode(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
            output[2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    private func readRaw(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            #if canImport(Glibc)
                let result = Glibc.read(descriptor, buffer, count)
            #else
                let result = Darwin.read(descriptor, buffer, count)
            #endif
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw FailureError("leesfout: \(String(cString: strerror(errno)))")
        }
    }

    private func readRaw(count: Int) throws -> Int {
        if rawCapacity < count {
            raw.deallocate()
            raw = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
            rawCapacity = count
        }
        return try readRaw(into: raw, count: count)
    }
}

/// The Windows-1252 code page: bytes 0x80–0x9F map to typographic characters (€, ‘, ’, “, ”, …),
/// 0xA0–0xFF to Latin-1. Decoded by table: Foundation's CP1252 support is unreliable on Linux.
enum Windows1252 {
    /// Unicode scalars for bytes 0x80…0xFF; 0 marks the five undefined bytes.
    static let scalars: [UInt32] = {
        let high: [UInt32] = [
            0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
            0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
        ]
        return high + (0xA0...0xFF).map { UInt32($0) }
    }()
}
