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
        func offset(_ column: Int, _ text: String) -> Double { 11 }
        let columns =
            [DutchLabels.header(timeName)] + parts.map { labels.value($0, column: seriesName) }
            + ["Totaal", "95%-interval: van", "95%-interval: tot"]
        for (offset, header) in columns.enumerated() {
            try sheet.writeString(FormulaGuard.neutralised(header), row: block, column: offset, format: SheetStyle.header)
        }
        try sheet.setRowHeight(Double(15 * (columns.map { TableBlock.wrappedLines($0, width: offset(0, $0)) }.max() ?? 1) + 2), row: block)
        var hiddenPoints: [String] = []
        for (index, period) in periods.enumerated() {
            let row = block + 1 + index
            try sheet.writeString(FormulaGuard.neutralised(periodLabel(period)), row: row, column: 0)
            for (offset, name) in (parts + [totaal]).enumerated() {
                if let value = rate(period, name, rateIndex) {
                    try sheet.writeNumber(TableBlock.rounded(value, places: 2), row: row, column: 1 + offset, format: SheetStyle.decimal(2))
                } else if hidden(period, name) {
                    hiddenPoints.append("\(labels.value(name, column: seriesName)) \(periodLabel(period))")
                }
            }
            for (offset, index) in [lowIndex, highIndex].enumerated() {
                if let value = rate(period, totaal, index) {
                    try sheet.writeNumber(
                        TableBlock.rounded(value, places: 2), row: row, column: parts.count + 2 + offset, format: SheetStyle.decimal(2))
                }
            }
        }
        let last = block + periods.count
        func range(_ column: Int) -> SheetRange {
            SheetRange(sheet: sheetName, firstRow: block + 1, firstColumn: column, lastRow: last, lastColumn: column)
        }
        let categories = range(0)
        let axis = DutchLabels.header(timeName)
        if !parts.isEmpty {
            let series = parts.indices.map { offset in
                ChartSeries(
                    categories: categories, values: range(1 + offset), name: .cell(sheet: sheetName, row: block, column: 1 + offset),
                    marker: .circle)
            }
            try sheet.insertChart(
                Chart(
                    kind: .line, series: series, title: .text("Per \(DutchLabels.header(seriesName).lowercased()): \(unit)"),
                    categoryAxisTitle: .text(axis), valueAxisTitle: .text(unit), valueAxisMinimum: 0, legend: .bottom),
                row: start + 1, column: 0, placement: ChartPlacement(width: 560, height: 320, description: table.title))
        }
        let totalColumn = parts.count + 1
        let total = [
            ChartSeries(
                categories: categories, values: range(totalColumn), name: .text("Totaal per 1.000 leerlingen"), color: Color(rgb: 0x1F4E79),
                marker: .circle),
            ChartSeries(
                categories: categories, values: range(totalColumn + 1), name: .text("95%-interval: van"), color: Color(rgb: 0x7F7F7F),
                lineWidth: 1, marker: ChartSeries.Marker.none, dashed: true),
            ChartSeries(
                categories: categories, values: range(totalColumn + 2), name: .text("95%-interval: tot"), color: Color(rgb: 0x7F7F7F),
                lineWidth: 1, marker: ChartSeries.Marker.none, dashed: true),
        ]
        try sheet.insertChart(
            Chart(
                kind: .line, series: total, title: .text("Totaal, met 95%-interval"), categoryAxisTitle: .text(axis),
                valueAxisTitle: .text(unit), valueAxisMinimum: 0, legend: .bottom, highLowLines: true),
            row: start + 1, column: 7, placement: ChartPlacement(width: 480, height: 320, description: table.title + ", totaal"))
        var noteRow = last + 1
        let hiddenText =
            hiddenPoints.isEmpty
            ? "Geen punt afgeschermd."
            : "Afgeschermd (geen punt in de grafiek): " + hiddenPoints.joined(separator: ", ") + "."
        let incompletePeriods = periods.filter { incomplete($0, totaal) }.map(periodLabel)
        let incompleteText =
            incompletePeriods.isEmpty
            ? ""
            : " Niet volledig aangeleverd, dus geen cijfer per 1.000 en geen punt: " + incompletePeriods.joined(separator: ", ") + "."
        try note(sheet, "Een ontbrekend punt is afgeschermd of niet volledig aangeleverd. " + hiddenText + incompleteText, row: noteRow)
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

    /// A note across the width of the charts.
    static func note(_ sheet: Worksheet, _ text: String, row: Int) throws {
        try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: 12), text: text, format: SheetStyle.small)
        try sheet.setRowHeight(Double(12 * max(1, (text.count + 159) / 160)), row: row)
    }
}
