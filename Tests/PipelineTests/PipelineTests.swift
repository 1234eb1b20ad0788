import Domain
import Formats
import Foundation
import Ingest
import Pipeline
import Store
import TestSupport
import Testing

@Suite("Pipeline definitions")
struct PipelineDefinitionTests {
    @Test("the shipped nightly pipeline loads")
    func shipped() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let nightly = try PipelineDefinition.load(path: root.appendingPathComponent("pipelines/nightly.yml").path)
        #expect(nightly.stages == [.reference, .ingest, .archive, .purge, .aggregate])
        #expect(Set(["inbox", "archive", "reference"]).isSubset(of: Set(nightly.parameters.keys)))
    }

    @Test(
        "a broken pipeline names file, line and column",
        arguments: [
            ("name: x\nstages: [ingest]\nparameters: {inbox: i}\nfoo: 1\n", "regel 4, kolom 1: onbekende sleutel 'foo'"),
            ("name: x\nstages: [ingest, dance]\nparameters: {inbox: i}\n", "regel 2, kolom 18: onbekende stap 'dance'"),
            ("name: x\nstages: [ingest]\nparameters:\n  inbox: [a, b]\n", "regel 4, kolom 10"),
            ("name: x\nstages: [archive]\nparameters: {inbox: i}\n", "stap 'archive' heeft parameter 'archive' nodig"),
            ("name: x\nstages: ingest\n", "'stages' ontbreekt of is geen lijst"),
            ("name: x\ncadence: weekly\nstages: [purge]\nparameters: {archive: a}\n", "regel 2, kolom 10: onbekende cadans"),
            ("stages: [ingest]\n", "'name' ontbreekt"),
        ])
    func broken(text: String, expected: String) {
        #expect {
            _ = try PipelineDefinition.parse(text, path: "p.yml")
        } throws: { error in
            ((error as? PipelineDefinition.Problem)?.message).map { $0.hasPrefix("p.yml") && $0.contains(expected) } ?? false
        }
    }

    @Test("--set overrides known parameters only")
    func overriding() throws {
        let definition = try PipelineDefinition.parse("name: x\nstages: [ingest]\nparameters: {inbox: a}\n", path: "p.yml")
        #expect(try definition.overriding(["inbox=/srv/in"]).parameters["inbox"] == "/srv/in")
        #expect(throws: UsageError.self) { try definition.overriding(["inbx=/srv/in"]) }
        #expect(throws: UsageError.self) { try definition.overriding(["inbox"]) }
    }
}

@Suite("The nightly run")
struct NightlyRunTests {
    static let header = "incident_id,school_code,datum,categorie,opmerking\n"

    final class Setup {
        let folder: TemporaryFolder
        /// The store of this test, SQLite or PostgreSQL, with direct reads for the checks.
        let database: TestStore
        let pipeline: PipelineDefinition

        init(_ kind: StoreKind = .sqlite) throws {
            folder = try TemporaryFolder()
            try SmallReference.write(in: folder, name: "referentie")
            database = try TestStores.make(kind, in: folder)
            pipeline = try PipelineDefinition.parse(
                """
                name: nightly
                parameters: {inbox: i, archive: a, reference: r, rejected_days: 30}
                stages: [reference, ingest, archive, purge, aggregate]
                """, path: "nightly.yml"
            ).overriding([
                "inbox=\(folder.file("inbox"))", "archive=\(folder.file("archief"))", "reference=\(folder.file("referentie"))",
            ])
            try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        }

        func run(from stage: PipelineDefinition.Stage? = nil, pipeline: PipelineDefinition? = nil) throws -> PipelineRunner.Summary {
            try PipelineRunner(
                database: database.store, pipeline: pipeline ?? self.pipeline, asOf: Day(iso: "2025-06-30")!, fromStage: stage
            ).run { _ in }
        }

