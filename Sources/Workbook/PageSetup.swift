import CXlsxwriter
import Foundation

/// How a worksheet prints: orientation, paper, scaling, repeated rows, header and footer.
public struct PageSetup: Hashable, Sendable {
    public enum Orientation: Hashable, Sendable { case portrait, landscape }

    /// Excel's paper codes (`worksheet_set_paper`).
    public enum Paper: UInt8, Hashable, Sendable {
        case letter = 1
        case legal = 5
        case a3 = 8
        case a4 = 9
        case a5 = 11
    }

    /// Fit the print to this many pages wide and tall; 0 means "as many as needed".
    public struct FitToPages: Hashable, Sendable {
        public var width: Int
        public var height: Int

        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// Margins in inches.
    public struct Margins: Hashable, Sendable {
        public var left: Double
        public var right: Double
        public var top: Double
        public var bottom: Double

        public init(left: Double, right: Double, top: Double, bottom: Double) {
            self.left = left
            self.right = right
            self.top = top
            self.bottom = bottom
        }
    }

    public var orientation: Orientation
    public var paper: Paper?
    public var fitToPages: FitToPages?
    /// Rows printed at the top of every page (zero-based, inclusive).
    public var repeatRows: ClosedRange<Int>?
    public var printArea: CellRange?
    public var margins: Margins?
    /// In Excel's header/footer syntax, such as `&C&"Calibri,Bold"Vertrouwelijk&R&P van &N`
    /// (at most 255 characters). Text from elsewhere goes through `escaped(_:)` first.
    public var header: String?
    public var footer: String?
    public var centerHorizontally: Bool

    public init(
        orientation: Orientation = .portrait, paper: Paper? = nil, fitToPages: FitToPages? = nil,
        repeatRows: ClosedRange<Int>? = nil, printArea: CellRange? = nil, margins: Margins? = nil,
        header: String? = nil, footer: String? = nil, centerHorizontally: Bool = false
    ) {
        self.orientation = orientation
        self.paper = paper
        self.fitToPages = fitToPages
        self.repeatRows = repeatRows
        self.printArea = printArea
        self.margins = margins
        self.header = header
        self.footer = footer
        self.centerHorizontally = centerHorizontally
    }

    /// `text` with every "&" doubled, so that it prints as itself inside a header or footer
    /// instead of starting a code (`&P`, `&D`, a font change…).
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&&")
    }

    func validate(_ operation: String) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: reason) }
        if let fitToPages {
            guard (0...Int(UInt16.max)).contains(fitToPages.width), (0...Int(UInt16.max)).contains(fitToPages.height) else {
                throw fail("fit to pages \(fitToPages.width) × \(fitToPages.height) must be 0…65535 pages")
            }
        }
        if let repeatRows {
            try CellRange.validateCell(row: repeatRows.lowerBound, column: 0, operation)
            try CellRange.validateCell(row: repeatRows.upperBound, column: 0, operation)
        }
        try printArea?.validate(operation)
        if let margins {
            for value in [margins.left, margins.right, margins.top, margins.bottom] where !(value.isFinite && value >= 0 && value < 50) {
                throw fail("margin \(value) must be 0…50 inches")
            }
        }
        for text in [header, footer].compactMap({ $0 }) {
            try CStrings.validate(text, operation)
        }
    }

    func apply(to worksheet: UnsafeMutablePointer<lxw_worksheet>, _ name: String) throws {
        switch orientation {
        case .portrait: worksheet_set_portrait(worksheet)
        case .landscape: worksheet_set_landscape(worksheet)
        }
        if let paper { worksheet_set_paper(worksheet, paper.rawValue) }
        if let fitToPages { worksheet_fit_to_pages(worksheet, UInt16(fitToPages.width), UInt16(fitToPages.height)) }
        if let repeatRows {
            try WorkbookError.check(
                worksheet_repeat_rows(worksheet, lxw_row_t(repeatRows.lowerBound), lxw_row_t(repeatRows.upperBound)),
                "worksheet_repeat_rows ('\(name)')")
        }
        if let printArea {
            try WorkbookError.check(
                worksheet_print_area(
                    worksheet, lxw_row_t(printArea.firstRow), lxw_col_t(printArea.firstColumn),
                    lxw_row_t(printArea.lastRow), lxw_col_t(printArea.lastColumn)),
                "worksheet_print_area ('\(name)', \(printArea))")
        }
        if let margins { worksheet_set_margins(worksheet, margins.left, margins.right, margins.top, margins.bottom) }
        if let header { try WorkbookError.check(worksheet_set_header(worksheet, header), "worksheet_set_header ('\(name)')") }
        if let footer { try WorkbookError.check(worksheet_set_footer(worksheet, footer), "worksheet_set_footer ('\(name)')") }
        if centerHorizontally { worksheet_center_horizontally(worksheet) }
    }
}
