import CXlsxwriter

/// One worksheet of a `Workbook`. Rows and columns are zero-based (row 0, column 0 is A1).
///
/// Text is always stored as text: `writeString` never turns "=…", "+…", "-…" or "@…" into a
/// formula, so untrusted text cannot become one. The only way to write a formula is
/// `writeFormula`, meant for the caller's own formulas.
///
/// Every method throws `WorkbookError.closed` once the workbook is closed or discarded.
public final class Worksheet {
    public let name: String
    private let pointer: UnsafeMutablePointer<lxw_worksheet>
    private let core: WorkbookCore
    /// Merged ranges and tables so far: Excel repairs a file in which they overlap.
    private var mergedRanges: [CellRange] = []
    private var tableRanges: [CellRange] = []
    /// The row heights (points) and column widths (characters) set so far: what a caller needs to
    /// estimate how the sheet prints (page breaks between blocks, text that overflows its cell).
    public private(set) var rowHeights: [Int: Double] = [:]
    public private(set) var columnWidths: [Int: Double] = [:]

    init(name: String, pointer: UnsafeMutablePointer<lxw_worksheet>, core: WorkbookCore) {
        self.name = name
        self.pointer = pointer
        self.core = core
    }

    /// The C worksheet, as long as the workbook is open.
    private func sheet(_ operation: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        _ = try core.workbook(operation())
        return pointer
    }

    /// "worksheet_write_string ('Blad'!B3)": the C function and the cell, for error messages.
    private func cellOperation(_ function: String, _ row: Int, _ column: Int) -> String {
        "\(function) ('\(name)'!\(CellRange.reference(row: row, column: column)))"
    }

    // MARK: - Cells

