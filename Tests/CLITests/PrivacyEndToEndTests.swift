import Foundation
import Testing

/// Issue 3's "done when": after ingesting a hostile export full of names, e-mail addresses and
/// BSNs through the real binary, none of those strings can be found in anything it wrote — the
/// database files, the quarantine reports, or what it printed.
@Suite("Privacy end to end")
struct PrivacyEndToEndTests {
    static let secrets = ["Pietersen", "Jansen", "jan.jansen@example.org", "123456782", "0612345678", "1234 AB 12", "111222333"]

    @Test("no personal data of a hostile export anywhere on disk or in the output")
    func hostileExport() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let reference = root.appendingPathComponent("ref")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        try "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Buiten,Buiten-Hout\n".write(
            to: reference.appendingPathComponent("wijken.csv"), atomically: true, encoding: .utf8)
        try "school_code,naam,sector,wijk_code\nVO1,College Proef,VO,W1\n".write(
            to: reference.appendingPathComponent("scholen.csv"), atomically: true, encoding: .utf8)
        try "school_code,schooljaar,leerlingen\nVO1,2024-2025,800\n".write(
            to: reference.appendingPathComponent("leerlingen.csv"), atomically: true, encoding: .utf8)
        let export = root.appendingPathComponent("vijandig.csv")
        try """
        incident_id;school_code;datum;categorie;naam leerling;e-mail ouder;bsn;notitie
        H1;VO1;5-1-2025;Pesten;Piet Pietersen;jan.jansen@example.org;123456782;Jansen belde 0612345678
        123456782;VO1;6-1-2025;Pesten;;;;
        jan.jansen@example.org;VO1;7-1-2025;Pesten;;;;
        H4;111222333;8-1-2025;Pesten;;;;
        H5 1234 AB 12;VO1;9-1-2025;Pesten;;;;

        """.write(to: export, atomically: true, encoding: .utf8)
        let db = root.appendingPathComponent("db.sqlite").path
        var printed = ""
        for arguments in [
            ["reference", "load", reference.path],
            ["ingest", export.path, "--as-of", "2025-06-30"],
            ["quarantine", "report", "--output", root.appendingPathComponent("rapporten").path],
            ["status"],
            ["counts", "--by", "school,categorie", "--format", "json"],
        ] {
            let result = try CLI.run(["--db", db] + arguments)
            printed += result.stdout + result.stderr
            #expect(result.status == 0 || result.status == 3, "\(arguments): \(result)")
        }
        #expect(printed.contains("in quarantaine"))
        var written: [URL] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.path.hasPrefix(reference.path) || url == export { continue }
            written.append(url)
        }
        #expect(written.contains { $0.lastPathComponent.hasPrefix("quarantaine_") })
        for url in written {
            guard let bytes = FileManager.default.contents(atPath: url.path) else { continue }
            for secret in Self.secrets {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(url.lastPathComponent)")
            }
        }
        for secret in Self.secrets {
            #expect(!printed.contains(secret), "\(secret) printed")
        }
    }

    @Test("through the nightly pipeline, a pack, the log file and a backup: still nowhere")
    func nightlyAndPacks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-privacy-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: root) }
        func write(_ relative: String, _ text: String) throws {
            let url = root.appendingPathComponent(relative)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("ref/wijken.csv", "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Buiten,Buiten-Hout\n")
        try write("ref/scholen.csv", "school_code,naam,sector,wijk_code\nVO1,College Proef,VO,W1\n")
        try write("ref/leerlingen.csv", "school_code,schooljaar,leerlingen\nVO1,2024-2025,800\n")
        try write(
            "inbox/VO1/VO1_2025-Q1.csv",
            """
            incident_id;school_code;datum;categorie;naam leerling;e-mail ouder;bsn;notitie
            H1;VO1;5-1-2025;Pesten;Piet Pietersen;jan.jansen@example.org;123456782;Jansen belde 0612345678
            123456782;VO1;6-1-2025;Pesten;;;;
            jan.jansen@example.org;VO1;7-1-2025;Pesten;;;;
            H4;111222333;8-1-2025;Pesten;;;;
            H5 1234 AB 12;VO1;9-1-2025;Pesten;;;;
            H6;VO1;10-1-2025;Wapens;;;;

            """)
        // A file named after a pupil, and a rejected one with her name in the title (issue 14).
        try write("inbox/VO1/Incidenten Sanne de Vries_2025-Q2.csv", "incident_id,school_code,datum,categorie\nN1,VO1,2025-04-02,PESTEN\n")
        try write("inbox/VO1/Brief Bram Bakker.csv", "Melding over Bram Bakker\nzie bijlage\n")
        try write(
            "pipelines/nightly.yml",
            """
            name: nightly
            cadence: daily
            parameters:
              inbox: \(root.appendingPathComponent("inbox").path)
              archive: \(root.appendingPathComponent("archief").path)
              reference: \(root.appendingPathComponent("ref").path)
              rejected_days: 30
              period_from_file_name: true
            stages: [reference, ingest, archive, purge, aggregate]

            """)
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try manager.copyItem(
            at: shipped.appendingPathComponent("pipelines/kerngroep.yml"), to: root.appendingPathComponent("pipelines/kerngroep.yml"))
        let db = root.appendingPathComponent("db.sqlite").path
        let pipelines = root.appendingPathComponent("pipelines").path
        var printed = ""
        for arguments in [
            [
                "run", "nightly", "--nieuw", "--pipelines", pipelines, "--as-of", "2025-06-30", "--log-file",
                root.appendingPathComponent("nightly.log").path,
            ],
            [
                "run", "kerngroep", "--pipelines", pipelines, "--as-of", "2025-06-30", "--period", "2025-Q1",
                "--output", root.appendingPathComponent("overzichten").path,
            ],
            ["backup", root.appendingPathComponent("kopie.sqlite").path],
            ["status"],
        ] {
            let result = try CLI.run(
                ["--db", db] + arguments, environment: ["SCHOOLVEILIG_LOG_FILE": root.appendingPathComponent("alles.log").path])
            printed += result.stdout + result.stderr
            #expect(result.status == 0 || result.status == 3, "\(arguments): \(result)")
        }
        var written: [URL] = []
        let enumerator = manager.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if !url.path.contains("/inbox/") && !url.path.contains("/ref/") { written.append(url) }
        }
        #expect(written.contains { $0.pathExtension == "xlsx" })
        #expect(written.contains { $0.lastPathComponent == "nightly.log" })
        #expect(written.contains { $0.path.contains("/archief/") && $0.pathExtension == "csv" })
        #expect(!manager.fileExists(atPath: root.appendingPathComponent("inbox/VO1/VO1_2025-Q1.csv").path), "de levering is gearchiveerd")
        #expect(
            !manager.fileExists(atPath: root.appendingPathComponent("inbox/VO1/Brief Bram Bakker.csv").path),
            "een geweigerd bestand wordt niet bewaard")
        #expect(written.contains { $0.path.contains("/archief/geweigerd/") && $0.pathExtension == "txt" })
        #expect(printed.contains("geweigerde bestanden (niet bewaard"), "\(printed)")
        for url in written {
            guard let bytes = manager.contents(atPath: url.path) else { continue }
            for secret in Self.secrets + ["Vries", "Bakker"] {
                #expect(url.lastPathComponent.range(of: secret) == nil, "\(secret) in de naam \(url.path)")
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(url.path)")
            }
        }
        for secret in Self.secrets + ["Vries", "Bakker"] { #expect(!printed.contains(secret), "\(secret) printed") }
    }
}
