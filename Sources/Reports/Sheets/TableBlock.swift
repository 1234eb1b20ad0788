import Analytics
import Workbook

/// Writes one pack table on a sheet: its title, then the long-form table as an Excel table with
/// filter buttons, numbers as numbers (so they can be summed and charted), hidden cells as the
/// marker text. Headers and codes are shown as Dutch words (`DutchLabels`; the CSV keeps the
/// machine names, SPEC §4). Untrusted text is only ever written as text, never as a formula.
enum TableBlock {
    /// The rows a block takes: title, note, header and data rows.
    static func height(_ table: PackTable) -> Int { 2 + (table.note == nil ? 0 : 1) + table.table.rows.count }

    /// The row of the block's column headers when it starts at `start`.
    static func headerRow(_ table: PackTable, start: Int) -> Int { start + 1 + (table.note == nil ? 0 : 1) }

    /// Writes `table` from `row`; returns the first free row after it (one blank row between blocks).
    @discardableResult
    static func write(
        _ table: PackTable, on sheet: Worksheet, row start: Int, tableName: String, labels: DutchLabels = DutchLabels(categories: [:])
    ) throws -> Int {
        try sheet.writeString(table.title, row: start, column: 0, format: SheetStyle.subtitle)
        var row = start + 1
        if let note = table.note {
            try sheet.writeString(note, row: row, column: 0, format: SheetStyle.italic)
            row += 1
        }
        let names = table.table.dimensions + table.table.measures
        let headers = names.map(DutchLabels.header)
        let first = row
        for (column, header) in headers.enumerated() {
            try sheet.writeString(header, row: row, column: column, format: SheetStyle.header)
        }
        let widths = columnWidths(table, labels: labels)
        for line in table.table.rows {
            row += 1
            var lines = 1
            for (column, key) in line.keys.enumerated() {
                // Text is only ever a string cell; the guard also keeps it inert after a copy to CSV.
                let text = labels.value(key, column: table.table.dimensions[column])
                try sheet.writeString(FormulaGuard.neutralised(text), row: row, column: column, format: SheetStyle.text)
                lines = max(lines, wrappedLines(text, width: widths[column]))
            }
            for (offset, value) in line.values.enumerated() {
                let column = line.keys.count + offset
                let measure = table.table.measures[offset]
                if case .text(let text) = value, offset > 0 || measure != "aantal" {
                    let shown = labels.value(text, column: measure)
                    try sheet.writeString(FormulaGuard.neutralised(shown), row: row, column: column, format: SheetStyle.text)
                    lines = max(lines, wrappedLines(shown, width: widths[column]))
                } else {
                    try write(value, measure: measure, on: sheet, row: row, column: column)
                }
            }
            if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
        }
        if !table.table.rows.isEmpty {
            try sheet.addTable(
                Table(
                    range: CellRange(firstRow: first, firstColumn: 0, lastRow: row, lastColumn: headers.count - 1),
                    headers: headers, name: tableName, style: .light(9), headerFormat: SheetStyle.header))
        }
        let headerLines = zip(headers, widths).map { wrappedLines($0, width: $1) }.max() ?? 1
        try sheet.setRowHeight(Double(15 * headerLines + 2), row: first)
        return row + 2
    }

    /// The width (characters) each column needs: its longest label or number, at least its
    /// header's longest word, at most 60 (longer text wraps).
    static func columnWidths(_ table: PackTable, labels: DutchLabels) -> [Double] {
        let names = table.table.dimensions + table.table.measures
        var widths = names.map { name -> Int in
            let longestWord = DutchLabels.header(name).split(separator: " ").map(\.count).max() ?? 4
            return max(8, longestWord + 2)
        }
        for line in table.table.rows {
            for (column, key) in line.keys.enumerated() {
                widths[column] = max(widths[column], labels.value(key, column: names[column]).count + 2)
            }
            for (offset, value) in line.values.enumerated() {
                if case .text(let text) = value {
                    let column = line.keys.count + offset
                    widths[column] = max(widths[column], labels.value(text, column: names[column]).count + 2)
                }
            }
        }
        return widths.map { Double(min($0, 60)) }
    }

    /// Lines a wrapped text takes in a column `width` characters wide.
    static func wrappedLines(_ text: String, width: Double) -> Int {
        let usable = max(1, Int(width) - 1)
        var lines = 1, used = 0
        for word in text.split(separator: " ") {
            let length = word.count
            if used == 0 {
                used = length
            } else if used + 1 + length <= usable {
                used += 1 + length
            } else {
                lines += 1
                used = length
            }
        }
        return lines
    }

    /// The decimals a measure is shown with: whole pupils, shares to one decimal, rates and
    /// ratios to two, p- and q-values to three.
    static func places(_ measure: String, given: Int) -> Int {
        switch measure {
        case "leerlingen": 0
        case "aandeel": 1
        case "p", "q": 3
        default: min(given, 2)
        }
    }

    static func write(_ value: LongTable.Value, measure: String = "", on sheet: Worksheet, row: Int, column: Int) throws {
        switch value {
        case .integer(let number): try sheet.writeInteger(number, row: row, column: column, format: SheetStyle.integer)
        case .decimal(let number, let given):
            let shown = places(measure, given: given)
            try sheet.writeNumber(rounded(number, places: shown), row: row, column: column, format: SheetStyle.decimal(shown))
        case .text(let text): try sheet.writeString(FormulaGuard.neutralised(text), row: row, column: column, format: SheetStyle.hidden)
        case .empty: break
        }
    }

    /// The value as shown, so a copy out of the workbook does not carry 94.44444444444444.
    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// An Excel table name from a slug: letters, digits and underscores, starting with a letter.
    static func name(_ slug: String, pack index: Int) -> String {
        "T\(index)_" + String(slug.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