        func files(_ name: String) -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: folder.file(name))) ?? []).filter {
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: folder.file("\(name)/\($0)"), isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }.sorted()
        }
    }

    @Test(
        "ingests the inbox, archives only canonical rows named by delivery and school, keeps of a rejected file only hash, masked header and reason; a second run finds nothing",
        arguments: TestStores.kinds)
    func nightly(kind: StoreKind) throws {
        let setup = try Setup(kind)
        try setup.folder.write("inbox/VO1/q1.csv", Self.header + "A,VO1,2025-01-05,PESTEN,Jan Jansen belde\nB,VO1,2025-02-05,DRUGS,\n")
        try setup.folder.write("inbox/PO1/q1.csv", Self.header + "C,PO1,2025-01-05,PESTEN,\nD,VO1,2025-01-06,PESTEN,\n")
        try setup.folder.write("inbox/kapot.csv", "geen,kopregel\n1,2\n")
        // A rejected file kept whole by an earlier version.
        try setup.folder.write("archief/geweigerd/0123456789ab_oud_Jan_Jansen.csv", "incident_id\nJan Jansen\n")
        var reports: [String] = []
        let first = try PipelineRunner(database: setup.database.store, pipeline: setup.pipeline, asOf: Day(iso: "2025-06-30")!).run {
            reports.append($0)
        }
        #expect(first.status == .quarantined)  // D is another school's row in PO1's folder; kapot.csv is rejected
        #expect(first.stages.map(\.stage) == ["reference", "ingest", "archive", "purge", "aggregate"])
        #expect(setup.files("inbox").isEmpty)
        let archived = setup.files("archief")
        let sha = try #require(try setup.database.probe.string("SELECT sha256 FROM rejected_file"))
        #expect(archived == ["000001_PO1.csv", "000002_VO1.csv", "geweigerd/\(sha.prefix(12)).txt"], "\(archived)")
        let note = try String(contentsOfFile: setup.folder.file("archief/geweigerd/\(sha.prefix(12)).txt"), encoding: .utf8)
        #expect(
            note.contains("sha256: \(sha)") && note.contains("kopregel (gemaskeerd): g**n,k******l") && note.contains("vraag de school"),
            "\(note)")
        #expect(!note.contains("geen,kopregel") && !note.contains("kapot") && !note.contains("Jansen"))
        // The run's report names no file: deliveries by hash and school.
        #expect(!reports.joined().contains("q1.csv") && !reports.joined().contains("kapot"), "\(reports)")
        #expect(reports.contains { $0.hasPrefix("levering sha256 ") && $0.contains("school VO1") }, "\(reports)")
        let canonical = try String(contentsOfFile: setup.folder.file("archief/000002_VO1.csv"), encoding: .utf8)
        #expect(canonical.hasPrefix("incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"))
        for file in archived where !file.hasPrefix("geweigerd") {
            let text = try String(contentsOfFile: setup.folder.file("archief/" + file), encoding: .utf8)
            #expect(!text.contains("Jansen"))
            #expect(!text.contains("opmerking"))
        }
        #expect(first.jsonLine.contains("\"pijplijn\":\"nightly\""))

        let second = try setup.run()
        #expect(second.status == .done)
        #expect(second.stages.first { $0.stage == "reference" }?.message == "referentiegegevens ongewijzigd")
        #expect(second.stages.first { $0.stage == "ingest" }?.rows == 0)
        let runs = try setup.database.probe.int("SELECT count(*) FROM pipeline_run WHERE status LIKE 'klaar%'")
        #expect(runs == 2)
        let stages = try setup.database.probe.int("SELECT count(*) FROM pipeline_stage WHERE finished_at IS NOT NULL")
        #expect(stages == 10)
        #expect(second.stages.last?.message == "aggregaten ongewijzigd (niets nieuws)")
    }

    @Test(
        "a run killed after the ingest, while writing an archive file: the next run ingests nothing twice and leaves no stray file",
        arguments: TestStores.kinds)
    func killedBeforeArchive(kind: StoreKind) throws {
        let setup = try Setup(kind)
        try setup.folder.write("inbox/VO1/q1.csv", Self.header + "A,VO1,2025-01-05,PESTEN,\nB,VO1,2025-02-05,DRUGS,\n")
        try setup.folder.write("inbox/PO1/q1.csv", Self.header + "C,PO1,2025-01-05,PESTEN,\n")
        // The killed run: ingested everything, then died while writing the first archive file
        // (its temporary file half written, the inbox untouched).
        let killed = try PipelineDefinition.parse(
            "name: nightly\nparameters: {inbox: i, reference: r}\nstages: [reference, ingest]\n",
            path: "nightly.yml"
        )
        .overriding(["inbox=\(setup.folder.file("inbox"))", "reference=\(setup.folder.file("referentie"))"])
        _ = try setup.run(pipeline: killed)
        try setup.folder.write("archief/.000001_PO1.csv.tmp", "incident_id,school_c")

        let rerun = try setup.run()
        #expect(rerun.stages.first { $0.stage == "ingest" }?.rows == 0, "een ingelezen bestand werd opnieuw ingelezen")
        #expect(rerun.stages.first { $0.stage == "archive" }?.rows == 2)
        let deliveries = try setup.database.probe.int("SELECT count(*) FROM delivery")
        #expect(deliveries == 2)
        #expect(setup.files("inbox").isEmpty)
        #expect(
            setup.files("archief") == ["000001_PO1.csv", "000002_VO1.csv"], "iets bleef in het archief staan: \(setup.files("archief"))")
        let canonical = try String(contentsOfFile: setup.folder.file("archief/000001_PO1.csv"), encoding: .utf8)
        #expect(
            canonical
                == "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\nC,PO1,2025-01-05,PESTEN,onbekend,onbekend,onbekend,onbekend\n"
        )
    }

    @Test(
        "rejected files are purged after rejected_days; a failed stage is logged and the run resumes with --from-stage",
        arguments: TestStores.kinds)
    func purgeAndResume(kind: StoreKind) throws {
        let setup = try Setup(kind)
        try setup.folder.write("inbox/kapot.csv", "geen,kopregel\n1,2\n")
        _ = try setup.run()
        #expect(setup.files("archief").count == 1)
        _ = try setup.run(from: .purge, pipeline: try setup.pipeline.overriding(["rejected_days=0"]))
        #expect(setup.files("archief").isEmpty)

        // The reference folder disappears: the first stage fails, is logged, and nothing else runs.
        try FileManager.default.removeItem(atPath: setup.folder.file("referentie"))
        try setup.folder.write("inbox/VO1/q2.csv", Self.header + "E,VO1,2025-04-05,PESTEN,\n")
        #expect(throws: ReferenceDataError.self) { try setup.run() }
        let failed = try setup.database.probe.string(
            "SELECT status FROM pipeline_stage WHERE stage = 'reference' ORDER BY run_id DESC LIMIT 1")
        #expect(failed == "mislukt")
        #expect(setup.files("inbox") == ["VO1/q2.csv"])
        let resumed = try setup.run(from: .ingest)
        #expect(resumed.stages.map(\.stage) == ["ingest", "archive", "purge", "aggregate"])
        #expect(setup.files("inbox").isEmpty)
    }
}

