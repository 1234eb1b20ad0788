import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// Ordinary operator mistakes and damaged files (issue 13): each is refused before anything
// changes, or handled without losing data. Every test runs the built binary on a generated
// database and files and checks the exit status, the Dutch message and what is stored.

extension Workspace {
    /// Every row of the tables that hold deliveries and incidents, as text: "nothing stored
    /// changed" compares two of these.
    func storedState() throws -> String {
        try ["delivery", "incident", "quarantine", "retraction", "aggregate_count"].map { table in
            "\(table): " + (try sqlite("SELECT * FROM \(table) ORDER BY 1, 2"))
        }.joined(separator: "\n")
    }

    /// A file's bytes.
    func digest(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A loaded workspace with the four valid incidents of `Fixture.valid`.
    static func loaded(_ name: String = #function) throws -> Workspace {
        let ws = try Workspace(name)
        try ws.loadReference()
        let export = try ws.write("S001_2025-Q1.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
        return ws
    }

    /// A nightly pipeline over this workspace's inbox, archive and reference folders.
    func writeNightly() throws -> String {
        try FileManager.default.createDirectory(atPath: path("inbox/S001"), withIntermediateDirectories: true)
        _ = try write(
            "pipelines/nightly.yml",
            """
            name: nightly
            cadence: daily
            parameters:
              inbox: \(path("inbox"))
              archive: \(path("archief"))
              reference: \(path("ref"))
              rejected_days: 30
              period_from_file_name: true
            stages: [reference, ingest, archive, purge, aggregate]

            """)
        return path("pipelines")
    }
}

enum Tomorrow {
    /// Tomorrow in Europe/Amsterdam, as the program computes today.
    static var text: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let date = calendar.date(byAdding: .day, value: 1, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

@Suite("operator: a peildatum after today, or before the last run's")
struct AsOfGuardCLITests {
    @Test("--as-of after today: exit 2, nothing done (ingest, run nightly, purge)")
    func futureAsOfRefused() throws {
        let ws = try Workspace.loaded()
        let pipelines = try ws.writeNightly()
        _ = try ws.write("inbox/S001/S001_2025-Q2.csv", Fixture.header + "N1,S001,2025-05-01,DRUGS,school,ja,12-15,licht\n")
        let before = try ws.storedState()
        let commands: [[String]] = [
            ["ingest", ws.path("inbox/S001/S001_2025-Q2.csv")],
            ["run", "nightly", "--pipelines", pipelines],
            ["purge"],
            ["ingest", ws.path("inbox/S001/S001_2025-Q2.csv"), "--as-of", "2036-01-01"],
        ]
        for command in commands {
            let arguments = ["--db", ws.db] + command + (command.contains("--as-of") ? [] : ["--as-of", Tomorrow.text])
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(command): \(result)")
            #expect(result.stderr.contains("ligt na vandaag") && result.stderr.contains("niets gedaan"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try ws.storedState() == before)
        #expect(try ws.count("pipeline_run") == 0)
        #expect(ws.exists(ws.path("inbox/S001/S001_2025-Q2.csv")), "de inbox is aangeraakt")
    }

    @Test("a nightly run with an as-of before the last run's says so, and retracts nothing dated after it")
    func earlierAsOfRetractsNothingAfterIt() throws {
        let ws = try Workspace()
        _ = try ws.writeReference()
        let pipelines = try ws.writeNightly()
        // The year 2025 for S001: three incidents, the last two after 2025-03-31.
        _ = try ws.write(
            "inbox/S001/S001_2025.csv",
            Fixture.header + """
                A1,S001,2025-01-10,DRUGS,school,ja,12-15,licht
                A2,S001,2025-04-01,DRUGS,school,ja,12-15,licht
                A3,S001,2025-11-01,Diefstal,school,nee,12-15,licht

                """)
        let first = try CLI.run(["--db", ws.db, "run", "nightly", "--nieuw", "--pipelines", pipelines, "--as-of", "2025-12-31"])
        try #require(first.status == 0, "\(first)")
        #expect(!first.stdout.contains("meldingen"))
        // The clock set back: a corrected file for 2025 that holds only what existed on 2025-03-31.
        _ = try ws.write(
            "inbox/S001/correctie_2025.csv",
            Fixture.header + """
                A1,S001,2025-01-10,DRUGS,school,ja,12-15,licht
                A4,S001,2025-02-11,PESTEN,school,nee,12-15,licht

                """)
        let second = try CLI.run(["--db", ws.db, "run", "nightly", "--pipelines", pipelines, "--as-of", "2025-03-31"])
        #expect(second.status == 0, "\(second)")
        #expect(
            second.stdout.contains("\"meldingen\":[\"let op: peildatum 2025-03-31 ligt vóór die van de vorige run (2025-12-31)"),
            "\(second.stdout)")
        #expect(second.stderr.contains("ligt vóór die van de vorige run"), "\(second.stderr)")
        #expect(try ws.sqlite("SELECT group_concat(incident_id) FROM (SELECT incident_id FROM incident ORDER BY 1)") == "A1,A2,A3,A4")
        #expect(try ws.count("retraction") == 0)
    }
}

@Suite("operator: a re-delivery keeps what it cannot replace")
struct RedeliveryKeepsCLITests {
    @Test("a declared period whose new version of an incident is quarantined keeps the stored version")
    func quarantinedNewVersionKept() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let first = try ws.write(
            "q1.csv",
            Fixture.header + """
                K1,S001,2025-01-10,DRUGS,school,ja,12-15,licht
                K2,S001,2025-02-11,PESTEN,school,nee,0-11,middel
                K3,S001,2025-03-12,Diefstal,online,nee,16-17,zwaar

                """)
        try #require(try CLI.run(["--db", ws.db, "ingest", first, "--periode", "2025-Q1", "--school", "S001"] + Fixture.asOf).status == 0)
        let stored = try ws.sqlite("SELECT * FROM incident ORDER BY incident_id")
        // The re-delivery: K1 with an unknown category, K2 with an impossible date, K3 gone.
        let second = try ws.write(
            "q1-opnieuw.csv",
            Fixture.header + """
                K1,S001,2025-01-10,ONBEKEND,school,ja,12-15,licht
                K2,S001,2025-02-30,PESTEN,school,nee,0-11,middel

                """)
        let result = try CLI.run(["--db", ws.db, "ingest", second, "--periode", "2025-Q1", "--school", "S001"] + Fixture.asOf)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("2 in quarantaine, 1 ingetrokken"), "\(result.stderr)")
        #expect(result.stderr.contains("2 behouden (nieuwe versie in quarantaine)"), "\(result.stderr)")
        #expect(
            try ws.sqlite("SELECT * FROM incident ORDER BY incident_id")
                == stored.split(separator: "\n").filter { !$0.hasPrefix("S001|K3") }.joined(separator: "\n"))
        #expect(try ws.sqlite("SELECT group_concat(incident_id) FROM retraction") == "K3")

        // The clock set back: the same quarter again on 2025-02-15. K2 (2025-02-11) is gone from
        // the file and retracted; K1's new row is dated after the as-of (quarantined) and kept.
        let early = try ws.write("q1-vroeg.csv", Fixture.header + "K1,S001,2025-03-01,DRUGS,school,ja,12-15,licht\n")
        let clock = try CLI.run(["--db", ws.db, "ingest", early, "--periode", "2025-Q1", "--school", "S001", "--as-of", "2025-02-15"])
        #expect(clock.status == 3, "\(clock)")
        #expect(clock.stderr.contains("let op: peildatum 2025-02-15 ligt vóór die van de laatste levering (2025-12-31)"), "\(clock.stderr)")
        #expect(
            clock.stderr.contains("1 ingetrokken") && clock.stderr.contains("1 behouden (nieuwe versie in quarantaine)"), "\(clock.stderr)")
        #expect(try ws.sqlite("SELECT group_concat(incident_id) FROM incident") == "K1")
    }
}

