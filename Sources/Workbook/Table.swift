import CXlsxwriter
import Foundation

/// An Excel table ("Opmaken als tabel") over a range whose first row holds the column headers:
/// the headers are written by the table; the caller writes the data rows below them.
/// No total row.
public struct Table: Hashable, Sendable {
    public enum Style: Hashable, Sendable {
        /// Excel's default (Table Style Medium 9).
        case `default`
        case light(Int)
        case medium(Int)
        case dark(Int)
        /// No style at all (plain cells with filter buttons).
        case none
    }

    /// The whole table: the header row and the data rows.
    public var range: CellRange
    /// One unique, non-empty header per column of `range`.
    public var headers: [String]
    /// How the header cells look (such as wrapped text); nil for the table style's.
    public var headerFormat: CellFormat?
    /// Letters, digits, "_" and "." only, starting with a letter or "_"; unique in the workbook.
    /// Nil for libxlsxwriter's default (Table1, Table2, …).
    public var name: String?
    public var style: Style
    public var bandedRows: Bool
    public var autofilter: Bool

    public init(
        range: CellRange, headers: [String], name: String? = nil, style: Style = .default,
        bandedRows: Bool = true, autofilter: Bool = true, headerFormat: CellFormat? = nil
    ) {
        self.headerFormat = headerFormat
        self.range = range
        self.headers = headers
        self.name = name
        self.style = style
        self.bandedRows = bandedRows
        self.autofilter = autofilter
    }

    func validate(_ operation: String) throws {
        try range.validate(operation)
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: reason) }
        guard range.rowCount >= 2 else { throw fail("a table needs a header row and at least one data row") }
        guard headers.count == range.columnCount else {
            throw fail("\(headers.count) headers for \(range.columnCount) columns (\(range))")
        }
        var seen: Set<String> = []
        for header in headers {
            guard !header.isEmpty else { throw fail("a column header is empty") }
            guard header.utf16.count <= 255 else { throw fail("column header '\(header.prefix(40))…' is longer than 255 characters") }
            try CStrings.validate(header, operation)
            // Excel repairs (and renames) a table with two equal headers, ignoring case.
            guard seen.insert(header.lowercased()).inserted else { throw fail("column header '\(header)' occurs twice") }
        }
        if let name { try Self.validateName(name, operation) }
        switch style {
        case let .light(number) where !(1...21).contains(number): throw fail("light table styles are 1…21, not \(number)")
        case let .medium(number) where !(1...28).contains(number): throw fail("medium table styles are 1…28, not \(number)")
        case let .dark(number) where !(1...11).contains(number): throw fail("dark table styles are 1…11, not \(number)")
        default: break
        }
    }

    static func validateName(_ name: String, _ operation: String) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: "table name '\(name)': \(reason)") }
        guard let first = name.unicodeScalars.first else { throw fail("it is empty") }
        guard name.utf16.count <= 255 else { throw fail("it is longer than 255 characters") }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
        guard isLetter(first) || first == "_" else { throw fail("it must start with a letter or '_'") }
        guard name.unicodeScalars.allSatisfy({ isLetter($0) || $0.properties.numericType != nil || $0 == "_" || $0 == "." }) else {
            throw fail("only letters, digits, '_' and '.' are allowed")
        }
        let upper = name.uppercased()
        guard upper != "R", upper != "C" else { throw fail("'R' and 'C' are reserved") }
        // Names that read as a cell reference (A1, XFD1048576, R1C1) are refused by Excel.
        if upper.range(of: #"^[A-Z]{1,3}[0-9]+$"#, options: .regularExpression) != nil
            || upper.range(of: #"^R[0-9]*C[0-9]*$"#, options: .regularExpression) != nil
        {
            throw fail("it reads as a cell reference")
        }
    }

    /// Adds the table to `worksheet`; libxlsxwriter copies every string.
    func add(to worksheet: UnsafeMutablePointer<lxw_worksheet>, operation: String, headerFormat: UnsafeMutablePointer<lxw_format>? = nil)
        throws
    {
        let strings = CStrings()
        var columns = headers.map { header -> lxw_table_column in
            var column = lxw_table_column()
            column.header = strings.copy(header)
            column.header_format = headerFormat
            return column
        }
        try columns.withUnsafeMutableBufferPointer { columnBuffer in
            // A NULL-terminated array of pointers to the columns.
            var pointers: [UnsafeMutablePointer<lxw_table_column>?] = (0..<columnBuffer.count).map { columnBuffer.baseAddress! + $0 }
            pointers.append(nil)
            try pointers.withUnsafeMutableBufferPointer { pointerBuffer in
                var options = lxw_table_options()
                options.name = strings.copy(name)
                options.no_banded_rows = bandedRows ? 0 : 1
                options.no_autofilter = autofilter ? 0 : 1
                options.total_row = 0
                switch style {
                case .default:
                    break
                case let .light(number):
                    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_LIGHT.rawValue)
                    options.style_type_number = UInt8(number)
                case let .medium(number):
                    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_MEDIUM.rawValue)
                    options.style_type_number = UInt8(number)
                case let .dark(number):
                    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_DARK.rawValue)
                    options.style_type_number = UInt8(number)
                case .none:
                    options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_LIGHT.rawValue)
                    options.style_type_number = 0
                }
                options.columns = pointerBuffer.baseAddress
                let result = worksheet_add_table(
                    worksheet, lxw_row_t(range.firstRow), lxw_col_t(range.firstColumn),
                    lxw_row_t(range.lastRow), lxw_col_t(range.lastColumn), &options)
                try WorkbookError.check(result, operation)
            }
        }
        withExtendedLifetime(strings) {}
    }
}
