import Domain
import Foundation

/// Decides the delimiter of a CSV file from its first line: `;` when it has more semicolons
/// than commas (Dutch spreadsheet exports), `,` otherwise.
public enum DelimiterSniffer {
    public static func sniff(path: String) throws -> UInt8 {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FailureError("kan \(path) niet lezen")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in head {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == 10 || byte == 13 { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}