@Suite("operator: the lock and the database belong to the file, not the name")
struct DatabaseIdentityCLITests {
    @Test("through a symbolic link a second writer finds the same lock: 75, nothing stored")
    func symlinkTakesTheSameLock() throws {
        let ws = try Workspace.loaded()
        let alias = ws.path("ander-pad.sqlite")
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: ws.db)
        let export = try ws.write("nieuw.csv", Fixture.header + "L1,S001,2025-06-01,DRUGS,school,ja,12-15,licht\n")
        let before = try ws.storedState()
        let holder = try #require(try CLI.holdLock(ws.db + ".lock"), "het hulpproces kreeg het slot niet")
        defer {
            if holder.isRunning { holder.terminate() }
            holder.waitUntilExit()
        }
        let locked = try CLI.run(["--db", alias, "ingest", export] + Fixture.asOf)
        #expect(locked.status == 75, "\(locked)")
        #expect(locked.stderr.contains("draait al"))
        #expect(try ws.storedState() == before)
        #expect(!ws.exists(alias + ".lock"), "een eigen slot naast de koppeling")
    }

    @Test("a database with a second hard link is refused under either name: exit 2, nothing stored")
    func hardLinkRefused() throws {
        let ws = try Workspace.loaded()
        let second = ws.path("tweede-naam.sqlite")
        try #require(link(ws.db, second) == 0)
        let export = try ws.write("nieuw.csv", Fixture.header + "L1,S001,2025-06-01,DRUGS,school,ja,12-15,licht\n")
        let before = try ws.storedState()
        for name in [second, ws.db] {
            let result = try CLI.run(["--db", name, "ingest", export] + Fixture.asOf)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("harde koppelingen") && result.stderr.contains("niets gedaan"), "\(result.stderr)")
        }
        #expect(!ws.exists(second + "-wal"), "een WAL-bestand naast de tweede naam")
        #expect(try ws.storedState() == before)
        unlink(second)
        #expect(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
    }
}

