import Analytics
import Workbook

/// The Trends sheet's charts for one trend table: the long table pivoted into a block of
/// periods × series holding the rate per 1.000 pupils (a hidden or undelivered value is an empty
/// cell, so the chart shows no point for it, and the block and a note under the charts name it),
/// a line chart of the parts (series without any incident left out) and the total on a chart
/// of its own, with its 95% interval as high-low lines.
enum TrendChart {
    /// The rows one chart block takes on the sheet (title, charts, block, notes) for `periods` periods.
    static func height(periods: Int) -> Int { 1 + chartRows + 1 + periods + 1 + 3 }
    static let chartRows = 17
    /// The width of the block's columns after the first (a bold "Afgeschermd" must fit).
    static let columnWidth = 12.0

    /// Writes the block at `row`; returns the next free row.
    static func write(
        _ table: PackTable, on sheet: Worksheet, sheetName: String, row start: Int, labels: DutchLabels,
        periodLabel: (String) -> String = { $0 }, monthsIn: ((String) -> Int)? = nil
    ) throws -> Int {
        // Periods of unequal length (the covenant view's partial school years) compare per month.
        let unit = monthsIn == nil ? "per 1.000 leerlingen" : "per 1.000 leerlingen per maand"
        guard let seriesName = table.chartSeries,
            let seriesIndex = table.table.dimensions.firstIndex(of: seriesName),
            let timeIndex = table.table.dimensions.firstIndex(where: { $0 != seriesName }),
            let rateIndex = table.table.measures.firstIndex(of: "per_1000"),
            let lowIndex = table.table.measures.firstIndex(of: "bi_laag"),
            let highIndex = table.table.measures.firstIndex(of: "bi_hoog")
        else { return start }
        let timeName = table.table.dimensions[timeIndex]
        let periods: [String] = Set(table.table.rows.map { $0.keys[timeIndex] }).sorted()
        var byCell: [String: LongTable.Row] = [:]
        for row in table.table.rows { byCell[row.keys[timeIndex] + "\u{1F}" + row.keys[seriesIndex]] = row }
        func rate(_ period: String, _ name: String, _ index: Int) -> Double? {
            guard let row = byCell[period + "\u{1F}" + name], case .integer = row.values[0],
                case .decimal(let value, _) = row.values[index]
            else { return nil }
            return value / Double(max(1, monthsIn?(period) ?? 1))
        }
        func hidden(_ period: String, _ name: String) -> Bool {
            if case .text = byCell[period + "\u{1F}" + name]?.values[0] { return true }
            return false
        }
        // A published count without a rate: not every school of the cell delivered ("onvolledig").
        func incomplete(_ period: String, _ name: String) -> Bool {
            byCell[period + "\u{1F}" + name] != nil && !hidden(period, name) && rate(period, name, rateIndex) == nil
        }
        // Parts with at least one incident in the periods shown; the total apart.
        let parts: [String] = Set(table.table.rows.map { $0.keys[seriesIndex] }).filter { name in
            name != totaal
                && periods.contains { period in
                    if case .integer(let n) = byCell[period + "\u{1F}" + name]?.values[0] { return n > 0 }
                    return hidden(period, name)
                }
        }.sorted { MarginTable.marginOrder([$0], [$1]) }
        guard !periods.isEmpty else { return start }

        try sheet.writeString(table.title, row: start, column: 0, format: SheetStyle.subtitle)
        let block = start + 1 + chartRows + 1
        // The block: period, the parts, then the total with its interval.
        // Marks: a point with no number (hidden, or not every school delivered) gets a mark at the
        // axis in a series of its own, so the chart shows where a point is missing and why.
        let red = Color(rgb: 0xC00000)
        let grey = Color(rgb: 0x7F7F7F)
        let marks = [
            Mark(
                header: "Afgeschermd (deel)", periods: periods.filter { period in parts.contains { hidden(period, $0) } },
                display: "x", marker: .x, color: red, chart: .parts),
            Mark(
                header: "Onvolledig (deel)", periods: periods.filter { period in parts.contains { incomplete(period, $0) } },
                display: "onvolledig", marker: .triangle, color: grey, chart: .parts),
            Mark(
                header: "Afgeschermd (totaal)", periods: periods.filter { hidden($0, totaal) }, display: "x", marker: .x, color: red,
                chart: .total),
            Mark(
                header: "Onvolledig (totaal)", periods: periods.filter { incomplete($0, totaal) }, display: "onvolledig",
                marker: .triangle, color: grey, chart: .total),
        ].filter { !$0.periods.isEmpty }
        let columns =
            [DutchLabels.header(timeName)] + parts.map { labels.value($0, column: seriesName) }
            + ["Totaal", "95%-interval: van", "95%-interval: tot"] + marks.map(\.header)
        for (offset, header) in columns.enumerated() {
            // Numbers and marks are right-aligned, so each header stands above its own column.
            try sheet.writeString(
                FormulaGuard.neutralised(header), row: block, column: offset,
                format: offset == 0 ? SheetStyle.header : SheetStyle.numberHeader)
        }
        try sheet.setRowHeight(Double(15 * (columns.map { TableBlock.wrappedLines($0, width: columnWidth) }.max() ?? 1) + 2), row: block)
        var hiddenPoints: [String] = []
        var incompletePoints: [String] = []
        for (index, period) in periods.enumerated() {
            let row = block + 1 + index
            try sheet.writeString(FormulaGuard.neutralised(periodLabel(period)), row: row, column: 0)
            for (offset, name) in (parts + [totaal]).enumerated() {
                if let value = rate(period, name, rateIndex) {
                    try sheet.writeNumber(TableBlock.rounded(value, places: 2), row: row, column: 1 + offset, format: SheetStyle.decimal(2))
                } else if hidden(period, name) {
                    hiddenPoints.append("\(labels.value(name, column: seriesName)) \(periodLabel(period))")
                } else if incomplete(period, name) {
                    incompletePoints.append("\(name == totaal ? "Totaal" : labels.value(name, column: seriesName)) \(periodLabel(period))")
                }
            }
            for (offset, index) in [lowIndex, highIndex].enumerated() {
                if let value = rate(period, totaal, index) {
                    try sheet.writeNumber(
                        TableBlock.rounded(value, places: 2), row: row, column: parts.count + 2 + offset, format: SheetStyle.decimal(2))
                }
            }
            // The mark sits on the axis (0); the cell shows what it means, never a number.
            for (offset, mark) in marks.enumerated() where mark.periods.contains(period) {
                try sheet.writeNumber(0, row: row, column: parts.count + 4 + offset, format: mark.format)
            }
        }
        let last = block + periods.count
        func range(_ column: Int) -> SheetRange {
            SheetRange(sheet: sheetName, firstRow: block + 1, firstColumn: column, lastRow: last, lastColumn: column)
        }
        let categories = range(0)
        let axis = DutchLabels.header(timeName)
        func markSeries(_ chart: Mark.Chart) -> [ChartSeries] {
            marks.enumerated().filter { $0.element.chart == chart }.map { offset, mark in
                ChartSeries(
                    categories: categories, values: range(parts.count + 4 + offset), name: .text(mark.legend), color: mark.color,
                    marker: mark.marker, markerSize: 8, hiddenLine: true)
            }
        }
        if !parts.isEmpty {
            let series =
                parts.indices.map { offset in
                    ChartSeries(
                        categories: categories, values: range(1 + offset), name: .cell(sheet: sheetName, row: block, column: 1 + offset),
                        marker: .circle)
                } + markSeries(.parts)
            try sheet.insertChart(
                Chart(
                    kind: .line, series: series, title: .text("Per \(DutchLabels.header(seriesName).lowercased()): \(unit)"),
                    categoryAxisTitle: .text(axis), valueAxisTitle: .text(unit), valueAxisMinimum: 0, legend: .bottom),
                row: start + 1, column: 0, placement: ChartPlacement(width: 560, height: 320, description: table.title))
        }
        let totalColumn = parts.count + 1
        let total =
            [
                ChartSeries(
                    categories: categories, values: range(totalColumn), name: .text("Totaal per 1.000 leerlingen"),
                    color: Color(rgb: 0x1F4E79),
                    marker: .circle),
                ChartSeries(
                    categories: categories, values: range(totalColumn + 1), name: .text("95%-interval: van"), color: Color(rgb: 0x7F7F7F),
                    lineWidth: 1, marker: ChartSeries.Marker.none, dashed: true),
                ChartSeries(
                    categories: categories, values: range(totalColumn + 2), name: .text("95%-interval: tot"), color: Color(rgb: 0x7F7F7F),
                    lineWidth: 1, marker: ChartSeries.Marker.none, dashed: true),
            ] + markSeries(.total)
        try sheet.insertChart(
            Chart(
                kind: .line, series: total, title: .text("Totaal, met 95%-interval"), categoryAxisTitle: .text(axis),
                valueAxisTitle: .text(unit), valueAxisMinimum: 0, legend: .bottom, highLowLines: true),
            row: start + 1, column: 7, placement: ChartPlacement(width: 480, height: 320, description: table.title + ", totaal"))
        var noteRow = last + 1
        let hiddenText =
            hiddenPoints.isEmpty
            ? "Geen punt afgeschermd."
            : "Afgeschermd (geen getal; in de grafiek een rood kruisje op de as): " + hiddenPoints.joined(separator: ", ") + "."
        let incompleteText =
            incompletePoints.isEmpty
            ? ""
            : " Niet volledig aangeleverd, dus geen cijfer per 1.000 (in de grafiek een grijs driehoekje op de as): "
                + incompletePoints.joined(separator: ", ") + "."
        try note(sheet, "Een punt zonder getal is afgeschermd of niet volledig aangeleverd. " + hiddenText + incompleteText, row: noteRow)
        noteRow += 1
        let hiddenCategories = Set(table.table.rows.map { $0.keys[seriesIndex] }).subtracting(parts + [totaal])
        if !hiddenCategories.isEmpty {
            try self.note(
                sheet,
                "Zonder incidenten in deze perioden, niet getoond: "
                    + hiddenCategories.sorted().map { labels.value($0, column: seriesName) }.joined(separator: ", ") + ".", row: noteRow)
        }
        return start + height(periods: periods.count)
    }

    /// A mark for points without a number: its column in the block and its series in the chart(s).
    struct Mark {
        enum Chart { case parts, total }
        let header: String
        let periods: [String]
        /// What the cell shows in place of its 0 (the mark's height on the axis).
        let display: String
        let marker: ChartSeries.Marker
        let color: Color
        let chart: Chart

        var legend: String { display == "x" ? "afgeschermd (geen getal)" : "niet volledig aangeleverd" }
        var format: CellFormat {
            CellFormat(horizontalAlignment: .right, verticalAlignment: .top, numberFormat: "\"\(display)\";\"\(display)\";\"\(display)\"")
        }
    }

    /// A note across the width of the charts.
    static func note(_ sheet: Worksheet, _ text: String, row: Int) throws {
        try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: 12), text: text, format: SheetStyle.small)
        try sheet.setRowHeight(Double(12 * max(1, (text.count + 159) / 160)), row: row)
    }
}
