import Workbook

/// Voorblad: the meeting, the period, the data up to the as-of date, the privacy notice
/// (covenant art. 8) and the contents.
enum VoorbladSheet {
    static func write(_ info: PackInfo, contents: [(String, String)], on sheet: Worksheet) throws {
        try sheet.setColumnWidths([28, 90])
        try sheet.hideGridlines()
        try sheet.writeString("Convenant Veiligheid op scholen Almere", row: 0, column: 0, format: SheetStyle.subtitle)
        try sheet.writeString(info.meeting, row: 1, column: 0, format: SheetStyle.title)
        // The 16-point title gets a row of its own height, so the two title lines do not overlap.
        try sheet.setRowHeight(18, row: 0)
        try sheet.setRowHeight(26, row: 1)
        let lines: [(String, String)] =
            [
                ("Periode", info.period.name),
                ("Gebied", info.area == "Almere" ? "Almere (de hele stad)" : info.area),
            ] + (info.wijken.map { [("Wijken", $0)] } ?? []) + [
                ("Vergeleken met", info.previous.name),
                ("Gegevens tot en met", DutchDate.long(info.asOf)),
            ] + (info.edition.map { [("Editie", $0)] } ?? []) + [
                ("Vertrouwelijkheid", "Vertrouwelijk")
            ]
        for (offset, line) in lines.enumerated() {
            try sheet.writeString(line.0, row: 3 + offset, column: 0, format: SheetStyle.header)
            try sheet.writeString(
                line.1, row: 3 + offset, column: 1, format: line.0 == "Vertrouwelijkheid" ? SheetStyle.confidential : SheetStyle.text)
            // A long line (the wijken of a cluster) wraps: its row as high as its lines.
            let wrapped = TableBlock.wrappedLines(line.1, width: 90)
            if wrapped > 1 { try sheet.setRowHeight(Double(15 * wrapped), row: 3 + offset) }
        }
        var row = 3 + lines.count + 1
        try sheet.writeString("Privacy (convenant art. 8)", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        for text in [
            "Dit overzicht bevat alleen geaggregeerde aantallen; het bevat geen persoonsgegevens en noemt in gedeelde overleggen geen scholen.",
            info.area.hasPrefix("school ")
                ? "Dit overzicht is alleen voor de school zelf: haar eigen aantallen staan er volledig in, ook kleine. De cijfers van de hele sector ter vergelijking (de eigen school inbegrepen) zijn afgeschermd, zo dat ook wie de eigen aantallen ervan aftrekt geen klein aantal van een andere school overhoudt: \(info.ruleText)"
                : "Kleine aantallen zijn afgeschermd zodat ze niet tot een leerling te herleiden zijn: \(info.ruleText)",
            "Deel dit overzicht alleen met de deelnemers van dit overleg, via beveiligde e-mail, en bewaar het niet langer dan nodig.",
        ] {
            try sheet.writeString(text, row: row, column: 0, format: SheetStyle.text)
            try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: 1), text: text, format: SheetStyle.text)
            // About 110 characters fit on a line of the merged cell.
            try sheet.setRowHeight(Double(15 * max(2, (text.count + 109) / 110)), row: row)
            row += 1
        }
        row += 1
        try sheet.writeString("Inhoud", row: row, column: 0, format: SheetStyle.subtitle)
        for (name, description) in contents {
            row += 1
            try sheet.writeString(name, row: row, column: 0, format: SheetStyle.text)
            try sheet.writeString(description, row: row, column: 1, format: SheetStyle.text)
            // About 95 characters fit on a line of the 90-wide column: a longer description wraps
            // into a row of its own height instead of printing over the next line.
            let lines = (description.count + 94) / 95
            if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
        }
        // The cover is one page, however long its contents list.
        var setup = SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)")
        setup.fitToPages = PageSetup.FitToPages(width: 1, height: 1)
        try sheet.setPageSetup(setup)
    }
}
