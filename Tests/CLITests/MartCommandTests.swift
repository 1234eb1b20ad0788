import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("cijfers, naleving, aanlevering en status vanaf de opdrachtregel")
struct MartCommandTests {
    @Test(
        "cijfers per stadsdeel: aantallen gelijk aan counts, per 1000 leerlingen, een school zonder levering leeg (leerlingen uit de referentie)"
    )
    func figures() throws {
        let ws = try Workspace()
        try ws.loadReference()
        // Only S001 delivers, and declares the first quarter by its file name.
        let export = try ws.write(
            "S001_2025-Q1.csv",
            Fixture.header + """
                I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht
                I2,S001,2025-02-11,Diefstal,omgeving,nee,0-11,middel

                """)
        let ingest = try CLI.run(["--db", ws.db, "ingest", "--periode-uit-naam", export] + Fixture.asOf)
        try #require(ingest.status == 0, "\(ingest)")
        let figures = try CLI.run(["--db", ws.db, "cijfers", "--by", "stadsdeel", "--period", "2025-Q1"] + Fixture.asOf)
        #expect(figures.status == 0, "\(figures)")
        #expect(
            figures.stdout == """
                periode,stadsdeel,aantal,leerlingen,per_1000,aanlevering
                2025-Q1,Buiten,,900.0,,niet aangeleverd
                2025-Q1,Stad,2,300.0,6.67,volledig

                """, "\(figures.stdout)")
        let completeness = try CLI.run(
            ["--db", ws.db, "aanlevering", "--by", "school", "--period", "2025-Q1", "--format", "json"] + Fixture.asOf)
        #expect(completeness.status == 0, "\(completeness)")
        #expect(
            completeness.stdout.contains(
                "\"school\": \"S002\", \"scholen\": 1, \"volledig\": 0, \"gedeeltelijk\": 0, \"niet_aangeleverd\": 1"),
            "\(completeness.stdout)")
        let compliance = try CLI.run(["--db", ws.db, "naleving", "--period", "2025-Q1", "--sector", "PO"] + Fixture.asOf)
        #expect(compliance.status == 0, "\(compliance)")
        #expect(compliance.stdout.contains("2025-Q1,ja,2,1,1,0,50.0,naleving"), "\(compliance.stdout)")
    }

    @Test(
        "verkeerd gebruik: status 2 met een Nederlandse melding",
        arguments: [
            (["cijfers", "--period", "2025-01-05..2025-02-10"], "hele maanden"),
            (["cijfers", "--period", "2025-Q5"], "niet herkend"),
            (["cijfers", "--period", "2025", "--by", "maand,kwartaal"], "tijdsindeling"),
            (["cijfers", "--period", "2025", "--sector", "XO"], "onbekende sector"),
            (["naleving", "--period", "2025", "--by", "politie"], "onbekende dimensie"),
            (["aanlevering", "--period", "2025", "--by", "categorie"], "onbekende dimensie"),
        ])
    func usage(_ arguments: [String], _ message: String) throws {
        let ws = try Workspace()
        try ws.loadReference()
        let result = try CLI.run(["--db", ws.db] + arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("status: databasecontrole, laatste run per pijplijn, ontbrekende leveringen, quarantaine")
    func status() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("with-invalid.csv", Fixture.withInvalidRow)
        #expect(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 3)
        let status = try CLI.run(["--db", ws.db, "status", "--as-of", "2025-06-15"])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("controle: in orde"), "\(status.stdout)")
        #expect(status.stdout.contains("quarantaine: 1 regels"), "\(status.stdout)")
        // On 15 June the ended months of 2025-Q2 are April and May; S001 and S002 delivered May only.
        #expect(status.stdout.contains("ontbrekende leveringen 2025-Q2 t/m 2025-05 (2 scholen):"), "\(status.stdout)")
        #expect(status.stdout.contains("  S001: 2025-04\n"), "\(status.stdout)")
        #expect(status.stdout.contains("laatste runs: nog geen"), "\(status.stdout)")
    }
}

