import Domain
import Foundation
import Workbook

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one pack as an XLSX workbook: Voorblad, Samenvatting (key figures and the signals as
/// sentences), Trends (native charts), Uitsplitsingen, Naleving, Aanlevering, Toelichting,
/// Bronnen. The document's date is the as-of date; no clock time is written (SPEC §4).
enum PackWorkbook {
    /// Under "Signalen" when no signal has evidence and the pack's total is hidden (issue 16: a
    /// hidden figure is never a headline).
    static let noHeadline =
        "Geen signalen om hier uit te lichten; alle signalen staan in de tabel 'Signalen' hieronder (bij een verborgen aantal, x, is geen signaal berekend)."

    static func write(_ content: PackContent, sentences: [String], info: PackInfo, to path: String) throws {
        let created = try DocumentDate(year: info.asOf.year, month: info.asOf.month, day: info.asOf.day)
        let workbook = try Workbook(
            path: path,
            properties: DocumentProperties(
                created: created, title: "\(info.meeting) — \(info.period.name)", subject: "Convenant Veiligheid op scholen Almere",
                author: "Schoolveilig", company: "Gemeente Almere", category: "Vertrouwelijk",
                keywords: "schoolveiligheid, convenant", comments: "Gegevens tot en met \(info.asOf)", status: "Vertrouwelijk"))
        do {
            let contents: [(String, String)] = [
                ("Samenvatting", "kerncijfers tegen dezelfde periode een jaar eerder, en de signalen"),
                ("Trends", "de laatste perioden per groep, met grafieken"),
                ("Uitsplitsingen", "categorie naar plaats en sector, per 1000 leerlingen met betrouwbaarheidsinterval"),
                ("Naleving", "politie betrokken bij meldplichtige incidenten; afwegingscategorieën ter informatie"),
                ("Aanlevering", "welke scholen aanleverden"),
                ("Toelichting", "begrippen, methoden en afscherming"),
                ("Bronnen", "gebruikte leveringen en referentiegegevens"),
            ]
            let periodLine = "\(info.meeting) — \(info.period.name)"
            try VoorbladSheet.write(info, contents: contents, on: try workbook.addWorksheet(named: "Voorblad"))
            var tableIndex = 0
            for sheetKind in PackTable.Sheet.allCases {
                let sheet = try workbook.addWorksheet(named: sheetKind.rawValue)
                try sheet.setColumnWidths([16, 18, 16, 12, 12, 12, 12, 12, 16, 14])
                try sheet.writeString(sheetKind.rawValue, row: 0, column: 0, format: SheetStyle.title)
                var row = 2
                if sheetKind == .samenvatting {
                    try sheet.writeString("Signalen", row: row, column: 0, format: SheetStyle.subtitle)
                    row += 1
                    for sentence in sentences.isEmpty ? [Self.noHeadline] : sentences {
                        try sheet.writeString(FormulaGuard.neutralised(sentence), row: row, column: 0)
                        row += 1
                    }
                    row += 1
                }
                for table in content.tables where table.sheet == sheetKind {
                    tableIndex += 1
                    if sheetKind == .trends || table.chartSeries != nil {
                        // Category groups over time as lines; places and sectors side by side as columns.
                        let kind: Chart.Kind = table.chartSeries == "meldplicht" ? .line : .column
                        row = try TrendChart.write(table, on: sheet, sheetName: sheetKind.rawValue, row: row, column: 0, kind: kind)
                    }
                    row = try TableBlock.write(table, on: sheet, row: row, tableName: TableBlock.name(table.slug, pack: tableIndex))
                }
                try sheet.freezePanes(row: 1, column: 0)
                try sheet.setPageSetup(SheetStyle.pageSetup(periodLine: periodLine))
            }
            try ToelichtingSheet.write(info, on: try workbook.addWorksheet(named: "Toelichting"))
            try BronnenSheet.write(info, on: try workbook.addWorksheet(named: "Bronnen"))
            try workbook.close()
        } catch let failure as WorkbookError {
            workbook.discard()
            throw FailureError(
                "kan het werkboek \((path as NSString).lastPathComponent) niet schrijven: "
                    + (freeBytes(near: path).map { $0 < 16 << 20 } == true ? SystemErrorText.dutch(errno: ENOSPC) : "\(failure)")
                    + "; er is geen nieuw overzicht gepubliceerd")
        } catch {
            workbook.discard()
            throw error
        }
    }

    /// The bytes free on the file system of `path`'s folder.
    private static func freeBytes(near path: String) -> Int64? {
        var info = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
