import CXlsxwriter

/// A native Excel chart (column, bar or line) over worksheet data, placed on a worksheet with
/// `Worksheet.insertChart`. Excel draws it from the referenced cells; libxlsxwriter also stores
/// their current values in the chart so that viewers without a calculation engine show it too.
public struct Chart: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case column, stackedColumn, bar, stackedBar, line

        var isLine: Bool { self == .line }

        var lxw: UInt8 {
            switch self {
            case .column: UInt8(LXW_CHART_COLUMN.rawValue)
            case .stackedColumn: UInt8(LXW_CHART_COLUMN_STACKED.rawValue)
            case .bar: UInt8(LXW_CHART_BAR.rawValue)
            case .stackedBar: UInt8(LXW_CHART_BAR_STACKED.rawValue)
            case .line: UInt8(LXW_CHART_LINE.rawValue)
            }
        }
    }

    public enum LegendPosition: Hashable, Sendable {
        case right, left, top, bottom, none

        var lxw: UInt8 {
            switch self {
            case .right: UInt8(LXW_CHART_LEGEND_RIGHT.rawValue)
            case .left: UInt8(LXW_CHART_LEGEND_LEFT.rawValue)
            case .top: UInt8(LXW_CHART_LEGEND_TOP.rawValue)
            case .bottom: UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue)
            case .none: UInt8(LXW_CHART_LEGEND_NONE.rawValue)
            }
        }
    }

    public var kind: Kind
    /// At least one.
    public var series: [ChartSeries]
    /// Nil for no title (Excel would otherwise show the only series' name).
    public var title: ChartText?
    /// The axis with the categories (horizontal, or vertical in bar charts).
    public var categoryAxisTitle: ChartText?
    /// The axis with the values.
    public var valueAxisTitle: ChartText?
    /// Such as "0" or "0%"; nil for the values' own format.
    public var valueAxisNumberFormat: String?
    public var valueAxisMinimum: Double?
    public var valueAxisMaximum: Double?
    public var legend: LegendPosition
    /// One of Excel's 48 built-in chart styles; nil for the default (2).
    public var style: Int?
    /// Line charts: a vertical line at each category from the lowest to the highest value of
    /// all series (with a series for each bound: an interval).
    public var highLowLines: Bool

    public init(
        kind: Kind, series: [ChartSeries], title: ChartText? = nil, categoryAxisTitle: ChartText? = nil,
        valueAxisTitle: ChartText? = nil, valueAxisNumberFormat: String? = nil,
        valueAxisMinimum: Double? = nil, valueAxisMaximum: Double? = nil,
        legend: LegendPosition = .right, style: Int? = nil, highLowLines: Bool = false
    ) {
        self.highLowLines = highLowLines
        self.kind = kind
        self.series = series
        self.title = title
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.valueAxisNumberFormat = valueAxisNumberFormat
        self.valueAxisMinimum = valueAxisMinimum
        self.valueAxisMaximum = valueAxisMaximum
        self.legend = legend
        self.style = style
    }

    /// The worksheets the chart takes data or text from.
    var referencedSheets: [String] {
        var sheets: [String] = []
        func add(_ text: ChartText?) {
            if case let .cell(sheet, _, _) = text { sheets.append(sheet) }
        }
        for item in series {
            sheets.append(item.categories.sheet)
            sheets.append(item.values.sheet)
            add(item.name)
        }
        add(title)
        add(categoryAxisTitle)
        add(valueAxisTitle)
        return sheets
    }

    func validate(_ operation: String) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: reason) }
        guard !series.isEmpty else { throw fail("a chart needs at least one series") }
        guard series.count <= 255 else { throw fail("a chart can have at most 255 series") }
        for item in series { try item.validate(kind: kind, operation) }
        try title?.validate(operation)
        try categoryAxisTitle?.validate(operation)
        try valueAxisTitle?.validate(operation)
        if let valueAxisNumberFormat {
            guard !valueAxisNumberFormat.isEmpty else { throw fail("the value axis number format is empty") }
            try CStrings.validate(valueAxisNumberFormat, operation)
        }
        for bound in [valueAxisMinimum, valueAxisMaximum].compactMap({ $0 }) where !bound.isFinite {
            throw fail("axis bounds must be finite numbers")
        }
        if let valueAxisMinimum, let valueAxisMaximum, valueAxisMinimum >= valueAxisMaximum {
            throw fail("the value axis minimum \(valueAxisMinimum) is not below its maximum \(valueAxisMaximum)")
        }
        if let style, !(1...48).contains(style) { throw fail("chart style \(style) is outside 1…48") }
        if highLowLines, !kind.isLine { throw fail("high-low lines apply to line charts only") }
    }

    /// Creates the libxlsxwriter chart in `workbook` and configures it (libxlsxwriter copies
    /// every string). Call `validate` first.
    func build(in workbook: UnsafeMutablePointer<lxw_workbook>, _ operation: String) throws -> UnsafeMutablePointer<lxw_chart> {
        guard let chart = workbook_add_chart(workbook, kind.lxw) else {
            throw WorkbookError.library(
                operation: "workbook_add_chart (\(operation))", code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                message: String(cString: lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)))
        }
        switch title {
        case let .text(text)?: chart_title_set_name(chart, text)
        case let .cell(sheet, row, column)?: chart_title_set_name_range(chart, sheet, lxw_row_t(row), lxw_col_t(column))
        case nil: chart_title_off(chart)
        }
        for item in series {
            try add(item, to: chart, operation)
        }
        if let axis = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_X) {
            Self.setName(categoryAxisTitle, of: axis)
        }
        if let axis = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y) {
            Self.setName(valueAxisTitle, of: axis)
            if let valueAxisNumberFormat { chart_axis_set_num_format(axis, valueAxisNumberFormat) }
            if let valueAxisMinimum { chart_axis_set_min(axis, valueAxisMinimum) }
            if let valueAxisMaximum { chart_axis_set_max(axis, valueAxisMaximum) }
        }
        chart_legend_set_position(chart, legend.lxw)
        if highLowLines {
            var line = lxw_chart_line()
            line.color = 0x404040
            line.width = 1.5
            chart_set_high_low_lines(chart, &line)
        }
        if let style { chart_set_style(chart, UInt8(style)) }
        return chart
    }

    private func add(_ item: ChartSeries, to chart: UnsafeMutablePointer<lxw_chart>, _ operation: String) throws {
        guard let series = chart_add_series(chart, nil, nil) else {
            throw WorkbookError.library(
                operation: "chart_add_series (\(operation))", code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                message: String(cString: lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)))
        }
        // Sheet name and cell numbers rather than a formula string: libxlsxwriter quotes the name.
        let categories = item.categories
        chart_series_set_categories(
            series, categories.sheet,
            lxw_row_t(categories.range.firstRow), lxw_col_t(categories.range.firstColumn),
            lxw_row_t(categories.range.lastRow), lxw_col_t(categories.range.lastColumn))
        let values = item.values
        chart_series_set_values(
            series, values.sheet,
            lxw_row_t(values.range.firstRow), lxw_col_t(values.range.firstColumn),
            lxw_row_t(values.range.lastRow), lxw_col_t(values.range.lastColumn))
        switch item.name {
        case let .text(text)?: chart_series_set_name(series, text)
        case let .cell(sheet, row, column)?: chart_series_set_name_range(series, sheet, lxw_row_t(row), lxw_col_t(column))
        case nil: break
        }
        if kind.isLine {
            if item.color != nil || item.lineWidth != nil || item.hiddenLine || item.dashed {
                var line = lxw_chart_line()
                if let color = item.color { line.color = color.lxw }
                if let width = item.lineWidth { line.width = Float(width) }
                if item.hiddenLine { line.none = UInt8(LXW_TRUE.rawValue) }
                if item.dashed { line.dash_type = UInt8(LXW_CHART_LINE_DASH_DASH.rawValue) }
                chart_series_set_line(series, &line)
            }
            if let marker = item.marker {
                chart_series_set_marker_type(series, marker.lxw)
                if let size = item.markerSize { chart_series_set_marker_size(series, UInt8(size)) }
                if let color = item.color, marker != .none {
                    var fill = lxw_chart_fill()
                    fill.color = color.lxw
                    chart_series_set_marker_fill(series, &fill)
                    var line = lxw_chart_line()
                    line.color = color.lxw
                    chart_series_set_marker_line(series, &line)
                }
            }
        } else if let color = item.color {
            var fill = lxw_chart_fill()
            fill.color = color.lxw
            chart_series_set_fill(series, &fill)
        }
        if item.dataLabels {
            chart_series_set_labels(series)
            if let format = item.dataLabelNumberFormat { chart_series_set_labels_num_format(series, format) }
        }
    }

    private static func setName(_ text: ChartText?, of axis: UnsafeMutablePointer<lxw_chart_axis>) {
        switch text {
        case let .text(text)?: chart_axis_set_name(axis, text)
        case let .cell(sheet, row, column)?: chart_axis_set_name_range(axis, sheet, lxw_row_t(row), lxw_col_t(column))
        case nil: break
        }
    }
}

extension ChartSeries.Marker {
    var lxw: UInt8 {
        switch self {
        case .none: UInt8(LXW_CHART_MARKER_NONE.rawValue)
        case .automatic: UInt8(LXW_CHART_MARKER_AUTOMATIC.rawValue)
        case .circle: UInt8(LXW_CHART_MARKER_CIRCLE.rawValue)
        case .square: UInt8(LXW_CHART_MARKER_SQUARE.rawValue)
        case .diamond: UInt8(LXW_CHART_MARKER_DIAMOND.rawValue)
        case .triangle: UInt8(LXW_CHART_MARKER_TRIANGLE.rawValue)
        case .x: UInt8(LXW_CHART_MARKER_X.rawValue)
        }
    }
}