    /// Writes `text` as a (shared) string, whatever it looks like: Excel shows it exactly as
    /// given (see `XMLTextEscaping`). Empty text writes nothing, or a blank cell when a format is
    /// given. At most 32,767 characters.
    public func writeString(_ text: String, row: Int, column: Int, format: CellFormat? = nil) throws {
        let operation = cellOperation("worksheet_write_string", row, column)
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        try CStrings.validate(text, operation)
        let cFormat = try core.lxwFormat(format, operation)
        let stored = XMLTextEscaping.protectingEscapeSequences(text)
        try WorkbookError.check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), stored, cFormat), operation)
    }

    /// Writes a number. Excel keeps doubles; libxlsxwriter writes them with 16 significant digits.
    public func writeNumber(_ value: Double, row: Int, column: Int, format: CellFormat? = nil) throws {
        let operation = cellOperation("worksheet_write_number", row, column)
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        guard value.isFinite else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "\(value) is not a finite number; Excel cannot store it")
        }
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), value, cFormat), operation)
    }

    /// Writes an integer; it must be exact as a double (|value| ≤ 2^53).
    public func writeInteger(_ value: Int, row: Int, column: Int, format: CellFormat? = nil) throws {
        guard value.magnitude <= 1 << 53 else {
            throw WorkbookError.invalidArgument(
                operation: cellOperation("worksheet_write_number", row, column),
                reason: "\(value) is larger than 2^53 and would not be stored exactly")
        }
        try writeNumber(Double(value), row: row, column: column, format: format)
    }

    /// A cell with a format but no value (libxlsxwriter writes nothing for a blank without format).
    public func writeBlank(row: Int, column: Int, format: CellFormat) throws {
        let operation = cellOperation("worksheet_write_blank", row, column)
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(column), cFormat), operation)
    }

    /// Writes a formula such as "=SUM(B2:B13)". Only for formulas the program itself composes:
    /// never pass text from a delivery or any other outside source.
    public func writeFormula(_ formula: String, row: Int, column: Int, format: CellFormat? = nil) throws {
        let operation = cellOperation("worksheet_write_formula", row, column)
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        try CStrings.validate(formula, operation)
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(worksheet_write_formula(sheet, lxw_row_t(row), lxw_col_t(column), formula, cFormat), operation)
    }

    /// Merges `range` (two cells or more) and writes `text` into it as a string.
    public func mergeRange(_ range: CellRange, text: String, format: CellFormat? = nil) throws {
        let operation = "worksheet_merge_range ('\(name)'!\(range))"
        let sheet = try sheet(operation)
        try range.validate(operation)
        try CStrings.validate(text, operation)
        try checkOverlap(range, operation)
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(
            worksheet_merge_range(
                sheet, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn),
                lxw_row_t(range.lastRow), lxw_col_t(range.lastColumn),
                XMLTextEscaping.protectingEscapeSequences(text), cFormat),
            operation)
        mergedRanges.append(range)
    }

    // MARK: - Rows and columns

    /// Sets the width (in characters of the default font, 0…255) of `columns`, and optionally
    /// their default format.
    public func setColumnWidth(_ width: Double, columns: ClosedRange<Int>, format: CellFormat? = nil) throws {
        let operation = "worksheet_set_column ('\(name)', columns \(columns.lowerBound)…\(columns.upperBound))"
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: 0, column: columns.lowerBound, operation)
        try CellRange.validateCell(row: 0, column: columns.upperBound, operation)
        guard width.isFinite, width >= 0, width <= 255 else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "column width \(width) is outside 0…255")
        }
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(
            worksheet_set_column(sheet, lxw_col_t(columns.lowerBound), lxw_col_t(columns.upperBound), width, cFormat),
            operation)
        for column in columns { columnWidths[column] = width }
    }

    public func setColumnWidth(_ width: Double, column: Int, format: CellFormat? = nil) throws {
        try setColumnWidth(width, columns: column...column, format: format)
    }

    /// Sets the widths of consecutive columns, the first at `column`.
    public func setColumnWidths(_ widths: [Double], startingAt column: Int = 0) throws {
        for (offset, width) in widths.enumerated() {
            try setColumnWidth(width, column: column + offset)
        }
    }

    /// Sets the height of `row` in points (0…409), and optionally its default format.
    public func setRowHeight(_ height: Double, row: Int, format: CellFormat? = nil) throws {
        let operation = "worksheet_set_row ('\(name)', row \(row))"
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: 0, operation)
        guard height.isFinite, height >= 0, height <= 409 else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "row height \(height) is outside 0…409 points")
        }
        let cFormat = try core.lxwFormat(format, operation)
        try WorkbookError.check(worksheet_set_row(sheet, lxw_row_t(row), height, cFormat), operation)
        rowHeights[row] = height
    }

    // MARK: - Tables, filters and charts

    /// Freezes the rows above `row` and the columns left of `column` (1, 0 freezes the top row).
    public func freezePanes(row: Int, column: Int) throws {
        let operation = "worksheet_freeze_panes ('\(name)')"
        let sheet = try sheet(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        worksheet_freeze_panes(sheet, lxw_row_t(row), lxw_col_t(column))
    }

    /// Filter buttons on the first row of `range` (one autofilter per worksheet; tables have their own).
    public func setAutofilter(_ range: CellRange) throws {
        let operation = "worksheet_autofilter ('\(name)'!\(range))"
        let sheet = try sheet(operation)
        try range.validate(operation)
        try WorkbookError.check(
            worksheet_autofilter(
                sheet, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn),
                lxw_row_t(range.lastRow), lxw_col_t(range.lastColumn)), operation)
    }

    /// Adds an Excel table; its header row is written from `table.headers` (as text).
    public func addTable(_ table: Table) throws {
        let operation = "worksheet_add_table ('\(name)'!\(table.range))"
        let sheet = try sheet(operation)
        try table.validate(operation)
        try checkOverlap(table.range, operation)
        if let tableName = table.name { try core.reserveTableName(tableName, operation) }
        try table.add(to: sheet, operation: operation, headerFormat: try core.lxwFormat(table.headerFormat, operation))
        tableRanges.append(table.range)
    }

    /// Creates `chart` and places its top-left corner in the cell at `row`, `column`. The
    /// worksheets the chart refers to must exist by the time the workbook is closed.
    public func insertChart(_ chart: Chart, row: Int, column: Int, placement: ChartPlacement = ChartPlacement()) throws {
        let operation = cellOperation("worksheet_insert_chart_opt", row, column)
        let sheet = try sheet(operation)
        let workbook = try core.workbook(operation)
        try CellRange.validateCell(row: row, column: column, operation)
        try chart.validate(operation)
        try placement.validate(operation)
        let lxwChart = try chart.build(in: workbook, operation)
        let strings = CStrings()
        var options = lxw_chart_options()
        options.x_offset = Int32(placement.xOffset)
        options.y_offset = Int32(placement.yOffset)
        options.x_scale = placement.xScale
        options.y_scale = placement.yScale
        options.description = strings.copy(placement.description)
        try withExtendedLifetime(strings) {
            try WorkbookError.check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), lxwChart, &options), operation)
        }
        for referenced in chart.referencedSheets { core.referChart(toSheet: referenced, operation) }
    }

    private func checkOverlap(_ range: CellRange, _ operation: String) throws {
        if let clash = (mergedRanges + tableRanges).first(where: { $0.overlaps(range) }) {
            throw WorkbookError.invalidArgument(
                operation: operation,
                reason: "\(range) overlaps \(clash), already merged or part of a table")
        }
    }

    // MARK: - View and print

    /// Hides the gridlines on screen and in print.
    public func hideGridlines() throws {
        worksheet_gridlines(try sheet("worksheet_gridlines ('\(name)')"), UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    }

    public func setTabColor(_ color: Color) throws {
        worksheet_set_tab_color(try sheet("worksheet_set_tab_color ('\(name)')"), color.lxw)
    }

    /// The zoom level in percent (10…400).
    public func setZoom(_ percent: Int) throws {
        let operation = "worksheet_set_zoom ('\(name)')"
        let sheet = try sheet(operation)
        guard (10...400).contains(percent) else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "zoom \(percent)% is outside 10…400")
        }
        worksheet_set_zoom(sheet, UInt16(percent))
    }

    /// Makes this the worksheet shown when the file opens (the first one otherwise).
    public func activate() throws {
        worksheet_activate(try sheet("worksheet_activate ('\(name)')"))
    }

    /// Selects `range` (the cursor) when the file opens.
    public func setSelection(_ range: CellRange) throws {
        let operation = "worksheet_set_selection ('\(name)'!\(range))"
        let sheet = try sheet(operation)
        try range.validate(operation)
        worksheet_set_selection(
            sheet, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn),
            lxw_row_t(range.lastRow), lxw_col_t(range.lastColumn))
    }

    /// Starts a new printed page above each of `rows` (zero-based; at most 1023 breaks).
    public func setHorizontalPageBreaks(_ rows: [Int]) throws {
        let operation = "worksheet_set_h_pagebreaks ('\(name)')"
        let sheet = try sheet(operation)
        let breaks = Array(Set(rows.filter { $0 > 0 })).sorted()
        guard breaks.count <= 1023 else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "\(breaks.count) page breaks; Excel allows 1023")
        }
        guard !breaks.isEmpty else { return }
        for row in breaks { try CellRange.validateCell(row: row, column: 0, operation) }
        var terminated = breaks.map { lxw_row_t($0) } + [0]
        try WorkbookError.check(worksheet_set_h_pagebreaks(sheet, &terminated), operation)
    }

    /// Applies orientation, paper, scaling, repeated rows, print area, margins, header and footer.
    public func setPageSetup(_ setup: PageSetup) throws {
        let operation = "page setup ('\(name)')"
        let sheet = try sheet(operation)
        try setup.validate(operation)
        try setup.apply(to: sheet, name)
    }
}