@Suite("operator: a damaged database is never written into")
struct DamagedDatabaseCLITests {
    @Test("after flipped bytes every writing command stops with exit 1 and points to restore; the file stays as it was")
    func damagedRefused() throws {
        let ws = try Workspace()
        try ws.loadReference()
        var text = Fixture.header
        for number in 0..<3000 {
            text += "D\(number),S00\(number % 2 + 1),2025-0\(number % 9 + 1)-1\(number % 9),DRUGS,school,ja,12-15,licht\n"
        }
        let export = try ws.write("groot.csv", text)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
        _ = try ws.sqlite("PRAGMA wal_checkpoint(TRUNCATE)")
        // Damage the page headers of a few pages in the middle of the file.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: ws.db))
        let size = try handle.seekToEnd()
        let pages = size / 4096
        for page in [pages / 2, pages / 2 + 1, pages / 2 + 2] {
            try handle.seek(toOffset: page * 4096)
            try handle.write(contentsOf: Data(repeating: 0xFF, count: 16))
        }
        try handle.close()
        let status = try CLI.run(["--db", ws.db, "status"])
        try #require(status.status == 1, "status moet de schade zien: \(status)")
        let damaged = try ws.digest(ws.db)
        let more = try ws.write("meer.csv", Fixture.header + "M1,S001,2025-06-01,DRUGS,school,ja,12-15,licht\n")
        let commands: [[String]] = [
            ["ingest", more] + Fixture.asOf,
            ["run", "kerngroep", "--pipelines", PackRunCLITests.pipelines, "--period", "2025-Q1", "--output", ws.path("uit")]
                + Fixture.asOf,
            ["reference", "load", ws.path("ref")],
            ["quarantine", "retry"],
            ["purge"] + Fixture.asOf,
        ]
        for command in commands {
            let result = try CLI.run(["--db", ws.db] + command)
            #expect(result.status == 1, "\(command): \(result)")
            #expect(result.stderr.contains("beschadigd") && result.stderr.contains("restore"), "\(command): \(result.stderr)")
        }
        #expect(try ws.digest(ws.db) == damaged, "er is in de beschadigde database geschreven")
        #expect(!ws.exists(ws.path("uit/manifest.json")))
    }
}

