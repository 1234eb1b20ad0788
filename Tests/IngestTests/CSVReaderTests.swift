import Domain
import Formats
import Foundation
import Ingest
import TestSupport
import Testing

@Suite("CSVReader: RFC 4180 streaming")
struct CSVReaderTests {
    /// Reads every record with the given chunk size (small sizes force records across chunk boundaries).
    func records(_ bytes: [UInt8], chunkSize: Int = 1 << 16, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [(
        line: Int, fields: [String], stray: Bool
    )] {
        let folder = try TemporaryFolder()
        let path = try folder.write("f.csv", bytes: bytes)
        let reader = try CSVReader(path: path, delimiter: delimiter, chunkSize: chunkSize)
        var result: [(Int, [String], Bool)] = []
        try reader.forEachRecord { result.append(($0.line, $0.strings, $0.hasStrayQuote)) }
        return result
    }

    func records(_ text: String, chunkSize: Int = 1 << 16) throws -> [(line: Int, fields: [String], stray: Bool)] {
        try records(Array(text.utf8), chunkSize: chunkSize)
    }

    @Test("quoted commas, doubled quotes and quoted line breaks", arguments: [1, 2, 3, 7, 64, 65536])
    func quoting(chunkSize: Int) throws {
        let text = "a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"two\nlines\"\nplain,,\"\"\n"
        let result = try records(text, chunkSize: chunkSize)
        #expect(result.map(\.fields) == [["a", "b", "c"], ["x,y", "he said \"hi\"", "two\nlines"], ["plain", "", ""]])
        #expect(result.map(\.line) == [1, 2, 4])
        #expect(result.allSatisfy { !$0.stray })
    }

    @Test("CRLF, LF and lone CR line ends; line numbers count physical lines", arguments: [1, 5, 4096])
    func lineEnds(chunkSize: Int) throws {
        let result = try records("h1,h2\r\n1,2\r\n\"a\r\nb\",3\r\n4,5\r6,7\n", chunkSize: chunkSize)
        #expect(result.map(\.fields) == [["h1", "h2"], ["1", "2"], ["a\r\nb", "3"], ["4", "5"], ["6", "7"]])
        #expect(result.map(\.line) == [1, 2, 3, 5, 6])
    }

    @Test("a UTF-8 byte-order mark is skipped; blank lines are skipped but counted", arguments: [1, 2, 4096])
    func bomAndBlankLines(chunkSize: Int) throws {
        let result = try records([0xEF, 0xBB, 0xBF] + Array("id,x\n\n1,2\n\n\n3,4".utf8), chunkSize: chunkSize)
        #expect(result.map(\.fields) == [["id", "x"], ["1", "2"], ["3", "4"]])
        #expect(result.map(\.line) == [1, 3, 6])
    }

    @Test("a quoted empty field on its own line is a record, not a blank line")
    func quotedEmpty() throws {
        let result = try records("a\n\"\"\n")
        #expect(result.map(\.fields) == [["a"], [""]])
    }

    @Test("an unterminated quote fails naming the line where the record starts")
    func unterminated() throws {
        #expect {
            _ = try records("a,b\n1,\"open\n2,3\n")
        } throws: { error in
            (error as? CSVReader.Failure)?.line == 2
        }
    }

    @Test("stray quotes are flagged, not silently accepted")
    func strayQuotes() throws {
        let result = try records("a,b\nab\"c,d\n\"x\"y,z\n")
        #expect(result[1].stray && result[2].stray)
        #expect(result[1].fields == ["ab\"c", "d"])
        #expect(!result[0].stray)
    }

    @Test("a record longer than the limit fails instead of growing without bound")
    func recordLimit() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("big.csv", "a\n\"" + String(repeating: "x", count: 5000))
        let reader = try CSVReader(path: path, chunkSize: 512, maximumRecordBytes: 1000)
        #expect(throws: CSVReader.Failure.self) { try reader.forEachRecord { _ in } }
    }

    @Test("semicolon delimiter")
    func semicolons() throws {
        let result = try records(Array("a;b\n\"1;2\";3\n".utf8), delimiter: UInt8(ascii: ";"))
        #expect(result.map(\.fields) == [["a", "b"], ["1;2", "3"]])
    }

    @Test("fields are trimmed of surrounding spaces on request only")
    func trimming() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("t.csv", "  a \t, b\n")
        var trimmed: [String] = []
        var raw: [String] = []
        try CSVReader(path: path).forEachRecord { record in
            trimmed = (0..<record.fieldCount).map(record.trimmed)
            raw = record.strings
        }
        #expect(trimmed == ["a", "b"])
        #expect(raw == ["  a \t", " b"])
    }
}

@Suite("FileFingerprint: hash and UTF-8 check in one pass")
struct FileFingerprintTests {
    @Test("SHA-256 of known bytes")
    func hash() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("abc.txt", "abc")
        let fingerprint = try FileFingerprint.compute(path: path)
        #expect(fingerprint.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(fingerprint.size == 3)
        #expect(fingerprint.decodingError == nil)
    }

    @Test(
        "undecodable text is found with its line and byte column, also across chunks",
        arguments: [
            ([0x61, 0xE2, 0x82, 0xAC, 0x0A, 0x62, 0xFF], 2, 2),  // UTF-8 (a euro sign) with a stray byte
            ([0xEF, 0xBB, 0xBF, 0x61, 0xC3], 1, 5),  // BOM, then truncated at the end
            ([0xEF, 0xBB, 0xBF, 0x0A, 0xE9, 0x74], 2, 1),  // BOM says UTF-8, but a Windows-1252 é
            ([0xC3, 0xA9, 0x0A, 0xC0, 0xAF], 2, 1),  // é, then an overlong form
            ([0x61, 0x0A, 0x62, 0x00, 0x63], 2, 2),  // a NUL byte: not text
        ] as [([UInt8], Int, Int)])
    func undecodable(bytes: [UInt8], line: Int, column: Int) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("bad.csv", bytes: bytes)
        for chunk in [1, 2, 1 << 20] {
            let fingerprint = try FileFingerprint.compute(path: path, chunkSize: chunk)
            #expect(fingerprint.decodingError?.line == line)
            #expect(fingerprint.decodingError?.column == column)
        }
    }

    @Test(
        "the encoding follows the byte-order mark, else UTF-8, else Windows-1252",
        arguments: [
            ([0x61, 0x2C, 0x62], TextEncoding.utf8),
            ([0xEF, 0xBB, 0xBF, 0x61], .utf8WithBOM),
            ([0xFF, 0xFE, 0x61, 0x00], .utf16LittleEndian),
            ([0xFE, 0xFF, 0x00, 0x61], .utf16BigEndian),
            ([0x63, 0x61, 0x66, 0xE9, 0x0A, 0x80], .windows1252),  // café, €
        ] as [([UInt8], TextEncoding)])
    func encodings(bytes: [UInt8], encoding: TextEncoding) throws {
        let folder = try TemporaryFolder()
        let fingerprint = try FileFingerprint.compute(path: try folder.write("e.csv", bytes: bytes))
        #expect(fingerprint.encoding == encoding)
        #expect(fingerprint.decodingError == nil)
    }

    @Test("valid multi-byte text passes")
    func valid() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("ok.csv", "ïd,catégorie,€,𝄞\n")
        #expect(try FileFingerprint.compute(path: path, chunkSize: 1).decodingError == nil)
    }
}
