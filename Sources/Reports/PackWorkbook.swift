import Domain
import Foundation
import Workbook

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one pack as an XLSX workbook: Voorblad, Kernboodschappen (the meeting's answer on one
/// page), Trends (native charts of rates with intervals), the appendix (`AppendixSheets`: the
/// key figures as a cross-table, the signals, the other tables stacked on one sheet),
/// Toelichting, Bronnen. The document's date is the as-of date; no clock time is written (SPEC §4).
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
            let labels = DutchLabels(categories: info.categoryLabels, area: info.area)
            let charts = content.tables.filter { $0.chartSeries != nil }
            let appendix = AppendixSheets.sheets(content.tables)
            var contents: [(String, String)] = [
                (KeyMessagesSheet.name, KeyMessagesSheet.question(info)),
                ("Trends", "per 1.000 leerlingen over de laatste perioden, met grafieken en 95%-interval"),
            ]
            for sheet in appendix {
                for (index, table) in sheet.tables.enumerated() { contents.append((index == 0 ? sheet.name : "", table.title)) }
            }
            contents.append(("Toelichting", "begrippen, methoden, oordelen en afscherming"))
            if info.revisions != nil { contents.append((RevisiesSheet.name, "wat er sinds de vorige editie is gewijzigd, en waarom")) }
            contents.append(("Bronnen", "gebruikte leveringen en referentiegegevens"))
            let periodLine = "\(info.meeting) — \(info.period.name)"
            try VoorbladSheet.write(info, contents: contents, on: try workbook.addWorksheet(named: "Voorblad"))
            try KeyMessagesSheet.write(
                content, sentences: sentences, info: info, labels: labels, on: try workbook.addWorksheet(named: KeyMessagesSheet.name))
            if !charts.isEmpty {
                let sheet = try workbook.addWorksheet(named: "Trends")
                try sheet.setColumnWidths(Array(repeating: TrendChart.columnWidth, count: 16))
                try sheet.setColumnWidth(24, column: 0)
                try sheet.writeString("Trends per 1.000 leerlingen", row: 0, column: 0, format: SheetStyle.title)
                var row = 2
                var breaks: [Int] = []
                for table in charts {
                    // Each block (title, charts, figures) starts a page of its own, so no chart is cut.
                    if row > 2 { breaks.append(row) }
                    row = try TrendChart.write(
                        table, on: sheet, sheetName: "Trends", row: row, labels: labels,
                        periodLabel: table.slug == "convenantperiode" ? { covenantYearLabel($0, period: info.period) } : { $0 },
                        monthsIn: table.slug == "convenantperiode" ? { covenantMonths($0, period: info.period) } : nil)
                }
                try sheet.setHorizontalPageBreaks(breaks)
                try sheet.setPageSetup(SheetStyle.pageSetup(periodLine: periodLine))
            }
            var tableIndex = 1
            for appendixSheet in appendix {
                try AppendixSheets.write(
                    appendixSheet, on: try workbook.addWorksheet(named: appendixSheet.name), labels: labels, period: info.period,
                    periodLine: periodLine, firstTableIndex: tableIndex)
                tableIndex += appendixSheet.tables.count
            }
            try ToelichtingSheet.write(info, aberrations: !content.quarters.isEmpty, on: try workbook.addWorksheet(named: "Toelichting"))
            if let revisions = info.revisions {
                try RevisiesSheet.write(revisions, info: info, on: try workbook.addWorksheet(named: RevisiesSheet.name))
            }
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

    /// A school year of the covenant view with the months it covers when they are not twelve:
    /// the first year starts in November 2023, the last ends with the pack's period.
    static func covenantYearLabel(_ schoolYear: String, period: Period) -> String {
        let months = covenantMonths(schoolYear, period: period)
        return months == 12 || months == 0 ? schoolYear : "\(schoolYear) (\(months) maanden)"
    }

    /// The months of a school year inside the covenant period, up to the pack's period end.
    static func covenantMonths(_ schoolYear: String, period: Period) -> Int {
        guard let start = Int(schoolYear.prefix(4)), let first = Day(year: start, month: 8, day: 1),
            let last = Day(year: start + 1, month: 7, day: 31)
        else { return 12 }
        let covenant = Covenant().period
        return Period(from: first, to: last, name: schoolYear).months.filter { $0.firstDay >= covenant.from && $0.lastDay <= period.to }
            .count
    }

    /// The bytes free on the file system of `path`'s folder.
    private static func freeBytes(near path: String) -> Int64? {
        var info = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
