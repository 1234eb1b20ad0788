import Foundation
import Testing

/// The one cumulative publication (issue 16) end to end: packs of two audiences and two
/// cadences, published one after the other by the built CLI on a real SQLite file, checked by
/// the product's own audit (the runs pass) and by the independent attacker (linear programming
/// over the CSV files as written); a re-run writes the same bytes; another threshold is refused.
@Suite("packs: one publication across audiences and editions", .serialized)
struct PublicationCLITests {
    static func run(_ ws: Workspace, _ pipeline: String, _ period: String, output: String, pipelines: String? = nil) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let result = try CLI.run(
            [
                "--db", ws.db, "run", pipeline, "--pipelines", pipelines ?? PackRunCLITests.pipelines, "--period", period,
                "--output", ws.path(output),
            ] + Fixture.asOf)
        return (result.status, result.stdout, result.stderr)
    }

    /// The reference folder as a reader has it, with the categories (the attacker needs them).
    static func readerReference(_ ws: Workspace) throws -> String {
        let folder = try ws.writeReference(
            "lezer", wijken: EditionPublishingTests.wijken, scholen: EditionPublishingTests.scholen,
            leerlingen: EditionPublishingTests.leerlingen)
        let categories = try ws.sqlite("SELECT code || ',' || label || ',' || meldplicht || ',' FROM categorie ORDER BY code")
        try ws.write("lezer/categorieen.csv", "code,label,meldplicht,aliassen\n" + categories + "\n")
        return folder
    }

    static func packs(_ ws: Workspace, _ output: String) throws -> [String] {
        let folder = ws.path(output)
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { name in
            FileManager.default.fileExists(atPath: "\(folder)/\(name)/kerncijfers.csv")
        }.map { "\(folder)/\($0)" }
    }

    static func attack(_ reference: String, _ packs: [String]) throws -> (status: Int32, stdout: String) {
        let script = CLI.packageRoot.appendingPathComponent("Tests/attacker/attack.py").path
        let result = try CLI.tool("python3", [script, "--reference", reference, "--label", "t"] + packs.flatMap { ["--pack", $0] })
        return (result.status, result.stdout)
    }

    /// Six VO schools in three gebieden with few incidents in 2025-H1: many small cells.
    static func sparse() throws -> Workspace {
        let ws = try Workspace()
        let reference = try ws.writeReference(
            wijken: EditionPublishingTests.wijken, scholen: EditionPublishingTests.scholen, leerlingen: EditionPublishingTests.leerlingen)
        try #require(try CLI.run(["--db", ws.db, "reference", "load", reference]).status == 0)
        let categories = ["DRUGS", "DIEFSTAL", "BEDREIGING", "PESTEN"]
        var text = Fixture.header
        for number in 0..<120 {
            let school = number % 6 + 1
            let month = (number * 5 + number / 11) % 6 + 1
            text +=
                "I\(number),S00\(school),2025-0\(month)-\(10 + number % 17),\(categories[(number * 3 + number / 7) % 4]),school,ja,12-15,licht\n"
        }
        try #require(try CLI.run(["--db", ws.db, "ingest", try ws.write("h1.csv", text)] + Fixture.asOf).status == 0)
        return ws
    }

    @Test("kerngroep Q1 and Q2, then bestuurlijk H1 and stadsdeel H1: together they narrow no hidden cell into 1..4")
    func audiencesTogether() throws {
        let ws = try Self.sparse()
        for (pipeline, period) in [
            ("kerngroep", "2025-Q1"), ("kerngroep", "2025-Q2"), ("bestuurlijk", "2025-H1"), ("stadsdeel", "2025-H1"),
        ] {
            let result = try Self.run(ws, pipeline, period, output: "uit/\(pipeline)-\(period)")
            #expect(result.status == 0, "\(pipeline) \(period): \(result.stderr)")
        }
        // Every cell of every pack is in the one publication, with one threshold.
        #expect(try Int(ws.sqlite("SELECT count(*) FROM published_cell")) ?? 0 > 100)
        #expect(try ws.sqlite("SELECT DISTINCT threshold FROM published_cell") == "5")
        #expect(try ws.sqlite("SELECT count(*) FROM published_cell WHERE value IS NULL") != "0")
        let reference = try Self.readerReference(ws)
        let kerngroep = try Self.packs(ws, "uit/kerngroep-2025-Q1") + Self.packs(ws, "uit/kerngroep-2025-Q2")
        let bestuurlijk = try Self.packs(ws, "uit/bestuurlijk-2025-H1")
        let stadsdeel = try Self.packs(ws, "uit/stadsdeel-2025-H1")
        #expect(stadsdeel.count == 3)
        for combination in [kerngroep + bestuurlijk, kerngroep + bestuurlijk + stadsdeel] {
            let outcome = try Self.attack(reference, combination)
            #expect(outcome.stdout.contains("onthuld 0,"), "\(outcome.stdout)")
        }
    }

    @Test("a re-run without new data writes the same bytes and adds nothing to the publication")
    func rerunSameBytes() throws {
        let ws = try EditionPublishingTests.workspace()
        #expect(try Self.run(ws, "kerngroep", "2025-Q1", output: "k1").status == 0)
        let first = try Self.run(ws, "bestuurlijk", "2025-H1", output: "eerste")
        #expect(first.status == 0, "\(first.stderr)")
        let cells = try ws.sqlite("SELECT count(*) || '/' || sum(value IS NULL) FROM published_cell")
        let second = try Self.run(ws, "bestuurlijk", "2025-H1", output: "tweede")
        #expect(second.status == 0, "\(second.stderr)")
        let a = EditionPublishingTests.visible(ws.path("eerste")), b = EditionPublishingTests.visible(ws.path("tweede"))
        #expect(!a.isEmpty)
        #expect(a == b, "\(Set(a.keys).symmetricDifference(b.keys)) \(a.keys.filter { a[$0] != b[$0] }.sorted())")
        #expect(try ws.sqlite("SELECT count(*) || '/' || sum(value IS NULL) FROM published_cell") == cells)
    }

    @Test("a threshold other than the publication's is refused with exit 2, naming a cell and the edition; nothing written")
    func otherThresholdRefused() throws {
        let ws = try EditionPublishingTests.workspace()
        #expect(try Self.run(ws, "kerngroep", "2025-Q1", output: "k1").status == 0)
        let cells = try ws.sqlite("SELECT count(*) FROM published_cell")
        // The same pipelines, the stadsdeel one with threshold 3.
        let pipelines = ws.path("pijplijnen")
        try EditionPublishingTests.copy(PackRunCLITests.pipelines, pipelines)
        let file = "\(pipelines)/stadsdeel.yml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try #require(text.contains("threshold: 5"))
        try text.replacingOccurrences(of: "threshold: 5", with: "threshold: 3").write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try Self.run(ws, "stadsdeel", "2025-H1", output: "s1", pipelines: pipelines)
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("drempel 3 wijkt af van de drempel 5"), "\(refused.stderr)")
        #expect(refused.stderr.contains("editie kerngroep 2025-Q1"), "\(refused.stderr)")
        #expect(refused.stderr.contains("de cel ("), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.path("s1")))
        #expect(try ws.sqlite("SELECT count(*) FROM published_cell") == cells)
    }
}