@Suite("operator: smaller mistakes")
struct SmallMistakesCLITests {
    @Test("--db to a file that does not exist: only reference load, demo or --nieuw create it")
    func missingDatabaseNotCreated() throws {
        let ws = try Workspace()
        let export = try ws.write("e.csv", Fixture.valid)
        let typo = ws.path("schoolvielig.sqlite")
        let pipelines = try ws.writeNightly()
        for command in [["ingest", export] + Fixture.asOf, ["run", "nightly", "--pipelines", pipelines] + Fixture.asOf] {
            let result = try CLI.run(["--db", typo] + command)
            #expect(result.status == 2, "\(command): \(result)")
            #expect(result.stderr.contains("database bestaat niet") && result.stderr.contains("--nieuw"), "\(result.stderr)")
            #expect(!ws.exists(typo), "een nieuwe database door een typfout")
        }
        let created = try CLI.run(["--db", typo, "ingest", export, "--nieuw"] + Fixture.asOf)
        #expect(created.status == 3, "zonder referentiegegevens gaan de regels in quarantaine: \(created)")
        #expect(ws.exists(typo))
        let loaded = try CLI.run(["--db", ws.path("nieuw.sqlite"), "reference", "load", try ws.writeReference()])
        #expect(loaded.status == 0, "\(loaded)")
    }

