import Foundation

/// Quoting for CSV output (RFC 4180). JSON strings: `DisplayText.jsonString`.
public enum CSVField {
    public static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