@Suite("typed pipeline parameters")
struct PipelineParameterTypeTests {
    @Test("a wrong type names file, line and column; --set is checked the same way")
    func types() throws {
        let text = """
            name: nightly
            parameters:
              inbox: inbox
              rejected_days: dertig
            stages: [ingest]

            """
        #expect { try PipelineDefinition.parse(text, path: "p.yml") } throws: { error in
            "\(error)" == "p.yml regel 4, kolom 18: parameter 'rejected_days' moet een geheel aantal dagen (0 of meer) zijn, niet 'dertig'"
        }
        let switched = text.replacingOccurrences(of: "rejected_days: dertig", with: "period_from_file_name: ja")
        #expect { try PipelineDefinition.parse(switched, path: "p.yml") } throws: { error in
            "\(error)".contains("moet true of false zijn")
        }
        let good = try PipelineDefinition.parse(text.replacingOccurrences(of: "dertig", with: "30"), path: "p.yml")
        #expect(throws: UsageError.self) { try good.overriding(["rejected_days=-1"]) }
        #expect(try good.overriding(["rejected_days=7"]).parameters["rejected_days"] == "7")
    }
}

@Suite("pipeline preflight")
struct PipelinePreflightTests {
    @Test("a missing inbox or an archive that cannot be written: usage error before any stage, nothing logged or stored")
    func preflight() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let reference = try SmallReference.write(in: folder)
        try folder.write("inbox/VO1/q1.csv", "incident_id,school_code,datum,categorie\nA,VO1,2025-01-05,PESTEN\n")
        try folder.write("een-bestand", "geen map\n")
        let base = try PipelineDefinition.parse(
            """
            name: nightly
            parameters: {inbox: i, archive: a, reference: r, rejected_days: 30}
            stages: [reference, ingest, archive, purge, aggregate]
            """, path: "nightly.yml")
        for assignments in [
            ["inbox=\(folder.file("geen-inbox"))", "archive=\(folder.file("archief"))"],
            ["inbox=\(folder.file("inbox"))", "archive=\(folder.file("een-bestand/archief"))"],
        ] {
            let pipeline = try base.overriding(assignments + ["reference=\(reference)"])
            #expect(throws: UsageError.self) {
                try PipelineRunner(database: database, pipeline: pipeline, asOf: Day(iso: "2025-06-30")!).run { _ in }
            }
        }
        let runs = try database.probe.int("SELECT count(*) FROM pipeline_run")
        let deliveries = try database.probe.int("SELECT count(*) FROM delivery")
        #expect(runs == 0)
        #expect(deliveries == 0)
        #expect(FileManager.default.fileExists(atPath: folder.file("inbox/VO1/q1.csv")))
        // A missing archive below a writable folder is fine: the archive stage creates it.
        let good = try base.overriding([
            "inbox=\(folder.file("inbox"))", "archive=\(folder.file("nieuw/archief"))", "reference=\(reference)",
        ])
        let summary = try PipelineRunner(database: database, pipeline: good, asOf: Day(iso: "2025-06-30")!).run { _ in }
        #expect(summary.status == .done)
    }
}

@Suite("pipeline paths")
struct PipelinePathTests {
    @Test(
        "a relative path may not leave the run's folder; an absolute one is explicit",
        arguments: [
            ("../archief", false), ("data/../../x", false), ("./data/../archief", true), ("/var/lib/schoolveilig/archief", true),
            ("data/inbox", true),
        ])
    func escape(path: String, allowed: Bool) throws {
        let text = "name: nightly\nparameters:\n  inbox: i\n  archive: \(path)\n  reference: r\nstages: [archive]\n"
        if allowed {
            #expect(try PipelineDefinition.parse(text, path: "p.yml").parameters["archive"] == path)
        } else {
            #expect { try PipelineDefinition.parse(text, path: "p.yml") } throws: {
                "\($0)".contains("verlaat de map") && "\($0)".contains("regel 4")
            }
        }
    }
}
