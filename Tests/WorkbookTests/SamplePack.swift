import Workbook

/// A small briefing-pack-like workbook using every part of the layer: several sheets, formats,
/// a merged title, a table, a line and a column chart, page setup and document properties.
enum SamplePack {
    static let sheets = ["Voorblad", "Samenvatting", "Trends 2024", "Uitsplitsingen", "Toelichting"]
    static let months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    static let incidents: [Double] = [12, 15, 9, 20, 18, 7, 3, 5, 22, 19, 16, 11]
    static let schools: [Double] = [4, 5, 4, 6, 6, 3, 2, 2, 7, 6, 5, 4]

    static let title = CellFormat(bold: true, fontSize: 16, fontColor: Color(rgb: 0x1F4E79))
    static let header = CellFormat(
        bold: true, backgroundColor: Color(rgb: 0xDDEBF7), bottomBorder: .thin, textWrap: true,
        verticalAlignment: .center)
    static let count = CellFormat.number("#,##0")
    static let share = CellFormat.number("0.0%")

    static func properties() throws -> DocumentProperties {
        DocumentProperties(
            created: try DocumentDate(year: 2025, month: 3, day: 14),
            title: "Briefing schoolveiligheid Q1 2025", subject: "Incidenten rond scholen",
            author: "Gemeente Almere", company: "Gemeente Almere", category: "Briefing",
            keywords: "schoolveiligheid, incidenten", comments: "Fictieve gegevens",
            status: "Vertrouwelijk")
    }

    static func write(to path: String, options: Workbook.Options = Workbook.Options()) throws {
        let workbook = try Workbook(path: path, properties: properties(), options: options)
        let cover = try workbook.addWorksheet(named: sheets[0])
        try cover.mergeRange(
            CellRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 5), text: "Schoolveiligheid Almere", format: title)
        try cover.writeString("=HYPERLINK(\"http://example.invalid\")", row: 2, column: 0)
        try cover.hideGridlines()
        try cover.setColumnWidth(40, column: 0)

        let summary = try workbook.addWorksheet(named: sheets[1])
        try summary.writeString("Kerncijfer", row: 0, column: 0, format: header)
        try summary.writeString("Waarde", row: 0, column: 1, format: header)
        try summary.writeString("Incidenten", row: 1, column: 0)
        try summary.writeInteger(Int(incidents.reduce(0, +)), row: 1, column: 1, format: count)
        try summary.freezePanes(row: 1, column: 0)

        let trends = try workbook.addWorksheet(named: sheets[2])
        try trends.writeString("Maand", row: 0, column: 0, format: header)
        try trends.writeString("Incidenten", row: 0, column: 1, format: header)
        try trends.writeString("Scholen", row: 0, column: 2, format: header)
        for (index, month) in months.enumerated() {
            try trends.writeString(month, row: index + 1, column: 0)
            try trends.writeNumber(incidents[index], row: index + 1, column: 1, format: count)
            try trends.writeNumber(schools[index], row: index + 1, column: 2, format: count)
        }
        let categories = SheetRange(sheet: sheets[2], firstRow: 1, firstColumn: 0, lastRow: 12, lastColumn: 0)
        let line = Chart(
            kind: .line,
            series: [
                ChartSeries(
                    categories: categories, values: SheetRange(sheet: sheets[2], firstRow: 1, firstColumn: 1, lastRow: 12, lastColumn: 1),
                    name: .cell(sheet: sheets[2], row: 0, column: 1), color: Color(rgb: 0x1F4E79), lineWidth: 2.25, marker: .circle)
            ], title: "Incidenten per maand", categoryAxisTitle: "Maand", valueAxisTitle: "Aantal", valueAxisMinimum: 0, legend: .none,
            style: 10)
        try trends.insertChart(
            line, row: 1, column: 4, placement: ChartPlacement(width: 640, height: 320, description: "Lijngrafiek incidenten"))
        let column = Chart(
            kind: .column,
            series: [
                ChartSeries(
                    categories: categories, values: SheetRange(sheet: sheets[2], firstRow: 1, firstColumn: 2, lastRow: 12, lastColumn: 2),
                    name: "Scholen met incidenten", color: Color(rgb: 0xED7D31), dataLabels: true, dataLabelNumberFormat: "0")
            ], title: "Scholen per maand", legend: .bottom)
        try trends.insertChart(column, row: 20, column: 4)

        let breakdown = try workbook.addWorksheet(named: sheets[3])
        try breakdown.addTable(
            Table(
                range: CellRange(firstRow: 0, firstColumn: 0, lastRow: 3, lastColumn: 2),
                headers: ["Stadsdeel", "Aantal", "Aandeel"], name: "Uitsplitsing", style: .medium(2)))
        let rows: [(String, Int)] = [("Buiten", 80), ("Haven", 60), ("Stad", 17)]
        for (index, (name, value)) in rows.enumerated() {
            try breakdown.writeString(name, row: index + 1, column: 0)
            try breakdown.writeInteger(value, row: index + 1, column: 1, format: count)
            try breakdown.writeNumber(Double(value) / 157, row: index + 1, column: 2, format: share)
        }
        try breakdown.setColumnWidths([18, 10, 10])
        try breakdown.setPageSetup(
            PageSetup(
                orientation: .landscape, paper: .a4, fitToPages: .init(width: 1, height: 0),
                repeatRows: 0...0, header: "&C&\"Calibri,Bold\"Vertrouwelijk",
                footer: "&L\(PageSetup.escaped("Almere & omgeving"))&R&P van &N"))

        let notes = try workbook.addWorksheet(named: sheets[4])
        try notes.writeString("Fictieve gegevens; alleen voor tests.", row: 0, column: 0, format: CellFormat(italic: true, textWrap: true))
        try summary.activate()
        try workbook.close()
    }
}
