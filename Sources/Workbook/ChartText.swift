/// Text in a chart: a title, an axis title or a series name. Either literal text or a
/// reference to a worksheet cell whose (text) value Excel shows.
///
/// libxlsxwriter reads literal chart text that starts with "=" as a formula reference, so such
/// text is refused: to show text that starts with "=", write it to a cell with
/// `Worksheet.writeString` and use `.cell`.
public enum ChartText: Hashable, Sendable, ExpressibleByStringLiteral {
    case text(String)
    case cell(sheet: String, row: Int, column: Int)

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    func validate(_ operation: String) throws {
        switch self {
        case let .text(text):
            try CStrings.validate(text, operation)
            guard !text.hasPrefix("=") else {
                throw WorkbookError.invalidArgument(
                    operation: operation,
                    reason:
                        "chart text '\(text)' starts with '=' and would be read as a formula; write it to a cell and refer to that cell instead"
                )
            }
        case let .cell(sheet, row, column):
            try CStrings.validate(sheet, operation)
            try CellRange.validateCell(row: row, column: column, operation)
        }
    }
}
