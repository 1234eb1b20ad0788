import Foundation
import Statistics
import Testing

/// The kerngroep's quarterly aberration signal (issue 18): Farrington per category on the city
/// level, computed from the published quarterly series only (issue 16), read back from the
/// written CSV and workbook.
@Suite("Farrington in the kerngroep pack", .serialized)
struct AberrationInPackTests {
    /// The published series of one category from `kwartalen.csv`: counts (NaN for a hidden one,
    /// with `hidden` set) and whether each quarter was delivered in full.
    static func series(_ rows: [[String]], header: [String], category: String) throws -> (
        counts: [Double], complete: [Bool], pupils: [Double], hidden: Bool
    ) {
        let aantal = try #require(header.firstIndex(of: "aantal")), aanlevering = try #require(header.firstIndex(of: "aanlevering"))
        let leerlingen = try #require(header.firstIndex(of: "leerlingen"))
        let own = rows.filter { $0[1] == category }.sorted { $0[0] < $1[0] }
        return (
            own.map { Double($0[aantal]) ?? .nan }, own.map { $0[aanlevering] == "volledig" }, own.map { Double($0[leerlingen]) ?? .nan },
            own.contains { $0[aantal] == "x" }
        )
    }

    @Test(
        "every category gets a signal from the published series; the demo's rise of weapons is 'ongewoon hoog', on the Kernboodschappen too"
    )
    func signalFromPublishedSeries() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", into: "farrington")
        let folder = output + "/kerngroep_2026-Q3"
        let (seriesHeader, seriesRows) = try DerivedFiguresInPackTests.quotedRecords(folder + "/kwartalen.csv")
        #expect(Set(seriesRows.map { $0[0] }).count == 14, "14 kwartalen: drie jaar terug en een kwartaal marge")
        let (header, rows) = try DerivedFiguresInPackTests.quotedRecords(folder + "/signalen.csv")
        let method = try #require(header.firstIndex(of: "methode")), zin = try #require(header.firstIndex(of: "zin"))
        let expectedColumn = try #require(header.firstIndex(of: "verwacht")),
            upperColumn = try #require(header.firstIndex(of: "bovengrens"))
        let aberrations = rows.filter { $0[method] == "afwijking" }
        let categories = Set(seriesRows.map { $0[1] })
        #expect(aberrations.count == categories.count, "één afwijkingssignaal per categorie en voor alle samen")
        var tested = 0, hidden = 0
        for row in aberrations {
            #expect(row[1] == "Totaal", "stadsniveau: \(row)")
            let series = try Self.series(seriesRows, header: seriesHeader, category: row[2])
            if series.hidden {
                // A hidden count in the series: no test, no number, no verdict.
                #expect(row[zin].hasSuffix(": geen signaal berekend"), "\(row)")
                #expect(row[expectedColumn].isEmpty && row[upperColumn].isEmpty, "\(row)")
                hidden += 1
                continue
            }
            // The same test on the published counts as read back, the enrolment as exposure: a
            // quarter without every delivery is left out of the expected value (its window: the
            // same quarter ± 1 in each of the three years back).
            let last = series.counts.count - 1
            var window: Set<Int> = []
            for year in 1...3 {
                let centre: Int = last - 4 * year
                window.formUnion([centre - 1, centre, centre + 1])
            }
            let counts = series.counts.enumerated().map { index, count in
                series.complete[index] || !window.contains(index) ? count : .nan
            }
            let result = Farrington.evaluateLatest(counts: counts, exposures: series.pupils)
            let expected = try #require(result.expected), upper = try #require(result.upperThreshold)
            let packExpected = try #require(Double(row[expectedColumn])), packUpper = try #require(Double(row[upperColumn]))
            // Equal up to the CSV's one decimal (of the value and of the pupils).
            #expect(abs(packExpected - expected) < 0.06, "\(row[2]): verwacht \(packExpected) tegen \(expected)")
            #expect(abs(packUpper - upper) < 0.06, "\(row[2]): bovengrens \(packUpper) tegen \(upper)")
            let observed = try #require(series.counts.last)
            #expect(row[zin].hasSuffix(observed > packUpper ? ": ongewoon hoog" : ": binnen de verwachting"), "\(row)")
            tested += 1
        }
        #expect(tested >= 10 && hidden >= 1, "\(tested) getoetst, \(hidden) afgeschermd")
        let weapons = try #require(aberrations.first { $0[2] == "WAPENS" })
        #expect(weapons[zin].hasSuffix(": ongewoon hoog"), "\(weapons)")

        // The workbook: the block above the signals, the message, the explanation.
        let sheets = try DemoPacks.workbookText(output + "/kerngroep_2026-Q3.xlsx")
        let signals = try #require(sheets["Bijlage Signalen"])
        let line = try #require(signals.first { $0.contains("Wapens (bezit, gebruik of handel)") && $0.contains("ongewoon hoog") })
        #expect(line.contains(weapons[expectedColumn]) || line.contains(String(Double(weapons[expectedColumn])!)), "\(line)")
        let messages = try #require(sheets["Kernboodschappen"]).flatMap { $0 }
        #expect(
            messages.contains { $0.contains("Ongewoon hoog voor de tijd van het jaar: Wapens (bezit, gebruik of handel), 32 incidenten") })
        #expect(try #require(sheets["Toelichting"]).flatMap { $0 }.contains { $0.hasPrefix("Afwijkingstoets") })
    }

    @Test("a quarter whose three years back are not in the data: 'te weinig gegevens'; a half-year pack has no aberration test")
    func tooLittleData() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", period: "2024-Q1", into: "farrington-vroeg")
        let (header, rows) = try DerivedFiguresInPackTests.quotedRecords(output + "/kerngroep_2024-Q1/signalen.csv")
        let method = try #require(header.firstIndex(of: "methode")), zin = try #require(header.firstIndex(of: "zin"))
        let aberrations = rows.filter { $0[method] == "afwijking" }
        #expect(!aberrations.isEmpty)
        for row in aberrations {
            #expect(row[zin].hasSuffix("te weinig gegevens") || row[zin].hasSuffix(": geen signaal berekend"), "\(row)")
        }
        #expect(aberrations.contains { $0[zin].hasSuffix("te weinig gegevens") })
        let (half, _) = try demo.publish("bestuurlijk", into: "farrington-halfjaar")
        let files = DemoPacks.files(half)
        #expect(!files.contains { $0.hasSuffix("kwartalen.csv") })
        let signals = try String(contentsOfFile: half + "/bestuurlijk_2026-H1/signalen.csv", encoding: .utf8)
        #expect(!signals.contains(",afwijking,"))
    }
}
