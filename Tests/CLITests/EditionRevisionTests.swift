import Foundation
import Testing

/// Editions and revisions (issue 17 item 3) end to end on the demo, with the built CLI on a real
/// SQLite file: kerngroep 2026-Q2 voorlopig; PO07's late incident waits (same bytes, a Dutch
/// message); after the aanlevertermijn the definitief edition with its Revisies sheet; then a
/// correction re-issued. Each pair of editions held together is checked by an independent LP
/// (`Tests/attacker/revision_attack.py`): no change of 1..4 published or narrowed.
@Suite("editions: voorlopig, late data waits, definitief with Revisies, a correction re-issued", .serialized)
struct EditionRevisionTests {
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst,opmerking\n"

    func publish(_ ws: Workspace, asOf: String) throws -> CLI.Result {
        try CLI.run(
            [
                "--db", ws.path("demo/schoolveilig.sqlite"), "run", "kerngroep", "--pipelines",
                CLI.packageRoot.appendingPathComponent("pipelines").path, "--period", "2026-Q2", "--as-of", asOf, "--output",
                ws.path("uit"),
            ], timeout: 300)
    }

    func ingest(_ ws: Workspace, _ name: String, _ line: String, asOf: String) throws {
        let file = try ws.write(name, Self.header + line + "\n")
        let result = try CLI.run(["--db", ws.path("demo/schoolveilig.sqlite"), "ingest", file, "--as-of", asOf])
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// Every file the user opens (links followed), with its bytes.
    func files(_ ws: Workspace) throws -> [String: Data] {
        let root = ws.path("uit")
        var result: [String: Data] = [:]
        let pack = root + "/kerngroep_2026-Q2"
        for name in try FileManager.default.contentsOfDirectory(atPath: pack) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: pack + "/" + name))
        }
        for name in ["kerngroep_2026-Q2.xlsx", "manifest.json"] {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + name))
        }
        return result
    }

    /// A copy of the pack's CSV folder as a reader keeps it.
    func keep(_ ws: Workspace, as name: String) throws -> String {
        let target = ws.path(name)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for (file, data) in try files(ws) where file.hasSuffix(".csv") {
            try data.write(to: URL(fileURLWithPath: target + "/" + file))
        }
        return target
    }

    func attack(_ old: String, _ new: String, late: Bool) throws -> CLI.Result {
        let script = CLI.packageRoot.appendingPathComponent("Tests/attacker/revision_attack.py").path
        return try CLI.tool("python3", [script, old, new] + (late ? ["--laat"] : []), timeout: 300)
    }

    func sheetText(_ ws: Workspace) throws -> (workbook: String, strings: String) {
        let xlsx = ws.path("uit/kerngroep_2026-Q2.xlsx")
        let workbook = try CLI.tool("unzip", ["-p", xlsx, "xl/workbook.xml"]).stdout
        let strings = try CLI.tool("unzip", ["-p", xlsx, "xl/sharedStrings.xml"]).stdout
        return (workbook, strings)
    }

    func row(_ csv: Data, _ prefix: String) -> String? {
        String(decoding: csv, as: UTF8.self).split(whereSeparator: \.isNewline).first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test("the demo's late delivery and a correction, edition by edition")
    func lateDeliveryAndCorrection() throws {
        let ws = try Workspace()
        let demo = try CLI.run(["demo", "--output", ws.path("demo")], timeout: 600)
        try #require(demo.status == 0, "\(demo.stderr)")

        // 1. Voorlopig, edition 1.
        let first = try publish(ws, asOf: "2026-07-20")
        try #require(first.status == 0, "\(first.stderr)")
        #expect(
            (first.stdout + first.stderr).contains("editie: voorlopig (1e editie), definitief vanaf 11 augustus 2026"), "\(first.stderr)")
        let edition1 = try files(ws)
        let manifest1 = String(decoding: edition1["manifest.json"]!, as: UTF8.self)
        #expect(manifest1.contains(#""editie": {"soort": "voorlopig", "nummer": 1, "definitief_vanaf": "2026-08-11"}"#))
        #expect(edition1["revisies.csv"] == nil)
        #expect(try sheetText(ws).strings.contains("voorlopig (1e editie), definitief vanaf 11 augustus 2026"))
        #expect(try !sheetText(ws).workbook.contains("Revisies"))
        let old = try keep(ws, as: "editie1")
        // The late incident below (PO07, in Buiten, FYSIEK_GEWELD) lies in these key figures; the
        // first that edition 1 shows (the audit over the whole publication may hide some) is followed.
        let kerncijfers = String(decoding: edition1["kerncijfers.csv"]!, as: UTF8.self)
        let shown = ["Buiten,FYSIEK_GEWELD", "Buiten,Totaal", "Totaal,FYSIEK_GEWELD", "Totaal,Totaal"].compactMap {
            keys -> (keys: String, count: Int)? in
            guard let line = row(edition1["kerncijfers.csv"]!, "2026-Q2,\(keys),") else { return nil }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > 3 ? Int(fields[3]).map { (keys, $0) } : nil
        }
        let followed = try #require(shown.first, "geen van de cellen van het late incident is getoond:\n\(kerncijfers.prefix(3000))")
        let followedRow = "2026-Q2 · " + followed.keys.replacingOccurrences(of: ",", with: " · ")

        // 2. PO07 delivers one incident late; the edition would still be voorlopig: the data waits.
        try ingest(ws, "PO07_2026-Q2.csv", "PO07-2026-90,PO07,2026-05-12,FYSIEK_GEWELD,omgeving,nee,0-11,licht,", asOf: "2026-07-21")
        let waiting = try publish(ws, asOf: "2026-07-21")
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(
            (waiting.stdout + waiting.stderr).contains(
                "nieuwe of gewijzigde gegevens van 1 school wachten op de definitieve editie, die vanaf 2026-08-11"),
            "\(waiting.stderr)")
        #expect((waiting.stdout + waiting.stderr).contains("Er is niets opnieuw uitgegeven"))
        #expect(try files(ws) == edition1)
        #expect(
            try ws.sqlite(
                "SELECT count(*) FROM pack_edition WHERE pipeline = 'kerngroep' AND period = '2026-Q2'",
                database: ws.path("demo/schoolveilig.sqlite")) == "1")

        // 3. After the aanlevertermijn: the definitief edition 2, with its Revisies sheet.
        let second = try publish(ws, asOf: "2026-08-11")
        try #require(second.status == 0, "\(second.stderr)")
        #expect((second.stdout + second.stderr).contains("editie: definitief (2e editie)"), "\(second.stderr)")
        let edition2 = try files(ws)
        #expect(
            String(decoding: edition2["manifest.json"]!, as: UTF8.self).contains(
                #""editie": {"soort": "definitief", "nummer": 2, "definitief_vanaf": "2026-08-11"}"#))
        let revisions = String(decoding: try #require(edition2["revisies.csv"]), as: UTF8.self)
        let lines = revisions.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "tabel,rij,kolom,oud,nieuw,verschil")
        // The late incident's cells: their change (+1) is disclosive, so the new values are hidden.
        #expect(lines.contains("kerncijfers,\(followedRow),aantal,\(followed.count),x,x"), "\(revisions.prefix(2000))")
        #expect(!lines.contains { $0.hasSuffix(",+1") || $0.hasSuffix(",1") })
        let (workbook, strings) = try sheetText(ws)
        #expect(workbook.contains("name=\"Revisies\""))
        #expect(strings.contains("laat aangeleverd door 1 school"))
        #expect(!strings.contains("PO07"))
        #expect(
            try ws.sqlite(
                "SELECT group_concat(number || ':' || kind, ',') FROM pack_edition WHERE pipeline = 'kerngroep' AND period = '2026-Q2'",
                database: ws.path("demo/schoolveilig.sqlite"))
                == "1:voorlopig,2:definitief")
        let deliveries = try ws.sqlite(
            "SELECT deliveries FROM pack_edition WHERE pipeline = 'kerngroep' AND period = '2026-Q2' AND number = 2",
            database: ws.path("demo/schoolveilig.sqlite"))
        #expect(deliveries.contains(":") && !deliveries.contains(".csv"))
        let new = try keep(ws, as: "editie2")
        let lateAttack = try attack(old, new, late: true)
        #expect(lateAttack.status == 0, "\(lateAttack.stdout)")
        #expect(lateAttack.stdout.contains("bevindingen 0"))

        // 4. A correction (the late incident was pesten, not fysiek geweld) is re-issued as edition 3.
        try ingest(ws, "PO07_2026-Q2-correctie.csv", "PO07-2026-90,PO07,2026-05-12,PESTEN,omgeving,nee,0-11,licht,", asOf: "2026-08-12")
        let third = try publish(ws, asOf: "2026-08-12")
        try #require(third.status == 0, "\(third.stderr)")
        #expect((third.stdout + third.stderr).contains("editie: definitief (3e editie)"), "\(third.stderr)")
        #expect(try sheetText(ws).strings.contains("correctie door 1 school"))
        let newest = try keep(ws, as: "editie3")
        for (earlier, late) in [(old, false), (new, false)] {
            let outcome = try attack(earlier, newest, late: late)
            #expect(outcome.status == 0, "\(earlier): \(outcome.stdout)")
            #expect(outcome.stdout.contains("bevindingen 0"))
        }
        // A re-run without new data makes edition 3 again, byte for byte.
        let before = try files(ws)
        let again = try publish(ws, asOf: "2026-08-12")
        #expect(again.status == 0)
        #expect(try files(ws) == before)
        #expect(
            try ws.sqlite(
                "SELECT max(number) FROM pack_edition WHERE pipeline = 'kerngroep' AND period = '2026-Q2'",
                database: ws.path("demo/schoolveilig.sqlite")) == "3")
    }

    @Test("late data from three schools (min_schools) is re-issued at once as the voorlopig 2e editie, with Revisies")
    func lateFromEnoughSchools() throws {
        let ws = try Workspace()
        let demo = try CLI.run(["demo", "--output", ws.path("demo")], timeout: 600)
        try #require(demo.status == 0, "\(demo.stderr)")
        try #require(try publish(ws, asOf: "2026-07-20").status == 0)
        let old = try keep(ws, as: "editie1")
        try ingest(ws, "laat-PO07.csv", "PO07-2026-90,PO07,2026-05-12,FYSIEK_GEWELD,omgeving,nee,0-11,licht,", asOf: "2026-07-21")
        try ingest(ws, "extra-VO01.csv", "VO01-2026-990,VO01,2026-05-13,PESTEN,school,nee,12-15,licht,", asOf: "2026-07-21")
        try ingest(ws, "extra-VO02.csv", "VO02-2026-990,VO02,2026-06-03,DIEFSTAL,school,nee,12-15,licht,", asOf: "2026-07-21")
        let second = try publish(ws, asOf: "2026-07-21")
        try #require(second.status == 0, "\(second.stderr)")
        #expect((second.stdout + second.stderr).contains("editie: voorlopig (2e editie), definitief vanaf 11 augustus 2026"))
        #expect(try sheetText(ws).strings.contains("laat aangeleverd door 1 school; correctie door 2 scholen"))
        let outcome = try attack(old, try keep(ws, as: "editie2"), late: true)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("bevindingen 0"))
    }

    @Test("aanlevertermijn_weken must be a whole number of weeks 0..52: exit 2, naming the pipeline file and key")
    func badAanlevertermijn() throws {
        let ws = try Workspace()
        let pipelines = ws.path("pijplijnen")
        try FileManager.default.createDirectory(atPath: pipelines, withIntermediateDirectories: true)
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("pipelines/kerngroep.yml"), encoding: .utf8)
            .replacingOccurrences(of: "  threshold: 5\n", with: "  threshold: 5\n  aanlevertermijn_weken: zes\n")
        try text.write(toFile: pipelines + "/kerngroep.yml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["--db", ws.path("db.sqlite"), "run", "kerngroep", "--pipelines", pipelines, "--period", "2026-Q2"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("kerngroep.yml"), "\(result.stderr)")
        #expect(result.stderr.contains("aanlevertermijn_weken"), "\(result.stderr)")
    }
}
