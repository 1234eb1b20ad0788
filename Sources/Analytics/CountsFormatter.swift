import Domain
import Foundation

/// Renders `Counts` as CSV (SPEC §3), an aligned table for the terminal, or JSON.
public enum CountsFormat: String, CaseIterable, Sendable {
    case csv, table, json

    /// Parses `--format`, or says what is allowed (a usage error, exit 2).
    public static func parse(_ text: String) throws(UsageError) -> CountsFormat {
        guard let format = CountsFormat(rawValue: text.lowercased()) else {
            throw UsageError("onbekend formaat '\(text)'; kies csv, table of json")
        }
        return format
    }
}

extension Counts {
    public func render(_ format: CountsFormat) -> String {
        switch format {
        case .csv: renderCSV()
        case .table: renderTable()
        case .json: renderJSON()
        }
    }

    private var headerNames: [String] { columnNames + [measure] }

    func renderCSV() -> String {
        var lines = [headerNames.joined(separator: ",")]
        for row in rows {
            lines.append((row.values.map(CSVField.escape) + [String(row.aantal)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderTable() -> String {
        let body = rows.map { $0.values + [String($0.aantal)] }
        let total = rows.reduce(0) { $0 + $1.aantal }
        let footer = columnNames.isEmpty ? [] : [columnNames.indices.map { $0 == 0 ? "Totaal" : "" } + [String(total)]]
        let all = [headerNames] + body + footer
        let widths = headerNames.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == cells.count - 1 ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        var lines = [format(headerNames), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += body.map(format)
        if let footer = footer.first {
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            lines.append(format(footer))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderJSON() -> String {
        let objects: [String] = rows.map { row in
            let pairs = zip(columnNames, row.values).map { "\(CSVField.jsonString($0)): \(CSVField.jsonString($1))" }
            return "  {" + (pairs + ["\(CSVField.jsonString(measure)): \(row.aantal)"]).joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
