import Workbook

/// Revisies (issue 17): in an edition after the first, what changed since the previous edition
/// and why, never naming a school: per table the changed cells and those now hidden, then each
/// changed cell with its old value, new value and change (a disclosive change as the marker).
enum RevisiesSheet {
    static let name = "Revisies"

    /// The columns of the tables in words (the CSV keeps their names).
    static let measures = [
        "aantal": "aantal", "per_1000": "per 1.000 leerlingen", "bi_laag": "95%-interval: van", "bi_hoog": "95%-interval: tot",
    ]

    static func write(_ revisions: Revisions, info: PackInfo, on sheet: Worksheet) throws {
        try sheet.setColumnWidths([34, 34, 20, 10, 10, 10])
        try sheet.writeString("Revisies", row: 0, column: 0, format: SheetStyle.title)
        try sheet.setRowHeight(26, row: 0)
        let counts = revisions.changedCounts
        let paragraphs = [
            "Deze editie, \(info.edition ?? ""), vervangt de \(revisions.previousNumber)e editie van \(info.period.name). Reden: \(revisions.reason). In de tabellen \(counts == 1 ? "is 1 aantal" : "zijn \(counts) aantallen") gewijzigd (hieronder, elk met de tabel waarin het staat); de cijfers per 1.000 leerlingen, de intervallen en de signalen die ervan afhangen zijn opnieuw berekend.",
            "Een verschil staat er als \(revisions.marker) als het 1 tot en met \(info.threshold - 1) is (naar boven of beneden), of als het op gegevens van minder dan \(info.minSchools) scholen rust: het zou dan iets zeggen over één school. Welke scholen gegevens nagestuurd of verbeterd hebben, staat nergens.",
        ]
        var row = 2
        for text in paragraphs {
            try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: 5), text: text, format: SheetStyle.text)
            try sheet.setRowHeight(Double(15 * max(1, (text.count + 129) / 130)), row: row)
            row += 1
        }
        row += 1
        try sheet.writeString("Per tabel", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        for (column, header) in ["Tabel", "Gewijzigde cellen", "Nu afgeschermd"].enumerated() {
            try sheet.writeString(header, row: row, column: column, format: column == 0 ? SheetStyle.header : SheetStyle.numberHeader)
        }
        for summary in revisions.summaries {
            row += 1
            try sheet.writeString(summary.title, row: row, column: 0, format: SheetStyle.text)
            let wrapped = TableBlock.wrappedLines(summary.title, width: 34)
            if wrapped > 1 { try sheet.setRowHeight(Double(15 * wrapped), row: row) }
            try sheet.writeInteger(summary.changed, row: row, column: 1, format: SheetStyle.integer)
            try sheet.writeInteger(summary.nowHidden, row: row, column: 2, format: SheetStyle.integer)
        }
        row += 2
        try sheet.writeString("Gewijzigde cellen", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        let headerRow = row
        for (column, header) in ["Tabel", "Rij", "Kolom", "Oud", "Nieuw", "Verschil"].enumerated() {
            try sheet.writeString(header, row: row, column: column, format: column < 3 ? SheetStyle.header : SheetStyle.numberHeader)
        }
        if revisions.changes.isEmpty {
            row += 1
            try sheet.writeString("Geen cel is gewijzigd.", row: row, column: 0, format: SheetStyle.italic)
        }
        for change in revisions.changes {
            row += 1
            try sheet.writeString(change.title, row: row, column: 0, format: SheetStyle.text)
            let label = change.row.map { info.categoryLabels[$0] ?? $0 }.joined(separator: " · ")
            try sheet.writeString(label, row: row, column: 1, format: SheetStyle.text)
            try sheet.writeString(Self.measures[change.measure] ?? change.measure, row: row, column: 2, format: SheetStyle.text)
            for (offset, value) in [change.old, change.new, change.change].enumerated() {
                if let number = Int(value) {
                    try sheet.writeInteger(number, row: row, column: 3 + offset, format: SheetStyle.integer)
                } else {
                    try sheet.writeString(value, row: row, column: 3 + offset, format: SheetStyle.right)
                }
            }
            let lines = max(TableBlock.wrappedLines(change.title, width: 34), TableBlock.wrappedLines(label, width: 34))
            if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
        }
        try sheet.setPageSetup(
            SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)", repeatRows: headerRow...headerRow))
    }
}