@Suite("run en het slot")
struct RunLockCLITests {
    @Test("run nightly terwijl een ander proces het slot houdt: 75 'draait al', niets gedaan; daarna draait hij wel")
    func nightlyLocked() throws {
        let ws = try Workspace()
        try ws.loadReference()
        try FileManager.default.createDirectory(atPath: ws.path("inbox/S001"), withIntermediateDirectories: true)
        _ = try ws.write("inbox/S001/S001_2025-Q1.csv", Fixture.header + "I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        _ = try ws.write(
            "pipelines/nightly.yml",
            """
            name: nightly
            cadence: daily
            parameters:
              inbox: \(ws.path("inbox"))
              archive: \(ws.path("archief"))
              reference: \(ws.path("ref"))
              rejected_days: 30
              period_from_file_name: true
            stages: [reference, ingest, archive, purge, aggregate]

            """)
        let run = ["--db", ws.db, "run", "nightly", "--pipelines", ws.path("pipelines")] + Fixture.asOf
        let holder = try #require(try CLI.holdLock(ws.db + ".lock"), "het hulpproces kreeg het slot niet")
        defer {
            if holder.isRunning { holder.terminate() }
            holder.waitUntilExit()
        }
        let started = Date()
        let locked = try CLI.run(run)
        #expect(locked.status == 75, "\(locked)")
        #expect(locked.stderr.contains("draait al"), "\(locked.stderr)")
        #expect(Date().timeIntervalSince(started) < 10, "de tweede run moet meteen stoppen, niet wachten")
        #expect(locked.stdout.isEmpty)
        #expect(try ws.count("pipeline_run") == 0)
        #expect(try ws.count("delivery") == 0)
        #expect(ws.exists(ws.path("inbox/S001/S001_2025-Q1.csv")))

        holder.terminate()
        holder.waitUntilExit()
        let after = try CLI.run(run)
        #expect(after.status == 0, "\(after)")
        #expect(after.stdout.hasPrefix("{\"pijplijn\":\"nightly\""), "\(after.stdout)")
        #expect(try ws.sqlite("SELECT period_from || '..' || period_to FROM delivery_period") == "2025-01-01..2025-03-31")
    }
}

@Suite("run met overzichten vanaf de opdrachtregel")
struct PackRunCLITests {
    static let pipelines: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("pipelines").path
    }()

    func loaded() throws -> Workspace {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("S001_2025-Q1.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
        return ws
    }

    @Test("run kerngroep --period 2025-Q1 --csv-dialect excel-nl: werkboek, CSV en manifest; JSON-samenvatting")
    func kerngroep() throws {
        let ws = try loaded()
        let result = try CLI.run(
            [
                "--db", ws.db, "run", "kerngroep", "--pipelines", Self.pipelines, "--period", "2025-Q1",
                "--csv-dialect", "excel-nl", "--output", ws.path("uit"),
            ] + Fixture.asOf)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("{\"pijplijn\":\"kerngroep\""), "\(result.stdout)")
        #expect(ws.exists(ws.path("uit/kerngroep_2025-Q1.xlsx")))
        #expect(ws.exists(ws.path("uit/manifest.json")))
        let csv = try Data(contentsOf: URL(fileURLWithPath: ws.path("uit/kerngroep_2025-Q1/kerncijfers.csv")))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // The name in the output folder links into the current edition; the file itself is 0640.
        let workbook = try #require(
            realpath(ws.path("uit/kerngroep_2025-Q1.xlsx"), nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            })
        let mode = try #require(FileManager.default.attributesOfItem(atPath: workbook)[.posixPermissions] as? NSNumber).intValue
        #expect(mode == 0o640, "\(String(mode, radix: 8))")
    }

    @Test(
        "verkeerde invoer: status 2, een Nederlandse melding, niets geschreven",
        arguments: [
            (["--period", "2025-Q9"], "niet herkend"),
            (["--period", "2010-Q1"], "geen leveringen"),
            (["--output", "BESTAND"], "uitvoermap"),
            (["--output", "KOPPELING"], "symbolische koppeling"),
            (["--csv-dialect", "excel-de"], "csv_dialect"),
        ])
    func badInput(_ extra: [String], _ message: String) throws {
        let ws = try loaded()
        _ = try ws.write("een-bestand", "x\n")
        try FileManager.default.createDirectory(atPath: ws.path("echt"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws.path("koppeling"), withDestinationPath: ws.path("echt"))
        let arguments = extra.map { $0 == "BESTAND" ? ws.path("een-bestand/uit") : $0 == "KOPPELING" ? ws.path("koppeling") : $0 }
        var command = ["--db", ws.db, "run", "kerngroep", "--pipelines", Self.pipelines] + Fixture.asOf
        if !arguments.contains("--output") { command += ["--output", ws.path("uit")] }
        let result = try CLI.run(command + arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!ws.exists(ws.path("uit/manifest.json")))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: ws.path("echt"))) ?? []).isEmpty)
        let unknown = try CLI.run(["--db", ws.db, "run", "bestaat-niet", "--pipelines", Self.pipelines])
        #expect(unknown.status == 2 && unknown.stderr.contains("niet gevonden"), "\(unknown)")
    }
}

