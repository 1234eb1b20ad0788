import Analytics
import Workbook

/// Writes one pack table on a sheet: its title, then the long-form table as an Excel table with
/// filter buttons, numbers as numbers (so they can be summed and charted), hidden cells as the
/// marker text. Untrusted text is only ever written as text, never as a formula.
enum TableBlock {
    /// Writes `table` from `row`; returns the first free row after it (one blank row between blocks).
    @discardableResult
    static func write(_ table: PackTable, on sheet: Worksheet, row start: Int, tableName: String) throws -> Int {
        try sheet.writeString(table.title, row: start, column: 0, format: SheetStyle.subtitle)
        var row = start + 1
        if let note = table.note {
            try sheet.writeString(note, row: row, column: 0, format: SheetStyle.italic)
            row += 1
        }
        let headers = table.table.dimensions + table.table.measures
        let first = row
        for (column, header) in headers.enumerated() {
            try sheet.writeString(header, row: row, column: column, format: SheetStyle.header)
        }
        for line in table.table.rows {
            row += 1
            for (column, key) in line.keys.enumerated() {
                // Text is only ever a string cell; the guard also keeps it inert after a copy to CSV.
                try sheet.writeString(FormulaGuard.neutralised(key), row: row, column: column)
            }
            for (offset, value) in line.values.enumerated() {
                try write(value, on: sheet, row: row, column: line.keys.count + offset)
            }
        }
        if !table.table.rows.isEmpty {
            try sheet.addTable(
                Table(
                    range: CellRange(firstRow: first, firstColumn: 0, lastRow: row, lastColumn: headers.count - 1),
                    headers: headers, name: tableName, style: .light(9)))
        }
        return row + 2
    }

    static func write(_ value: LongTable.Value, on sheet: Worksheet, row: Int, column: Int) throws {
        switch value {
        case .integer(let number): try sheet.writeInteger(number, row: row, column: column, format: SheetStyle.integer)
        case .decimal(let number, let places):
            try sheet.writeNumber(number, row: row, column: column, format: places <= 1 ? SheetStyle.decimal1 : SheetStyle.decimal2)
        case .text(let text): try sheet.writeString(FormulaGuard.neutralised(text), row: row, column: column, format: SheetStyle.hidden)
        case .empty: break
        }
    }

    /// An Excel table name from a slug: letters, digits and underscores, starting with a letter.
    static func name(_ slug: String, pack index: Int) -> String {
        "T\(index)_" + String(slug.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
