/// A rectangle of cells on one worksheet, zero-based and inclusive (libxlsxwriter's convention:
/// row 0, column 0 is A1).
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// One cell.
    public init(row: Int, column: Int) {
        self.init(firstRow: row, firstColumn: column, lastRow: row, lastColumn: column)
    }

    /// Excel's largest sheet: rows 1…1,048,576 and columns A…XFD.
    public static let rowCount = 1_048_576
    public static let columnCount = 16_384

    public var rowCount: Int { lastRow - firstRow + 1 }
    public var columnCount: Int { lastColumn - firstColumn + 1 }

    /// "B2:D5" (or "B2" for one cell), for messages.
    public var description: String {
        let first = Self.reference(row: firstRow, column: firstColumn)
        if firstRow == lastRow, firstColumn == lastColumn { return first }
        return first + ":" + Self.reference(row: lastRow, column: lastColumn)
    }

    public func overlaps(_ other: CellRange) -> Bool {
        firstRow <= other.lastRow && other.firstRow <= lastRow
            && firstColumn <= other.lastColumn && other.firstColumn <= lastColumn
    }

    /// "C17" for row 16, column 2 (zero-based).
    public static func reference(row: Int, column: Int) -> String {
        guard row >= 0, column >= 0 else { return "R\(row)C\(column)" }
        var letters: [Character] = []
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(0x41 + digit))))
            rest = (rest - 1) / 26
        }
        return String(letters.reversed()) + String(row + 1)
    }

    /// Throws unless every corner lies on the sheet and the first corner is not after the last.
    func validate(_ operation: String) throws {
        try Self.validateCell(row: firstRow, column: firstColumn, operation)
        try Self.validateCell(row: lastRow, column: lastColumn, operation)
        guard firstRow <= lastRow, firstColumn <= lastColumn else {
            throw WorkbookError.invalidArgument(
                operation: operation,
                reason:
                    "the range's first cell (row \(firstRow), column \(firstColumn)) lies after its last (row \(lastRow), column \(lastColumn))"
            )
        }
    }

    static func validateCell(row: Int, column: Int, _ operation: String) throws {
        guard row >= 0, row < rowCount else {
            throw WorkbookError.invalidArgument(
                operation: operation, reason: "row \(row) is outside 0…\(rowCount - 1) (rows are zero-based)")
        }
        guard column >= 0, column < columnCount else {
            throw WorkbookError.invalidArgument(
                operation: operation, reason: "column \(column) is outside 0…\(columnCount - 1) (columns are zero-based)")
        }
    }
}

/// A range of cells on a named worksheet: what chart series take as categories and values.
public struct SheetRange: Hashable, Sendable, CustomStringConvertible {
    public var sheet: String
    public var range: CellRange

    public init(sheet: String, _ range: CellRange) {
        self.sheet = sheet
        self.range = range
    }

    public init(sheet: String, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.init(sheet: sheet, CellRange(firstRow: firstRow, firstColumn: firstColumn, lastRow: lastRow, lastColumn: lastColumn))
    }

    /// The range as an Excel reference, the sheet name quoted where needed: `'Trends 2024'!B2:B13`.
    public var description: String {
        "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'!" + range.description
    }
}
