import Analytics
import Domain
import Workbook

/// The appendix of a pack, laid out to print short: the key figures as a cross-table of the
/// periods (`Bijlage Kerncijfers`) and the signals one row per cell (`Bijlage Signalen`) on
/// sheets of their own, with print titles; every other table stacked on `Bijlage Tabellen`, each
/// with its title, most as cross-tables, a page break before a table that would not fit on the
/// rest of the page. The CSV files keep every table in long form (SPEC §4).
enum AppendixSheets {
    struct Sheet {
        let name: String
        let tables: [PackTable]
    }

    static let keyFigures = "Bijlage Kerncijfers"
    static let signals = "Bijlage Signalen"
    static let others = "Bijlage Tabellen"

    /// The sheets, in order, and the tables on each.
    static func sheets(_ tables: [PackTable]) -> [Sheet] {
        var sheets: [Sheet] = []
        if let key = tables.first(where: { $0.slug == "kerncijfers" }) { sheets.append(Sheet(name: keyFigures, tables: [key])) }
        if let signal = tables.first(where: { $0.slug == "signalen" }) { sheets.append(Sheet(name: signals, tables: [signal])) }
        let rest = tables.filter { $0.slug != "kerncijfers" && $0.slug != "signalen" }
        if !rest.isEmpty { sheets.append(Sheet(name: others, tables: rest)) }
        return sheets
    }

    /// A table as the appendix shows it: a cross-table, or nil for the long form (`TableBlock`).
    static func crossTable(_ table: PackTable, period: Period) -> CrossTable? {
        let dimensions = table.table.dimensions
        switch table.slug {
        case "kerncijfers":
            return CrossTable(table, across: dimensions[0], measures: ["aantal", "per_1000"], lastMeasures: ["bi_laag", "bi_hoog"])
        case "signalen":
            return CrossTable(signalTable(table, aberrations: false), across: "methode", measures: ["ratio", "q", "oordeel"])
        case "naleving":
            return CrossTable(table, across: "politie", measures: ["aantal", "aandeel"])
        case "convenantperiode":
            return CrossTable(
                table, across: "schooljaar", measures: ["aantal", "per_1000"],
                label: { PackWorkbook.covenantYearLabel($0, period: period) })
        case "afspraken" where table.table.measures.first == "aantal":
            let (known, note) = knownAgreementYears(table)
            return CrossTable(known, across: "voldaan", measures: ["aantal"], note: note)
        case "kwartalen":
            return CrossTable(table, across: dimensions[0], measures: ["aantal"])
        case let slug where slug.hasPrefix("trend_"):
            return CrossTable(table, across: dimensions[0], measures: ["aantal", "per_1000"])
        case let slug where slug.hasPrefix("uitsplitsing_") && dimensions.count == 3:
            return CrossTable(table, across: dimensions[1], measures: ["aantal", "per_1000"])
        case "aanlevering" where dimensions.first == "periode":
            // The schools per sector; the school months are in the CSV.
            let shown = ["scholen", "volledig", "gedeeltelijk", "niet_aangeleverd", "niet_aangesloten"]
            return CrossTable(table, across: dimensions[0], measures: shown.filter(table.table.measures.contains))
        case let slug where slug.hasPrefix("vergelijking_"):
            return CrossTable(table, across: dimensions[0], measures: ["aantal", "per_1000", "bi_laag", "bi_hoog"])
        default:
            return nil
        }
    }

    /// The agreements table without the school years for which no school recorded anything yet,
    /// and a note naming them once ("nog niet bekend") instead of a row of "onbekend" per school.
    static func knownAgreementYears(_ table: PackTable) -> (PackTable, String?) {
        guard let voldaan = table.table.dimensions.firstIndex(of: "voldaan"), let year = table.table.dimensions.firstIndex(of: "schooljaar")
        else { return (table, nil) }
        var unknown: [String: Int] = [:], all: [String: Int] = [:]
        for row in table.table.rows {
            guard case .integer(let n) = row.values[0] else { continue }
            if row.keys[voldaan] == "onbekend" { unknown[row.keys[year], default: 0] += n }
            if row.keys[voldaan] == totaal { all[row.keys[year], default: 0] += n }
        }
        let empty = Set(all.keys.filter { all[$0] == unknown[$0] })
        guard !empty.isEmpty else { return (table, nil) }
        var known = table
        known.table = LongTable(
            dimensions: table.table.dimensions, measures: table.table.measures,
            rows: table.table.rows.filter { !empty.contains($0.keys[year]) })
        let years = empty.sorted()
        let note =
            "Schooljaar \(years.joined(separator: ", ")): nog niet bekend (nog geen school heeft de afspraken voor dit schooljaar vastgelegd)."
        return (known, note)
    }