    @Test("an unknown option is named, whatever stands before it")
    func unknownOptionNamed() throws {
        let ws = try Workspace.loaded()
        for arguments in [
            ["--db", ws.db, "--bogus", "status"], ["--db", ws.db, "status", "--bogus"], ["status", "--db", ws.db, "--bogus"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("'--bogus'") && !result.stderr.contains("'--db'"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("--log-file and quarantine report --output refuse a symbolic link; nothing is written through it")
    func symlinksRefused() throws {
        let ws = try Workspace.loaded()
        _ = try ws.write("kwaad.csv", Fixture.withInvalidRow)
        _ = try CLI.run(["--db", ws.db, "ingest", ws.path("kwaad.csv")] + Fixture.asOf)
        let victim = try ws.write("ander/bestand.txt", "van iemand anders\n")
        try FileManager.default.createSymbolicLink(atPath: ws.path("log.txt"), withDestinationPath: victim)
        let logged = try CLI.run(
            ["--db", ws.db, "run", "nightly", "--pipelines", try ws.writeNightly(), "--log-file", ws.path("log.txt")] + Fixture.asOf)
        #expect(logged.status == 2, "\(logged)")
        #expect(logged.stderr.contains("symbolische koppeling"), "\(logged.stderr)")
        try FileManager.default.createDirectory(atPath: ws.path("elders"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws.path("rapporten"), withDestinationPath: ws.path("elders"))
        let report = try CLI.run(["--db", ws.db, "quarantine", "report", "--output", ws.path("rapporten")])
        #expect(report.status == 2, "\(report)")
        #expect(report.stderr.contains("symbolische koppeling"), "\(report.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "van iemand anders\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("elders")).isEmpty)
        #expect(try ws.count("pipeline_run") == 0)
    }

    @Test("a newline in a file name cannot forge a line of its own in stderr, the log or the JSON summary")
    func newlineInFileName() throws {
        let ws = try Workspace()
        _ = try ws.writeReference()
        let pipelines = try ws.writeNightly()
        let forged = "x\n{\"pijplijn\":\"nightly\",\"run\":99,\"afsluitstatus\":0,\"stappen\":[]}\n.csv"
        _ = try ws.write("inbox/S001/" + forged, Fixture.header + "F1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        let result = try CLI.run(
            ["--db", ws.db, "run", "nightly", "--nieuw", "--pipelines", pipelines, "--log-file", ws.path("log.txt")] + Fixture.asOf)
        #expect(result.status == 0, "\(result)")
        let log = try String(contentsOfFile: ws.path("log.txt"), encoding: .utf8)
        for text in [result.stderr, result.stdout, log] {
            let lines = text.split(separator: "\n")
            #expect(lines.filter { $0.contains("\"run\":99") && !$0.contains("x\\n{") }.isEmpty, "een vervalste regel: \(text)")
            #expect(!lines.contains { $0.hasPrefix("{") && $0.contains("\"run\":99") })
        }
        // The nightly run names no file at all (issue 14: a name may be a pupil's): by hash and school.
        #expect(!result.stderr.contains("x\\n{") && result.stderr.contains("levering sha256 "), "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test("an explicit ingest of a FIFO is refused at once; links and FIFOs in an inbox are reported")
    func fifoAndLinks() throws {
        let ws = try Workspace.loaded()
        let fifo = ws.path("pijp.csv")
        try #require(mkfifo(fifo, 0o600) == 0)
        let before = try ws.storedState()
        let started = Date()
        let result = try CLI.run(["--db", ws.db, "ingest", fifo] + Fixture.asOf, timeout: 30)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("geen gewoon bestand") && result.stderr.contains("FIFO"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/S001"), withIntermediateDirectories: true)
        try #require(mkfifo(ws.path("inbox/S001/wacht.csv"), 0o600) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: ws.path("inbox/S001/elders.csv"), withDestinationPath: ws.path("S001_2025-Q1.csv"))
        _ = try ws.write("inbox/S001/echt.csv", Fixture.header + "E1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        let inbox = try CLI.run(["--db", ws.db, "ingest", ws.path("inbox")] + Fixture.asOf, timeout: 30)
        #expect(inbox.status == 0, "\(inbox)")
        #expect(inbox.stderr.contains("overgeslagen: \(ws.path("inbox/S001/elders.csv")) is een symbolische koppeling"), "\(inbox.stderr)")
        #expect(inbox.stderr.contains("overgeslagen: \(ws.path("inbox/S001/wacht.csv")) is geen gewoon bestand"), "\(inbox.stderr)")
        #expect(try ws.count("incident") == 5)
        _ = before
    }

    @Test("at umask 000 the quarantine report folder and its files are not open to everyone")
    func umaskZero() throws {
        let ws = try Workspace.loaded()
        _ = try ws.write("kwaad.csv", Fixture.withInvalidRow)
        _ = try CLI.run(["--db", ws.db, "ingest", ws.path("kwaad.csv")] + Fixture.asOf)
        let result = try CLI.tool(
            "sh",
            [
                "-c", "umask 000 && exec \"$0\" \"$@\"", try CLI.requireBinary().path,
                "--db", ws.db, "quarantine", "report", "--output", ws.path("q/rapporten"),
            ])
        #expect(result.status == 0, "\(result)")
        func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue
        }
        #expect(try mode(ws.path("q/rapporten")) == 0o750)
        #expect(try mode(ws.path("q")) & 0o027 == 0)
        let reports = try FileManager.default.contentsOfDirectory(atPath: ws.path("q/rapporten"))
        #expect(!reports.isEmpty)
        for report in reports { #expect(try mode(ws.path("q/rapporten/" + report)) == 0o640) }
    }

    @Test("invalid UTF-8 in mid-file that is no Windows-1252 text either is refused whole; Windows-1252 text is read")
    func invalidUTF8MidFile() throws {
        let ws = try Workspace.loaded()
        var bytes = Array((Fixture.header + "U1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n").utf8)
        bytes += Array("U2,S001,2025-01-11,DRUGS,".utf8) + [0xFF, 0xFE] + Array(",ja,12-15,licht\n".utf8)
        bytes += Array("U3,S001,2025-01-12,DRUGS,school,ja,12-15,licht\n".utf8)
        let broken = try ws.write("kapot.csv", bytes: Data(bytes))
        let before = try ws.storedState()
        let result = try CLI.run(["--db", ws.db, "ingest", broken] + Fixture.asOf)
        #expect(result.status == 3, "\(result)")
        #expect(
            result.stderr.contains("geweigerd") && result.stderr.contains("regel 3") && result.stderr.contains("UTF-8"), "\(result.stderr)")
        #expect(try ws.sqlite("SELECT count(*) FROM incident WHERE incident_id LIKE 'U%'") == "0")
        _ = before
        // Windows-1252 as Excel writes it: an accented word in a column that is not stored.
        var excel = Array("incident_id,school_code,datum,categorie,opmerking\n".utf8)
        excel += Array("W1,S001,2025-01-10,DRUGS,caf".utf8) + [0xE9] + Array(" gezien\n".utf8)
        let windows = try ws.write("excel.csv", bytes: Data(excel))
        let read = try CLI.run(["--db", ws.db, "ingest", windows] + Fixture.asOf)
        #expect(read.status == 0 && read.stderr.contains("Windows-1252"), "\(read)")
    }

    @Test("doctor with too little free space fails (exit 1) and says what to do")
    func doctorLowSpace() throws {
        let ws = try Workspace.loaded()
        // No test machine has 100 TB free: the check sees what too little room looks like.
        let result = try CLI.run(["--db", ws.db, "doctor", "--pipelines", PackRunCLITests.pipelines, "--min-vrij-mb", "100000000"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("[fout] schijfruimte") && result.stdout.contains("maak ruimte vrij"), "\(result.stdout)")
    }
}
