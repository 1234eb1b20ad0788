import Analytics
import Domain

/// How the CSV tables of a pack are written (issue 7, SPEC §4): RFC 4180 UTF-8 with a point for
/// decimals by default; `excel-nl` for Dutch Excel: a semicolon, a decimal comma and a BOM.
/// In both, a text that spreadsheet software would run as a formula is neutralised
/// (`FormulaGuard`).
public enum CSVDialect: String, Sendable, CaseIterable {
    case rfc4180
    case excelNL = "excel-nl"

    var separator: String { self == .rfc4180 ? "," : ";" }

    /// The CSV text of one table: header, then rows; CRLF line ends as RFC 4180 writes them.
    public func render(_ header: [String], _ rows: [[Cell]]) -> String {
        var text = self == .excelNL ? "\u{FEFF}" : ""
        text += header.map { field(.text($0)) }.joined(separator: separator) + "\r\n"
        for row in rows {
            text += row.map(field).joined(separator: separator) + "\r\n"
        }
        return text
    }

    /// A value of a CSV cell: text (guarded and quoted when needed) or a number.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case decimal(Double, places: Int)
        case empty
    }

    func field(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return quoted(FormulaGuard.neutralised(text))
        case .integer(let value): return String(value)
        case .decimal(let value, let places):
            let text = DecimalText.fixed(value, places: places)
            return self == .excelNL ? text.replacingOccurrences(of: ".", with: ",") : text
        case .empty: return ""
        }
    }

    private func quoted(_ text: String) -> String {
        let needs = text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r")
        return needs ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// OWASP's CSV-injection rule: a text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading apostrophe, so no spreadsheet runs it as a formula. Numbers are written
/// as numbers and never pass through here.
public enum FormulaGuard {
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }
}
