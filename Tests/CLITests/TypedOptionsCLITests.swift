import Foundation
import Testing

/// Options with a fixed form are parsed into their types while the command line is read, and
/// flag names follow one pattern; the earlier Dutch spellings keep working, unlisted.
@Suite("getypeerde opties en één patroon voor optienamen")
struct TypedOptionsCLITests {
    @Test(
        "a wrong --format, --by or --period is refused while parsing: exit 2, the option named, no database created",
        arguments: [
            (["counts", "--by", "school", "--format", "xml"], ["--format", "xml", "kies uit"]),
            (["counts", "--by", "school,klas"], ["--by", "klas"]),
            (["cijfers", "--period", "2025-Q9"], ["--period", "2025-Q9"]),
            (["naleving", "--period", "2025-Q1", "--by", "politie"], ["--by", "politie"]),
            (["aanlevering", "--period", "2025-Q1", "--by", "categorie"], ["--by", "categorie"]),
            (["context", "counts", "--by", "school"], ["--by", "school"]),
        ])
    func refusedWhileParsing(arguments: [String], named: [String]) throws {
        let ws = try Workspace()
        let result = try CLI.run(["--db", ws.db] + arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        for fragment in named { #expect(result.stderr.contains(fragment), "melding mist '\(fragment)': \(result.stderr)") }
        // Refused before anything was opened: not "database bestaat niet", and no file made.
        #expect(!result.stderr.contains("database bestaat niet"), "\(result.stderr)")
        #expect(!ws.exists(ws.db))
    }

    @Test("ingest --period and SPEC §2c's --periode (also as --periode=…) do the same; the Dutch spelling is not listed in --help")
    func periodAlias() throws {
        var stored: [String] = []
        for spelling in [["--period", "2025-Q1"], ["--periode", "2025-Q1"], ["--periode=2025-Q1"]] {
            let ws = try Workspace()
            try ws.loadReference()
            let export = try ws.write("S001_nul.csv", Fixture.header)
            let result = try CLI.run(["--db", ws.db, "ingest", export, "--school", "S001"] + spelling + Fixture.asOf)
            #expect(result.status == 0, "\(spelling): \(result)")
            stored.append(try ws.sqlite("SELECT school_code || ' ' || period_from || '..' || period_to FROM delivery_period"))
        }
        #expect(stored == Array(repeating: "S001 2025-01-01..2025-03-31", count: 3))
        let help = try CLI.run(["ingest", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--period <periode>") && help.stdout.contains("--max-file-mb"), "\(help.stdout)")
        #expect(!help.stdout.contains("--periode <") && !help.stdout.contains("--max-bestand-mb"), "\(help.stdout)")
    }

    @Test("the new names of the other renamed flags work: --create, --deliveries, --delivery, --replace, --max-columns, --min-free-mb")
    func renamedFlags() throws {
        let fresh = try Workspace()
        let created = try CLI.run(["--db", fresh.db, "ingest", try fresh.write("a.csv", Fixture.valid), "--create"] + Fixture.asOf)
        #expect(created.status == 3, "zonder referentiegegevens in quarantaine, maar de database is er: \(created)")
        #expect(fresh.exists(fresh.db))
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("a.csv", Fixture.withInvalidRow)
        #expect(try CLI.run(["--db", ws.db, "ingest", export, "--max-columns", "16"] + Fixture.asOf).status == 3)
        let status = try CLI.run(["--db", ws.db, "status", "--deliveries", "1"] + Fixture.asOf)
        #expect(status.status == 0, "\(status)")
        let report = try CLI.run(["--db", ws.db, "quarantine", "report", "--delivery", "1", "--output", ws.path("q")])
        #expect(report.status == 0, "\(report)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("q")).count == 1)
        #expect(try CLI.run(["--db", ws.db, "backup", ws.path("kopie.sqlite")]).status == 0)
        let refused = try CLI.run(["--db", ws.db, "restore", ws.path("kopie.sqlite")])
        #expect(refused.status == 2 && refused.stderr.contains("--replace"), "\(refused)")
        #expect(try CLI.run(["--db", ws.db, "restore", ws.path("kopie.sqlite"), "--replace"]).status == 0)
        let doctor = try CLI.run(["--db", ws.db, "doctor", "--pipelines", PackRunCLITests.pipelines, "--min-free-mb", "0"])
        #expect(doctor.stdout.contains("[in orde] schijfruimte"), "\(doctor)")
    }
}
