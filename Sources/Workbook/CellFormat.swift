import CXlsxwriter

/// How a cell looks: font, fill, border, alignment and number format.
///
/// A plain value: build as many as you like. The workbook turns each distinct format into one
/// libxlsxwriter format the first time a cell uses it and reuses it after that, so equal values
/// share one entry in the file's style table.
public struct CellFormat: Hashable, Sendable {
    public enum HorizontalAlignment: Hashable, Sendable {
        case left, center, right
        /// Centred across the selected empty cells to the right (a title over a table without merging).
        case centerAcross
    }

    public enum VerticalAlignment: Hashable, Sendable {
        case top, center, bottom
    }

    public enum BorderStyle: Hashable, Sendable {
        case thin, medium, thick, dashed, dotted, double, hair
    }

    public var bold: Bool
    public var italic: Bool
    /// Points (1…409); nil keeps the workbook default (Calibri 11).
    public var fontSize: Double?
    /// At most 127 bytes; nil keeps the default font.
    public var fontName: String?
    public var fontColor: Color?
    /// A solid fill.
    public var backgroundColor: Color?
    /// A border on all four sides.
    public var border: BorderStyle?
    /// A border on the bottom only (also set when `border` is; this one wins for the bottom).
    public var bottomBorder: BorderStyle?
    /// A border on the top only (this one wins over `border` for the top).
    public var topBorder: BorderStyle?
    public var borderColor: Color?
    public var textWrap: Bool
    public var horizontalAlignment: HorizontalAlignment?
    public var verticalAlignment: VerticalAlignment?
    /// An Excel number format such as "0", "0.0", "#,##0", "0%" or "0.0%" (at most 127 bytes).
    /// Excel shows it with the reader's own decimal and thousands separators.
    public var numberFormat: String?
    /// Indentation level, 0…15.
    public var indent: Int

    public init(
        bold: Bool = false, italic: Bool = false, fontSize: Double? = nil, fontName: String? = nil,
        fontColor: Color? = nil, backgroundColor: Color? = nil, border: BorderStyle? = nil,
        bottomBorder: BorderStyle? = nil, topBorder: BorderStyle? = nil, borderColor: Color? = nil,
        textWrap: Bool = false, horizontalAlignment: HorizontalAlignment? = nil,
        verticalAlignment: VerticalAlignment? = nil, numberFormat: String? = nil, indent: Int = 0
    ) {
        self.bold = bold
        self.italic = italic
        self.fontSize = fontSize
        self.fontName = fontName
        self.fontColor = fontColor
        self.backgroundColor = backgroundColor
        self.border = border
        self.bottomBorder = bottomBorder
        self.topBorder = topBorder
        self.borderColor = borderColor
        self.textWrap = textWrap
        self.horizontalAlignment = horizontalAlignment
        self.verticalAlignment = verticalAlignment
        self.numberFormat = numberFormat
        self.indent = indent
    }

    /// Only the number format.
    public static func number(_ format: String) -> CellFormat { CellFormat(numberFormat: format) }

    /// libxlsxwriter keeps font names and number formats in 128-byte fields (longer ones would be cut).
    static let maximumFieldBytes = 127

    func validate() throws {
        let operation = "cell format"
        if let fontSize, !(fontSize >= 1 && fontSize <= 409) {
            throw WorkbookError.invalidArgument(operation: operation, reason: "font size \(fontSize) is outside 1…409 points")
        }
        if let fontName {
            guard !fontName.isEmpty, fontName.utf8.count <= Self.maximumFieldBytes, !fontName.utf8.contains(0) else {
                throw WorkbookError.invalidArgument(
                    operation: operation, reason: "font name '\(fontName)' must have 1…\(Self.maximumFieldBytes) bytes")
            }
        }
        if let numberFormat {
            guard !numberFormat.isEmpty, numberFormat.utf8.count <= Self.maximumFieldBytes, !numberFormat.utf8.contains(0) else {
                throw WorkbookError.invalidArgument(
                    operation: operation, reason: "number format '\(numberFormat)' must have 1…\(Self.maximumFieldBytes) bytes")
            }
        }
        guard (0...15).contains(indent) else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "indent \(indent) is outside 0…15")
        }
    }

    /// Sets every property on a fresh libxlsxwriter format.
    func apply(to format: UnsafeMutablePointer<lxw_format>) {
        if bold { format_set_bold(format) }
        if italic { format_set_italic(format) }
        if let fontSize { format_set_font_size(format, fontSize) }
        if let fontName { format_set_font_name(format, fontName) }
        if let fontColor { format_set_font_color(format, fontColor.lxw) }
        if let backgroundColor {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, backgroundColor.lxw)
        }
        if let border { format_set_border(format, border.lxw) }
        if let bottomBorder { format_set_bottom(format, bottomBorder.lxw) }
        if let topBorder { format_set_top(format, topBorder.lxw) }
        if let borderColor { format_set_border_color(format, borderColor.lxw) }
        if textWrap { format_set_text_wrap(format) }
        if let horizontalAlignment { format_set_align(format, horizontalAlignment.lxw) }
        if let verticalAlignment { format_set_align(format, verticalAlignment.lxw) }
        if let numberFormat { format_set_num_format(format, numberFormat) }
        if indent > 0 { format_set_indent(format, UInt8(indent)) }
    }
}

extension CellFormat.HorizontalAlignment {
    var lxw: UInt8 {
        switch self {
        case .left: UInt8(LXW_ALIGN_LEFT.rawValue)
        case .center: UInt8(LXW_ALIGN_CENTER.rawValue)
        case .right: UInt8(LXW_ALIGN_RIGHT.rawValue)
        case .centerAcross: UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue)
        }
    }
}

extension CellFormat.VerticalAlignment {
    var lxw: UInt8 {
        switch self {
        case .top: UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)
        case .center: UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)
        case .bottom: UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue)
        }
    }
}

extension CellFormat.BorderStyle {
    var lxw: UInt8 {
        switch self {
        case .thin: UInt8(LXW_BORDER_THIN.rawValue)
        case .medium: UInt8(LXW_BORDER_MEDIUM.rawValue)
        case .thick: UInt8(LXW_BORDER_THICK.rawValue)
        case .dashed: UInt8(LXW_BORDER_DASHED.rawValue)
        case .dotted: UInt8(LXW_BORDER_DOTTED.rawValue)
        case .double: UInt8(LXW_BORDER_DOUBLE.rawValue)
        case .hair: UInt8(LXW_BORDER_HAIR.rawValue)
        }
    }
}
