import Foundation
import Testing

/// The appendix as a person reads it (issue 18): the key figures as a cross-table of periods that
/// holds exactly the counts and rates of `kerncijfers.csv`, the short tables stacked on one
/// sheet, and the agreements of a school year that nobody recorded yet said once.
@Suite("appendix sheets of the printed pack", .serialized)
struct AppendixTests {
    /// Category code → label, as the demo's reference data has them.
    static func categoryLabels(_ demo: DemoPacks) throws -> [String: String] {
        let (header, rows) = try DerivedFiguresInPackTests.quotedRecords(demo.folder.file("demo/referentie/categorieen.csv"))
        let code = try #require(header.firstIndex(of: "code")), label = try #require(header.firstIndex(of: "label"))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[code], $0[label]) })
    }

    @Test("Bijlage Kerncijfers: one row per stadsdeel and category, the periods as columns, every count and rate equal to kerncijfers.csv")
    func keyFiguresCrossTable() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", into: "kruistabel")
        let labels = try Self.categoryLabels(demo)
        let (header, rows) = try DerivedFiguresInPackTests.quotedRecords(output + "/kerngroep_2026-Q3/kerncijfers.csv")
        #expect(header.prefix(4) == ["periode", "stadsdeel", "categorie", "aantal"])
        let rate = try #require(header.firstIndex(of: "per_1000"))
        let sheet = try #require(try DemoPacks.workbookText(output + "/kerngroep_2026-Q3.xlsx")["Bijlage Kerncijfers"])
        // The row of period headers: each period above its "Aantal" column.
        let periods = Set(rows.map { $0[0] })
        let groupRow = try #require(sheet.first { row in periods.allSatisfy(row.contains) })
        let column = Dictionary(uniqueKeysWithValues: periods.map { period in (period, groupRow.firstIndex(of: period)!) })
        var byCell: [[String]: [String]] = [:]
        // Data rows: a stadsdeel (or Totaal) in the first column; the header rows hold "Stadsdeel" or nothing.
        for row in sheet where row.count > 2 && !row[0].isEmpty && row[0] != "Stadsdeel" { byCell[[row[0], row[1]]] = row }
        // Four periods of the same rows: the cross-table has a quarter of the CSV's rows.
        #expect(byCell.count == rows.count / periods.count, "\(byCell.count) rijen, \(rows.count) in de CSV")
        var compared = 0
        for row in rows {
            let category = row[2] == "Totaal" ? "Alle categorieën" : try #require(labels[row[2]])
            let line = try #require(byCell[[row[1], category]], "geen rij voor \(row[1]), \(category)")
            let at = try #require(column[row[0]])
            func cell(_ index: Int) -> String { index < line.count ? line[index] : "" }
            #expect(cell(at) == row[3], "\(row): aantal \(cell(at))")
            if let expected = Double(row[rate]) {
                #expect(Double(cell(at + 1)) == expected, "\(row): per 1.000 \(cell(at + 1))")
            } else {
                #expect(cell(at + 1) == row[rate], "\(row): per 1.000 \(cell(at + 1))")
            }
            compared += 1
        }
        #expect(compared == rows.count && compared > 300)
    }

    @Test("Bijlage Tabellen holds every other table under its title; an agreements year nobody recorded is said once, not as 60 × onbekend")
    func stackedTables() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", into: "gestapeld")
        let sheets = try DemoPacks.workbookText(output + "/kerngroep_2026-Q3.xlsx")
        let stacked = try #require(sheets["Bijlage Tabellen"]).map { $0.first ?? "" }
        for title in [
            "Trend per meldplicht, 8 perioden", "Trend per stadsdeel, 8 perioden", "Per stadsdeel en categorie, 2026-Q3",
            "Aanlevering 2026-Q3: scholen per sector",
        ] {
            #expect(stacked.contains(title), "\(title) ontbreekt")
        }
        #expect(stacked.contains { $0.hasPrefix("Naleving 2026-Q3") })
        // 2026-2027 has begun, no school recorded its agreements yet: one line says so.
        let afspraken = try String(contentsOfFile: output + "/kerngroep_2026-Q3/afspraken.csv", encoding: .utf8)
        #expect(afspraken.contains("2026-2027,coordinator,onbekend,60"), "de CSV houdt alle rijen")
        #expect(stacked.contains { $0.hasPrefix("Schooljaar 2026-2027: nog niet bekend") }, "\(stacked)")
        #expect(stacked.filter { $0.contains("2026-2027") }.count == 1, "2026-2027 staat er vaker dan één keer")
        // Only the appendix sheets of the new layout: no sheet per table.
        #expect(sheets.keys.filter { $0.hasPrefix("Bijlage") }.sorted() == ["Bijlage Kerncijfers", "Bijlage Signalen", "Bijlage Tabellen"])
    }

    @Test("the bestuurlijk pack keeps the agreements of the school years that have them, as counts of schools per answer")
    func agreementsWithData() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("bestuurlijk", into: "afspraken")
        let sheet = try #require(try DemoPacks.workbookText(output + "/bestuurlijk_2026-H1.xlsx")["Bijlage Tabellen"])
        let (header, rows) = try DerivedFiguresInPackTests.quotedRecords(output + "/bestuurlijk_2026-H1/afspraken.csv")
        #expect(header == ["schooljaar", "afspraak", "voldaan", "aantal"])
        let start = try #require(sheet.firstIndex { ($0.first ?? "").hasPrefix("Afspraken uit het convenant") })
        let block = sheet[start...]
        // Under each school year (a bold row of its own), one row per agreement: ja, nee, onbekend, Totaal.
        let years = Set(rows.map { $0[0] }).sorted()
        #expect(years.count == 3)
        for year in years { #expect(block.contains { $0.first == year }, "\(year) ontbreekt") }
        let coordinator = try #require(rows.first { $0[0] == years.last && $0[1] == "coordinator" && $0[2] == "ja" })
        let last = try #require(block.firstIndex { $0.first == years.last })
        let shown = try #require(sheet[last...].first { $0.first == "Veiligheidscoördinator (art. 2.1)" })
        #expect(shown.count > 1 && shown[1] == coordinator[3], "\(shown) tegen \(coordinator)")
    }
}