@Suite("doctor, backup en restore vanaf de opdrachtregel")
struct CareCLITests {
    @Test("doctor: 0 op een goede installatie, 1 zonder database; backup en restore met --vervang")
    func care() throws {
        let ws = try Workspace()
        let missing = try CLI.run(["--db", ws.db, "doctor", "--pipelines", PackRunCLITests.pipelines])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stdout.contains("[fout] database"), "\(missing.stdout)")
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
        let doctor = try CLI.run(["--db", ws.db, "doctor", "--pipelines", PackRunCLITests.pipelines])
        #expect(doctor.status == 0, "\(doctor)")
        for subject in ["libxlsxwriter", "integriteit", "referentiegegevens", "schijfruimte", "pijplijnen"] {
            #expect(doctor.stdout.contains("[in orde] \(subject)"), "\(subject): \(doctor.stdout)")
        }
        let backup = try CLI.run(["--db", ws.db, "backup", ws.path("kopie.sqlite")])
        #expect(backup.status == 0, "\(backup)")
        #expect(try ws.count("incident", database: ws.path("kopie.sqlite")) == 4)
        let again = try CLI.run(["--db", ws.db, "backup", ws.path("kopie.sqlite")])
        #expect(again.status == 2, "\(again)")
        _ = try ws.sqlite("DELETE FROM incident")
        let unconfirmed = try CLI.run(["--db", ws.db, "restore", ws.path("kopie.sqlite")])
        #expect(unconfirmed.status == 2 && unconfirmed.stderr.contains("--vervang"), "\(unconfirmed)")
        let restore = try CLI.run(["--db", ws.db, "restore", ws.path("kopie.sqlite"), "--vervang"])
        #expect(restore.status == 0, "\(restore)")
        #expect(try ws.count("incident") == 4)
    }
}

@Suite("grenzen voor een levering")
struct IngestLimitCLITests {
    @Test(
        "te groot bestand, te lange regel, te veel kolommen: geweigerd met de grens en de instelling, niets opgeslagen",
        arguments: [
            ("--max-bestand-mb", "1", "max_file_mb"), ("--max-regel-kb", "1", "max_record_kb"), ("--max-kolommen", "8", "max_columns"),
        ])
    func limit(option: String, value: String, setting: String) throws {
        let ws = try Workspace()
        try ws.loadReference()
        var text = Fixture.header.replacingOccurrences(of: "\n", with: ",opmerking\n")
        text += "I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht,\(String(repeating: "x", count: 2000))\n"
        if option == "--max-bestand-mb" {
            for index in 0..<12_000 {
                text += "J\(index),S001,2025-01-10,DRUGS,school,ja,12-15,licht,\(String(repeating: "y", count: 80))\n"
            }
        }
        let export = try ws.write("groot.csv", text)
        let result = try CLI.run(["--db", ws.db, "ingest", export, option, value] + Fixture.asOf)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains(setting), "\(result.stderr)")
        #expect(try ws.count("incident") == 0)
        let fine = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(fine.status == 0, "zonder die grens gaat het wel: \(fine)")
    }
}

@Suite("lezen terwijl een run schrijft")
struct ReadersDuringWriteCLITests {
    @Test("counts en status werken terwijl een ingest schrijft (WAL); de ingest maakt zijn werk af")
    func readersDuringWrite() throws {
        let ws = try Workspace()
        try ws.loadReference()
        try #require(try CLI.run(["--db", ws.db, "ingest", try ws.write("eerst.csv", Fixture.valid)] + Fixture.asOf).status == 0)
        var text = Fixture.header
        for index in 0..<300_000 {
            text += "W\(index),S00\(index % 2 + 1),2025-0\(index % 9 + 1)-1\(index % 9),PESTEN,school,nee,12-15,licht\n"
        }
        let big = try ws.write("groot.csv", text)
        let writer = try CLI.start(try CLI.requireBinary().path, ["--db", ws.db, "ingest", big, "--as-of", "2025-12-31"])
        defer { if writer.isRunning { writer.terminate() } }
        var readsDuringWrite = 0
        while writer.isRunning {
            let counts = try CLI.run(["--db", ws.db, "counts", "--by", "school"])
            let status = try CLI.run(["--db", ws.db, "status"])
            #expect(counts.status == 0, "\(counts)")
            #expect(status.status == 0, "\(status)")
            if writer.isRunning { readsDuringWrite += 1 }
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(readsDuringWrite > 0, "de ingest was klaar voordat er gelezen kon worden")
        #expect(try ws.count("incident") == 300_004)
    }
}
