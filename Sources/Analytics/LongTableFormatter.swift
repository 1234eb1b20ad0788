import Domain

/// Renders a `LongTable` as RFC 4180 CSV (SPEC §3/§4), an aligned table for the terminal, or JSON.
public enum TableFormat: String, CaseIterable, Sendable {
    case csv, table, json

    /// Parses `--format`, or says what is allowed (a usage error, exit 2).
    public static func parse(_ text: String) throws(UsageError) -> TableFormat {
        guard let format = TableFormat(rawValue: text.lowercased()) else {
            throw UsageError("onbekend formaat '\(text)'; kies csv, table of json")
        }
        return format
    }
}

extension LongTable {
    public func render(_ format: TableFormat) -> String {
        switch format {
        case .csv: renderCSV()
        case .table: renderTable()
        case .json: renderJSON()
        }
    }

    private var headerNames: [String] { dimensions + measures }

    func renderCSV() -> String {
        var lines = [headerNames.map(CSVField.escape).joined(separator: ",")]
        for row in rows {
            lines.append((row.keys + row.values.map(\.plain)).map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Dimensions left-aligned, measures right-aligned; a `Totaal` line sums integer measures.
    func renderTable() -> String {
        let body = rows.map { $0.keys + $0.values.map(\.plain) }
        var footer: [String]? = nil
        if !dimensions.isEmpty, !rows.isEmpty {
            let sums = measures.indices.map { index -> String in
                var sum = 0
                for row in rows {
                    switch row.values[index] {
                    case .integer(let value): sum += value
                    case .empty: continue
                    default: return ""
                    }
                }
                return String(sum)
            }
            footer = dimensions.indices.map { $0 == 0 ? "Totaal" : "" } + sums
        }
        let all = [headerNames] + body + (footer.map { [$0] } ?? [])
        let widths = headerNames.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index >= dimensions.count ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines = [format(headerNames), rule] + body.map(format)
        if let footer {
            lines.append(rule)
            lines.append(format(footer))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderJSON() -> String {
        let objects: [String] = rows.map { row in
            let keys = zip(dimensions, row.keys).map { "\(DisplayText.jsonString($0)): \(DisplayText.jsonString($1))" }
            let values = zip(measures, row.values).map { name, value -> String in
                let json: String
                switch value {
                case .integer(let number): json = String(number)
                case .decimal: json = value.plain
                case .text(let text): json = DisplayText.jsonString(text)
                case .empty: json = "null"
                }
                return "\(DisplayText.jsonString(name)): \(json)"
            }
            return "  {" + (keys + values).joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
