import Foundation
import Testing

/// Issue 16 from the command line: `run kerngroep` on a few small counts against a published
/// year earlier. Hidden cells print `x` (explained on the Voorblad and in the Toelichting), a
/// sentence about a hidden cell says "geen signaal berekend", and the pack's hidden total is no
/// headline (before: "<5 in 2025-Q1 tegen 12 in 2024-Q1").
@Suite("het teken x en de kernboodschappen vanaf de opdrachtregel")
struct MarkerCLITests {
    @Test("run kerngroep: x in the CSV and the workbook, explained once; no headline with a hidden figure")
    func markerAndHeadline() throws {
        let ws = try Workspace()
        try ws.loadReference()
        var earlier = Fixture.header
        for index in 1...12 { earlier += "E\(index),S001,2024-0\(index % 3 + 1)-1\(index % 9),DRUGS,school,ja,12-15,licht\n" }
        for file in [try ws.write("S001_2024-Q1.csv", earlier), try ws.write("S001_2025-Q1.csv", Fixture.valid)] {
            let ingest = try CLI.run(["--db", ws.db, "ingest", file] + Fixture.asOf)
            try #require(ingest.status == 0, "\(ingest)")
        }
        // The fixture's reference data has only a few schools: every shared cell would rest on fewer
        // than `min_schools` (3) of them and be hidden (issue 17), so this pipeline allows one.
        let pipelines = ws.path("pijplijnen")
        try FileManager.default.createDirectory(atPath: pipelines, withIntermediateDirectories: true)
        let kerngroep = try String(contentsOfFile: PackRunCLITests.pipelines + "/kerngroep.yml", encoding: .utf8)
            .replacingOccurrences(of: "  threshold: 5\n", with: "  threshold: 5\n  min_schools: 1\n")
        try kerngroep.write(toFile: pipelines + "/kerngroep.yml", atomically: true, encoding: .utf8)
        let run = try CLI.run(
            ["--db", ws.db, "run", "kerngroep", "--pipelines", pipelines, "--period", "2025-Q1", "--output", ws.path("uit")]
                + Fixture.asOf)
        try #require(run.status == 0, "\(run)")
        let key = try String(contentsOfFile: ws.path("uit/kerngroep_2025-Q1/kerncijfers.csv"), encoding: .utf8)
        let lines = key.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let aantal = try #require(lines[0].firstIndex(of: "aantal"))
        let total = try #require(lines.first { $0[0] == "2025-Q1" && $0[1] == "Totaal" && $0[2] == "Totaal" })
        #expect(total[aantal] == "x", "\(total)")
        #expect(lines.contains { $0[0] == "2024-Q1" && $0[1] == "Totaal" && $0[2] == "Totaal" && $0[aantal] == "12" }, "\(key)")
        #expect(!key.contains("<5"))
        let signals = try String(contentsOfFile: ws.path("uit/kerngroep_2025-Q1/signalen.csv"), encoding: .utf8)
        let totalSentence = try #require(
            signals.split(separator: "\r\n").map(String.init).first { $0.hasPrefix("2025-Q1,Totaal,Totaal,vergelijking,") }, "\(signals)")
        #expect(totalSentence.hasSuffix("Alle categorieën: x in 2025-Q1 tegen 12 in 2024-Q1: geen signaal berekend"), "\(totalSentence)")

        // The workbook read back: its strings and the Samenvatting's rows.
        func part(_ name: String) throws -> String {
            let result = try CLI.tool("unzip", ["-p", ws.path("uit/kerngroep_2025-Q1.xlsx"), name])
            try #require(result.status == 0, "\(result)")
            return result.stdout
        }
        let shared = try part("xl/sharedStrings.xml")
        let strings = shared.components(separatedBy: "<si>").dropFirst().map { item in
            item.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        }
        #expect(!shared.contains("&lt;5"))
        #expect(strings.contains("x"))
        let explanation = "x = geheim (zoals bij het CBS): het aantal is niet gepubliceerd. De drempel is 5"
        // On the Voorblad (in the privacy notice) and in the Toelichting (Afscherming).
        let explained = strings.indices.filter { strings[$0].contains(explanation) }
        // The sheets in workbook order (xlsxwriter numbers their parts so).
        let names = try part("xl/workbook.xml").components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        func sheet(_ name: String) throws -> String {
            try part("xl/worksheets/sheet\(try #require(names.firstIndex(of: name), "\(names)") + 1).xml")
        }
        let voorblad = try sheet("Voorblad")
        let toelichting = try sheet("Toelichting")
        #expect(explained.contains { voorblad.contains("<v>\($0)</v>") }, "\(explained)")
        #expect(explained.contains { toelichting.contains("<v>\($0)</v>") }, "\(explained)")
        // Kernboodschappen: no message under "Wat valt op" shows a hidden figure.
        let samenvatting = try sheet("Kernboodschappen")
        let rows = samenvatting.components(separatedBy: "<row ").dropFirst().map { row -> String in
            guard let range = row.range(of: "<v>[0-9]+</v>", options: .regularExpression) else { return "" }
            return strings[Int(row[range].dropFirst(3).dropLast(4))!]
        }
        let start = try #require(rows.firstIndex(of: "Wat valt op")) + 1
        let headlines = rows[start...].prefix { !$0.hasPrefix("Kerncijfers") }
        #expect(!headlines.isEmpty)
        for line in headlines { #expect(!line.contains(" x in ") && !line.contains("tegen x"), "\(line)") }
        // Bijlage Signalen gives each cell's verdict (the sentence itself is in signalen.csv, above).
        #expect(strings.contains("geen signaal berekend"))
    }
}
