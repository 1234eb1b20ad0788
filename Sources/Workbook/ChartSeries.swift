/// One data series of a chart: values (and their categories) taken from worksheet ranges.
public struct ChartSeries: Hashable, Sendable {
    public enum Marker: Hashable, Sendable {
        case none, automatic, circle, square, diamond, triangle, x
    }

    /// The category labels (x axis): one row or one column of cells.
    public var categories: SheetRange
    /// The values: one row or one column of cells, as many as there are categories.
    public var values: SheetRange
    /// Shown in the legend; nil for Excel's "Series 1" and so on.
    public var name: ChartText?
    /// The line (line charts) or fill (column and bar charts) colour; nil for the chart style's.
    public var color: Color?
    /// Line width in points (line charts only); nil for the default.
    public var lineWidth: Double?
    /// Markers on the data points (line charts only); nil leaves libxlsxwriter's default (none).
    public var marker: Marker?
    /// The marker's size, 2…72; nil for the default.
    public var markerSize: Int?
    /// Show each point's value on the chart.
    public var dataLabels: Bool
    /// Line charts: draw no line between the points (a series that only carries the ends of
    /// high-low lines, such as the bounds of an interval).
    public var hiddenLine: Bool
    /// Line charts: a dashed line.
    public var dashed: Bool
    /// The number format of the data labels, such as "0" or "0.0%"; nil for the values' own.
    public var dataLabelNumberFormat: String?

    public init(
        categories: SheetRange, values: SheetRange, name: ChartText? = nil, color: Color? = nil,
        lineWidth: Double? = nil, marker: Marker? = nil, markerSize: Int? = nil, dataLabels: Bool = false,
        dataLabelNumberFormat: String? = nil, hiddenLine: Bool = false, dashed: Bool = false
    ) {
        self.hiddenLine = hiddenLine
        self.dashed = dashed
        self.categories = categories
        self.values = values
        self.name = name
        self.color = color
        self.lineWidth = lineWidth
        self.marker = marker
        self.markerSize = markerSize
        self.dataLabels = dataLabels
        self.dataLabelNumberFormat = dataLabelNumberFormat
    }

    func validate(kind: Chart.Kind, _ operation: String) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: reason) }
        for (role, range) in [("categories", categories), ("values", values)] {
            try CStrings.validate(range.sheet, operation)
            guard !range.sheet.isEmpty else { throw fail("the \(role) range has no worksheet name") }
            try range.range.validate(operation)
            guard range.range.rowCount == 1 || range.range.columnCount == 1 else {
                throw fail("the \(role) range \(range) must be one row or one column")
            }
        }
        guard max(categories.range.rowCount, categories.range.columnCount) == max(values.range.rowCount, values.range.columnCount) else {
            throw fail("\(categories) and \(values) differ in length")
        }
        try name?.validate(operation)
        if kind.isLine == false, marker != nil || markerSize != nil || lineWidth != nil || hiddenLine || dashed {
            throw fail("markers and line widths apply to line charts only")
        }
        if let markerSize, !(2...72).contains(markerSize) {
            throw fail("marker size \(markerSize) is outside 2…72")
        }
        if let lineWidth, !(lineWidth > 0 && lineWidth <= 1584) {
            throw fail("line width \(lineWidth) is outside 0…1584 points")
        }
        if let dataLabelNumberFormat {
            guard !dataLabelNumberFormat.isEmpty else { throw fail("the data label number format is empty") }
            try CStrings.validate(dataLabelNumberFormat, operation)
        }
    }
}