    /// The signals one row per cell and method: the ratio (or yearly change factor), q and the
    /// verdict, the last words of the signal's sentence ("mogelijke stijging", "geen signaal
    /// berekend"); the sentences themselves are in the CSV and the headlines on the Kernboodschappen.
    static func signalTable(_ table: PackTable, aberrations: Bool) -> PackTable {
        let measures = table.table.measures
        guard let method = measures.firstIndex(of: "methode"), let sentence = measures.firstIndex(of: "zin") else { return table }
        let shown = aberrations ? ["waargenomen", "verwacht", "bovengrens"] : ["ratio", "q"]
        let columns = shown.compactMap { measures.firstIndex(of: $0) }
        let rows = table.table.rows.filter { ($0.values[method].plain == "afwijking") == aberrations }.map { row -> LongTable.Row in
            let verdict = row.values[sentence].plain.components(separatedBy: ": ").last ?? ""
            return LongTable.Row(keys: row.keys + [row.values[method].plain], values: columns.map { row.values[$0] } + [.text(verdict)])
        }
        return PackTable(
            slug: table.slug,
            title: aberrations
                ? "Afwijkingstoets per kwartaal (Farrington), Almere: \(rows.first?.keys.first ?? "") tegen dezelfde tijd van het jaar in de drie jaren ervoor"
                : table.title,
            sheet: table.sheet,
            table: LongTable(dimensions: table.table.dimensions + ["methode"], measures: shown + ["oordeel"], rows: rows), counts: [])
    }

    /// The aberration block above the signals (quarterly packs): observed, expected, threshold, verdict per category.
    static func aberrationBlock(_ table: PackTable) -> CrossTable? {
        let aberrations = signalTable(table, aberrations: true)
        guard !aberrations.table.rows.isEmpty else { return nil }
        return CrossTable(
            aberrations, across: "methode", measures: ["waargenomen", "verwacht", "bovengrens", "oordeel"],
            keeping: Set(table.table.dimensions.filter { $0 != "periode" }))
    }

    /// Writes one appendix sheet.
    static func write(
        _ appendix: Sheet, on sheet: Worksheet, labels: DutchLabels, period: Period, periodLine: String, firstTableIndex: Int
    ) throws {
        var blocks = appendix.tables.map { (table: $0, cross: crossTable($0, period: period)) }
        if appendix.name == signals, let signalTable = appendix.tables.first, let aberrations = aberrationBlock(signalTable) {
            blocks.insert((aberrations.table, aberrations), at: 0)
        }
        // Column widths: the widest each column needs over the blocks of the sheet.
        var widths: [Double] = []
        let shared = appendix.name == others
        for block in blocks {
            let own =
                block.cross.map { shared ? $0.stubWidths(labels: labels) : $0.columnWidths(labels: labels) }
                ?? TableBlock.columnWidths(block.table, labels: labels)
            for (index, width) in own.enumerated() {
                if index < widths.count { widths[index] = max(widths[index], width) } else { widths.append(width) }
            }
        }
        try sheet.setColumnWidths(widths)
        let portrait = widths.reduce(0, +) <= 110
        var row = 0
        var starts: [Int] = []
        var headerRows: ClosedRange<Int>?
        for (offset, block) in blocks.enumerated() {
            starts.append(row)
            // On a sheet of its own, the last (main) table gets print titles and filter buttons.
            let main = !shared && offset == blocks.count - 1
            if let cross = block.cross, shared {
                row = try cross.writeStub(on: sheet, row: row, labels: labels, widths: widths)
            } else if let cross = block.cross {
                let start = row
                row = try cross.write(on: sheet, row: row, labels: labels, filter: main)
                if main { headerRows = start...cross.lastHeaderRow(start: start) }
            } else {
                let start = row
                row = try TableBlock.write(
                    block.table, on: sheet, row: row, tableName: TableBlock.name(block.table.slug, pack: firstTableIndex + offset),
                    labels: labels)
                if main { headerRows = start...TableBlock.headerRow(block.table, start: start) }
            }
        }
        if let headerRows, headerRows.lowerBound == 0 { try sheet.freezePanes(row: headerRows.upperBound + 1, column: 0) }
        // A table that would not fit on the rest of a page starts the next one.
        let page = pageHeight(widths: widths, portrait: portrait)
        var used = 0.0
        var breaks: [Int] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : row
            let height = (start..<end).reduce(0.0) { $0 + (sheet.rowHeights[$1] ?? 15) }
            if used > 0, used + height > page {
                breaks.append(start)
                used = 0
            }
            used += height
            while used > page { used -= page }
        }
        if !breaks.isEmpty { try sheet.setHorizontalPageBreaks(breaks) }
        // Print titles: every printed page of a long table repeats its title and column headers.
        var setup = SheetStyle.pageSetup(periodLine: periodLine, repeatRows: headerRows)
        if portrait { setup.orientation = .portrait }
        try sheet.setPageSetup(setup)
    }

    /// The height (points, unscaled) of a printed A4 page of a sheet this wide, printed one page
    /// wide: the scale shrinks a wide sheet, so more rows fit. Kept on the safe side (the header
    /// and footer take part of the margins).
    static func pageHeight(widths: [Double], portrait: Bool) -> Double {
        // About 7 points a character of column width, as LibreOffice scales a sheet to fit (measured
        // on the printed demo packs; Excel's own 7 pixels a character would be 5¼ points).
        let width = widths.reduce(0.0) { $0 + $1 * 7 }
        let printable = (portrait ? 595.0 : 842.0) - 2 * 0.7 * 72
        let height = (portrait ? 842.0 : 595.0) - 2 * 0.75 * 72
        let scale = min(1, printable / max(1, width))
        return height * 0.97 / scale
    }
}
