import Foundation
import Testing

/// Issue 18, build item 1: the bestuurlijk overleg's compliance scorecard gives police involvement
/// where meldplicht is `ja` "with its figure and its change". The figures are read back from the
/// workbook and recomputed from the pack's own `naleving.csv`, which now holds the same period a
/// year earlier as published rows (so the change is made of published cells only).
@Suite("the compliance scorecard with its change", .serialized)
struct ScorecardTests {
    static func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// "452 van 540 (83,7%)" written out independently of the pack's number formatting.
    static func figure(_ part: Int, _ whole: Int) -> String {
        func dutch(_ n: Int) -> String {
            let digits = String(n)
            return digits.count > 3 ? digits.dropLast(3) + "." + digits.suffix(3) : digits
        }
        let share = String(format: "%.1f", Double(part) / Double(whole) * 100).replacingOccurrences(of: ".", with: ",")
        return "\(dutch(part)) van \(dutch(whole)) (\(share)%)"
    }

    @Test("police involvement now and a year earlier, with the change in percentage points, equal the published naleving cells")
    func policeInvolvement() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("bestuurlijk", into: "scorekaart")
        let naleving = try Self.rows(output + "/bestuurlijk_2026-H1/naleving.csv")
        #expect(naleving[0] == ["periode", "stadsdeel", "meldplicht", "politie", "aantal", "aandeel", "beoordeling"])
        #expect(Set(naleving.dropFirst().map { $0[0] }) == ["2025-H1", "2026-H1"])
        // The year earlier adds as few cells as the scorecard needs: Almere's meldplicht `ja` by politie.
        let earlier = naleving.filter { $0[0] == "2025-H1" }
        #expect(earlier.map { $0[3] } == ["ja", "nee", "onbekend", "Totaal"], "\(earlier)")
        #expect(earlier.allSatisfy { $0[1] == "Totaal" && $0[2] == "ja" }, "\(earlier)")
        func count(_ period: String, _ politie: String) -> Int? {
            naleving.first { $0[0] == period && $0[1] == "Totaal" && $0[2] == "ja" && $0[3] == politie }.flatMap { Int($0[4]) }
        }
        let sheet = try #require(try DemoPacks.workbookText(output + "/bestuurlijk_2026-H1.xlsx")["Kernboodschappen"])
        let header = try #require(sheet.first { $0.first == "Meldplicht: incidenten" })
        #expect(Array(header.prefix(4)) == ["Meldplicht: incidenten", "2026-H1", "2025-H1", "Verandering"])
        for (label, politie) in [("Politie betrokken (art. 2.4, 2.5, 2.10)", "ja"), ("Politie niet betrokken", "nee")] {
            let line = try #require(sheet.first { $0.first == label }, "\(label)")
            let now = try #require(count("2026-H1", politie)), nowAll = try #require(count("2026-H1", "Totaal"))
            let before = try #require(count("2025-H1", politie)), beforeAll = try #require(count("2025-H1", "Totaal"))
            #expect(line[1] == Self.figure(now, nowAll), "\(line)")
            #expect(line[2] == Self.figure(before, beforeAll), "\(line)")
            let points = Double(now) / Double(nowAll) * 100 - Double(before) / Double(beforeAll) * 100
            let text = String(format: "%.1f", points).replacingOccurrences(of: ".", with: ",")
            #expect(line[3] == (points >= 0 ? "+" : "") + text + " %-punt", "\(line)")
        }
        // The key message names the share a year earlier too.
        let before = try #require(count("2025-H1", "ja")), beforeAll = try #require(count("2025-H1", "Totaal"))
        let share = Self.figure(before, beforeAll).split(separator: "(").last!.dropLast()
        #expect(sheet.contains { $0.first?.contains("Politie betrokken bij") == true && $0[0].hasSuffix("; in 2025-H1 \(share).") })
    }

    @Test(
        "a school's pack of 2024-2025 gives its police involvement against 2023-2024, when schools joined the covenant in that year: naleving counts joined months only, so its cells are kept apart from the incident tables"
    )
    func joinedDuringTheEarlierYear() throws {
        let demo = try DemoPacks.get()
        // Before the fix this run was refused: "de cel periode=2023-2024, meldplicht=afweging heeft
        // verschillende waarden: 8 in tabel 'trend_meldplicht' en 7 in tabel 'naleving'".
        let (output, result) = try demo.publish("schoolgesprek", period: "2024-2025", into: "scorekaart-2024-2025")
        #expect(result.files > 0)
        let naleving = try Self.rows(output + "/schoolgesprek_2024-2025_VO01/naleving.csv")
        #expect(Set(naleving.dropFirst().map { $0[0] }) == ["2023-2024", "2024-2025"])
        let sheet = try #require(try DemoPacks.workbookText(output + "/schoolgesprek_2024-2025_VO01.xlsx")["Kernboodschappen"])
        let header = try #require(sheet.first { $0.first == "Meldplicht: incidenten" })
        #expect(Array(header.prefix(4)) == ["Meldplicht: incidenten", "2024-2025", "2023-2024", "Verandering"])
    }

    @Test("the school against its sector reads as Dutch for each verdict: 'ligt hoger dan', 'ligt lager dan', 'is vergelijkbaar met'")
    func benchmarkSentence() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("schoolgesprek", into: "vergelijking")
        var verdicts: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: output) where name.hasSuffix(".xlsx") {
            let sheet = try #require(try DemoPacks.workbookText(output + "/" + name)["Kernboodschappen"])
            let line = try #require(sheet.compactMap(\.first).first { $0.contains("haar sector als geheel:") }, "\(name)")
            let verdict = try #require(
                ["ligt hoger dan", "ligt lager dan", "is vergelijkbaar met"].first { line.contains("De school \($0) haar sector") },
                "\(name): \(line)")
            verdicts.insert(verdict)
        }
        // The demo's 21 schools include a comparable one (VO03, among others).
        #expect(verdicts.contains("is vergelijkbaar met"))
    }

    @Test("a pack without a scorecard publishes naleving for its own period only")
    func onlyWhereShown() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", into: "zonder-scorekaart")
        let naleving = try Self.rows(output + "/kerngroep_2026-Q3/naleving.csv")
        #expect(Set(naleving.dropFirst().map { $0[0] }) == ["2026-Q3"])
    }
}
