import Workbook

/// The few formats every sheet uses.
enum SheetStyle {
    static let title = CellFormat(bold: true, fontSize: 16)
    static let subtitle = CellFormat(bold: true, fontSize: 12)
    static let header = CellFormat(
        bold: true, backgroundColor: Color(rgb: 0xD9E1F2), bottomBorder: .thin, textWrap: true,
        verticalAlignment: .top)
    /// A value above the columns of its measures in a cross-table.
    static let groupHeader = CellFormat(
        bold: true, backgroundColor: Color(rgb: 0xD9E1F2), bottomBorder: .thin, horizontalAlignment: .center, verticalAlignment: .top)
    /// The header of a column of numbers: right-aligned above them.
    static let numberHeader = CellFormat(
        bold: true, backgroundColor: Color(rgb: 0xD9E1F2), bottomBorder: .thin, textWrap: true, horizontalAlignment: .right,
        verticalAlignment: .top)
    /// The header of a column of verdicts, left above its words (indented as they are).
    static let verdictHeader = CellFormat(
        bold: true, backgroundColor: Color(rgb: 0xD9E1F2), bottomBorder: .thin, textWrap: true, verticalAlignment: .top, indent: 1)
    /// A row label under a bold group row.
    static let indented = CellFormat(textWrap: true, verticalAlignment: .top, indent: 1)
    /// The label of a measure's row under its row label ("per 1.000 leerlingen").
    static let measureLabel = CellFormat(italic: true, fontColor: Color(rgb: 0x595959), verticalAlignment: .top, indent: 1)
    static let text = CellFormat(textWrap: true, verticalAlignment: .top)
    static let italic = CellFormat(italic: true, textWrap: true, verticalAlignment: .top)
    // Numbers stand at the top of their row, level with a label that wraps beside them.
    static let integer = CellFormat(verticalAlignment: .top, numberFormat: "#,##0")
    static let decimal1 = CellFormat(verticalAlignment: .top, numberFormat: "#,##0.0")
    static let decimal2 = CellFormat(verticalAlignment: .top, numberFormat: "#,##0.00")
    static let hidden = CellFormat(horizontalAlignment: .right, verticalAlignment: .top)
    static let right = CellFormat(textWrap: true, horizontalAlignment: .right, verticalAlignment: .top)
    static let bold = CellFormat(bold: true, textWrap: true, verticalAlignment: .top)
    static let small = CellFormat(italic: true, fontSize: 9, textWrap: true, verticalAlignment: .top)

    /// The comparison word, coloured as PHE Fingertips colours it (hoger red, lager blue).
    static func verdict(_ comparison: Comparison?) -> CellFormat {
        switch comparison {
        case .hoger?: CellFormat(bold: true, fontColor: Color(rgb: 0xC00000), horizontalAlignment: .right)
        case .lager?: CellFormat(bold: true, fontColor: Color(rgb: 0x1F4E79), horizontalAlignment: .right)
        default: right
        }
    }

    /// A number format with `places` decimals and a thousands separator.
    static func decimal(_ places: Int) -> CellFormat {
        places <= 0 ? integer : CellFormat(verticalAlignment: .top, numberFormat: "#,##0." + String(repeating: "0", count: places))
    }
    static let confidential = CellFormat(bold: true, fontColor: Color(rgb: 0xC00000))

    /// Landscape A4, one page wide, with period and "Vertrouwelijk" in the header and the page
    /// number in the footer.
    static func pageSetup(periodLine: String, repeatRows: ClosedRange<Int>? = nil) -> PageSetup {
        PageSetup(
            orientation: .landscape, paper: .a4, fitToPages: PageSetup.FitToPages(width: 1, height: 0), repeatRows: repeatRows,
            header: "&L\(PageSetup.escaped(periodLine))&R&\"Calibri,Bold\"Vertrouwelijk",
            footer: "&LSchoolveilig — &A&RPagina &P van &N")
    }
}
