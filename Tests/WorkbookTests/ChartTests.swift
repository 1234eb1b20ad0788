import Foundation
import TestSupport
import Testing
import Workbook

@Suite struct ChartTests {
    @Test func lineAndColumnChartsAreNativeCharts() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("grafieken.xlsx")
        try SamplePack.write(to: path)
        let names = try XLSXInspection.zipEntries(path).map(\.name)
        for part in ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml"] {
            #expect(names.contains(part), "\(part)")
        }
        guard XLSXInspection.unzipAvailable else { return }
        let line = try XLSXInspection.part(path, "xl/charts/chart1.xml")
        #expect(line.contains("<c:lineChart>"))
        // The sheet name is quoted in the references, the values cached for viewers.
        #expect(line.contains("<c:f>'Trends 2024'!$B$2:$B$13</c:f>"))
        #expect(line.contains("<c:f>'Trends 2024'!$A$2:$A$13</c:f>"))
        #expect(line.contains("<c:f>'Trends 2024'!$B$1</c:f>"), "series name from a cell")
        #expect(line.contains("<c:v>22</c:v>"))
        #expect(line.contains("<c:pt idx=\"0\"><c:v>jan</c:v></c:pt>"))
        #expect(line.contains("<a:t>Incidenten per maand</a:t>"))
        #expect(line.contains("<a:t>Maand</a:t>") && line.contains("<a:t>Aantal</a:t>"))
        #expect(line.contains("<c:symbol val=\"circle\"/>"))
        #expect(line.contains("<a:srgbClr val=\"1F4E79\"/>"))
        #expect(line.contains("<c:min val=\"0\"/>"))
        #expect(line.contains("<c:style val=\"10\"/>"))
        #expect(!line.contains("<c:legend>"), "legend off")

        let column = try XLSXInspection.part(path, "xl/charts/chart2.xml")
        #expect(column.contains("<c:barChart><c:barDir val=\"col\"/>"))
        #expect(column.contains("<c:v>Scholen met incidenten</c:v>"))
        #expect(column.contains("<c:dLbls>"))
        #expect(column.contains("<c:legendPos val=\"b\"/>"))
        #expect(column.contains("<a:srgbClr val=\"ED7D31\"/>"))

        let drawing = try XLSXInspection.part(path, "xl/drawings/drawing1.xml")
        #expect(drawing.contains("descr=\"Lijngrafiek incidenten\""))
    }

    @Test func chartTextThatWouldBeAFormulaIsRefused() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("grafiek.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Trends")
        let categories = SheetRange(sheet: "Trends", firstRow: 0, firstColumn: 0, lastRow: 2, lastColumn: 0)
        let values = SheetRange(sheet: "Trends", firstRow: 0, firstColumn: 1, lastRow: 2, lastColumn: 1)
        func chart(name: ChartText? = nil, title: ChartText? = nil, axis: ChartText? = nil) -> Chart {
            Chart(
                kind: .column, series: [ChartSeries(categories: categories, values: values, name: name)], title: title, valueAxisTitle: axis
            )
        }
        for bad in [chart(name: "=Trends!A1"), chart(title: "=A1"), chart(axis: "=1+1")] {
            let error = #expect(throws: WorkbookError.self) { try sheet.insertChart(bad, row: 5, column: 0) }
            #expect(error?.description.contains("would be read as a formula") == true)
        }
        // The way to show such text: put it in a cell and refer to the cell.
        try sheet.writeString("=Trends!A1", row: 10, column: 0)
        try sheet.insertChart(chart(name: .cell(sheet: "Trends", row: 10, column: 0)), row: 5, column: 0)
    }

    @Test func refusesChartsThatCannotWork() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("grafiek.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let sheet = try workbook.addWorksheet(named: "Trends")
        let column = SheetRange(sheet: "Trends", firstRow: 0, firstColumn: 0, lastRow: 11, lastColumn: 0)
        let shorter = SheetRange(sheet: "Trends", firstRow: 0, firstColumn: 1, lastRow: 5, lastColumn: 1)
        let block = SheetRange(sheet: "Trends", firstRow: 0, firstColumn: 0, lastRow: 11, lastColumn: 1)
        let bad: [(Chart, String)] = [
            (Chart(kind: .line, series: []), "at least one series"),
            (Chart(kind: .line, series: [ChartSeries(categories: column, values: shorter)]), "differ in length"),
            (Chart(kind: .line, series: [ChartSeries(categories: block, values: block)]), "one row or one column"),
            (Chart(kind: .column, series: [ChartSeries(categories: column, values: column, marker: .circle)]), "line charts only"),
            (Chart(kind: .line, series: [ChartSeries(categories: column, values: column)], style: 49), "outside 1…48"),
            (Chart(kind: .line, series: [ChartSeries(categories: column, values: column, marker: .x, markerSize: 1)]), "outside 2…72"),
            (
                Chart(kind: .line, series: [ChartSeries(categories: column, values: column)], valueAxisMinimum: 5, valueAxisMaximum: 1),
                "not below"
            ),
        ]
        for (chart, reason) in bad {
            let error = #expect(throws: WorkbookError.self) { try sheet.insertChart(chart, row: 0, column: 3) }
            #expect(error?.description.contains(reason) == true, "\(reason): \(String(describing: error))")
        }
        let placement = #expect(throws: WorkbookError.self) {
            try sheet.insertChart(
                Chart(kind: .line, series: [ChartSeries(categories: column, values: column)]), row: 0, column: 3,
                placement: ChartPlacement(xScale: 0))
        }
        #expect(placement?.description.contains("scale") == true)
    }

    @Test func aChartOnAMissingWorksheetFailsAtClose() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("grafiek.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let sheet = try workbook.addWorksheet(named: "Trends")
        let elsewhere = SheetRange(sheet: "Gegevens", firstRow: 0, firstColumn: 0, lastRow: 3, lastColumn: 0)
        try sheet.insertChart(Chart(kind: .bar, series: [ChartSeries(categories: elsewhere, values: elsewhere)]), row: 0, column: 0)
        let error = #expect(throws: WorkbookError.self) { try workbook.close() }
        #expect(error?.description.contains("refers to worksheet 'Gegevens'") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!workbook.isOpen)
    }

    @Test func theDataSheetMayBeAddedAfterTheChart() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("grafiek.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        let charts = try workbook.addWorksheet(named: "Trends")
        let categories = SheetRange(sheet: "Gegevens", firstRow: 0, firstColumn: 0, lastRow: 2, lastColumn: 0)
        let values = SheetRange(sheet: "Gegevens", firstRow: 0, firstColumn: 1, lastRow: 2, lastColumn: 1)
        try charts.insertChart(
            Chart(kind: .stackedColumn, series: [ChartSeries(categories: categories, values: values)]), row: 0, column: 0)
        let data = try workbook.addWorksheet(named: "Gegevens")
        for row in 0..<3 {
            try data.writeString("r\(row)", row: row, column: 0)
            try data.writeInteger(row * 10, row: row, column: 1)
        }
        try workbook.close()
        guard XLSXInspection.unzipAvailable else { return }
        let chart = try XLSXInspection.part(path, "xl/charts/chart1.xml")
        #expect(chart.contains("<c:f>Gegevens!$B$1:$B$3</c:f>"))
        #expect(chart.contains("<c:grouping val=\"stacked\"/>"))
        #expect(chart.contains("<c:v>20</c:v>"))
    }
}
