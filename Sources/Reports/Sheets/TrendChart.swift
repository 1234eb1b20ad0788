import Analytics
import Workbook

/// The Trends sheet's charts: the long table pivoted into a block of periods × series (the
/// values of the table's series dimension, `aantal`; a hidden or undelivered value is an empty
/// cell, so the chart shows no point for it), and a native line chart over that block.
enum TrendChart {
    /// Writes the block at (`row`, `column`) and a line chart beside it; returns the next free row.
    static func write(
        _ table: PackTable, on sheet: Worksheet, sheetName: String, row start: Int, column: Int,
        kind: Chart.Kind = .line
    ) throws -> Int {
        guard let seriesName = table.chartSeries,
            let seriesIndex = table.table.dimensions.firstIndex(of: seriesName),
            let timeIndex = table.table.dimensions.firstIndex(where: { $0 != seriesName })
        else { return start }
        let periodSet: Set<String> = Set(table.table.rows.map { $0.keys[timeIndex] })
        let periods: [String] = periodSet.sorted()
        let seriesSet: Set<String> = Set(table.table.rows.map { $0.keys[seriesIndex] })
        // Columns side by side: the total would dwarf its parts, so it is left out of the chart.
        let series: [String] = seriesSet.filter { kind == .line || $0 != totaal }.sorted { MarginTable.marginOrder([$0], [$1]) }
        guard !periods.isEmpty, !series.isEmpty else { return start }
        var value: [String: LongTable.Value] = [:]
        for row in table.table.rows { value[row.keys[timeIndex] + "\u{1F}" + row.keys[seriesIndex]] = row.values.first }
        try sheet.writeString(table.table.dimensions[timeIndex], row: start, column: column, format: SheetStyle.header)
        for (offset, name) in series.enumerated() {
            try sheet.writeString(FormulaGuard.neutralised(name), row: start, column: column + 1 + offset, format: SheetStyle.header)
        }
        for (index, period) in periods.enumerated() {
            try sheet.writeString(period, row: start + 1 + index, column: column)
            for (offset, name) in series.enumerated() {
                if case .integer(let number) = value[period + "\u{1F}" + name] {
                    try sheet.writeInteger(number, row: start + 1 + index, column: column + 1 + offset, format: SheetStyle.integer)
                }
            }
        }
        let categories = SheetRange(
            sheet: sheetName, firstRow: start + 1, firstColumn: column, lastRow: start + periods.count, lastColumn: column)
        var chartSeries: [ChartSeries] = []
        for offset in series.indices {
            let values = SheetRange(
                sheet: sheetName, firstRow: start + 1, firstColumn: column + 1 + offset,
                lastRow: start + periods.count, lastColumn: column + 1 + offset)
            let marker: ChartSeries.Marker? = kind == .line ? .circle : nil
            chartSeries.append(
                ChartSeries(
                    categories: categories, values: values,
                    name: .cell(sheet: sheetName, row: start, column: column + 1 + offset), marker: marker))
        }
        let chart = Chart(
            kind: kind, series: chartSeries, title: .text(table.title),
            categoryAxisTitle: .text(table.table.dimensions[timeIndex]), valueAxisTitle: "aantal incidenten",
            valueAxisMinimum: 0, legend: .bottom)
        try sheet.insertChart(
            chart, row: start, column: column + series.count + 2,
            placement: ChartPlacement(width: 640, height: 320, description: table.title))
        return max(start + periods.count + 2, start + 18)
    }
}
