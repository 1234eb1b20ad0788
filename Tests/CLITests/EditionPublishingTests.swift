import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A multi-pack run (stadsdeel: one pack per gebied) is published as one edition: killed at
/// every step of the publication, forced there by `SCHOOLVEILIG_PAUZE_BIJ` (not by timing), the
/// output folder shows the old edition whole or the new one whole, never a mix; and a run
/// afterwards leaves exactly the new edition.
@Suite("packs: a new edition becomes visible as a whole", .serialized)
struct EditionPublishingTests {
    static let wijken = """
        wijk_code,wijk_naam,stadsdeel,gebied
        W01,Centrum,Stad,Oost-Haven
        W02,Noorderplassen,Buiten,Buiten-Hout
        W03,Poort,Poort,West-Poort

        """
    static let scholen =
        "school_code,naam,sector,wijk_code\n" + (1...6).map { "S00\($0),School \($0),VO,W0\(($0 - 1) % 3 + 1)" }.joined(separator: "\n")
        + "\n"
    static let leerlingen =
        "school_code,schooljaar,leerlingen\n" + (1...6).map { "S00\($0),2024-2025,\(300 + 100 * $0)" }.joined(separator: "\n") + "\n"

    /// A database with 400 incidents in 2025-H1 over six VO schools in three gebieden.
    static func workspace() throws -> Workspace {
        let ws = try Workspace()
        let reference = try ws.writeReference(wijken: wijken, scholen: scholen, leerlingen: leerlingen)
        try #require(try CLI.run(["--db", ws.db, "reference", "load", reference]).status == 0)
        let categories = ["DRUGS", "DIEFSTAL", "BEDREIGING", "PESTEN"]
        var text = Fixture.header
        for number in 0..<400 {
            text +=
                "I\(number),S00\(number % 6 + 1),2025-0\(number % 6 + 1)-\(10 + number % 17),\(categories[number * 7 % 4]),school,ja,12-15,licht\n"
        }
        try #require(try CLI.run(["--db", ws.db, "ingest", try ws.write("h1.csv", text)] + Fixture.asOf).status == 0)
        return ws
    }

    static func run(_ ws: Workspace, output: String, database: String, extra: [String] = []) -> [String] {
        [
            "--db", database, "run", "stadsdeel", "--pipelines", PackRunCLITests.pipelines, "--period", "2025-H1",
            "--output", output,
        ] + Fixture.asOf + extra
    }

    /// What a reader sees: every visible (not hidden) file, links followed, by relative path.
    static func visible(_ output: String) -> [String: Data] {
        var files: [String: Data] = [:]
        func walk(_ folder: String, _ prefix: String) {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []) where !name.hasPrefix(".") {
                let path = (folder as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }  // a link to nothing
                if isDirectory.boolValue {
                    walk(path, prefix + name + "/")
                } else if let data = FileManager.default.contents(atPath: path) {
                    files[prefix + name] = data
                }
            }
        }
        walk(output, "")
        return files
    }

    /// Copies a folder with its links as links.
    static func copy(_ source: String, _ target: String) throws {
        let result = try CLI.tool("cp", ["-a", source, target])
        try #require(result.status == 0, "cp: \(result.stderr)")
    }

    /// Starts the binary with the pause hook and waits until it pauses; nil when it ended first.
    static func startPaused(_ arguments: [String], at step: String, stderr: String) throws -> Process? {
        let process = Process()
        process.executableURL = try CLI.requireBinary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SCHOOLVEILIG_DB")
        environment["SCHOOLVEILIG_PAUZE_BIJ"] = step
        process.environment = environment
        FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOfFile: stderr, encoding: .utf8), text.contains("pauze bij \(step)") { return process }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test(
        "killed at every step of publishing: the old edition whole, or the new one whole; the next run leaves the new one",
        arguments: ["voor-koppelingen", "voor-wissel", "na-wissel", "na-manifest"])
    func killAtEveryStep(_ step: String) throws {
        let ws = try Self.workspace()
        // The earlier edition (another CSV dialect: other files; one publication has one threshold), then a reference of the new one.
        let old = ws.path("oud")
        try #require(try CLI.run(Self.run(ws, output: old, database: ws.db, extra: ["--set", "csv_dialect=excel-nl"])).status == 0)
        let oldEdition = Self.visible(old)
        try #require(oldEdition.count > 10 && oldEdition.keys.filter { $0.hasSuffix(".xlsx") }.count == 3, "\(oldEdition.keys.sorted())")
        try FileManager.default.copyItem(atPath: ws.db, toPath: ws.path("kopie.sqlite"))
        let reference = ws.path("referentie")
        try Self.copy(old, reference)
        try #require(try CLI.run(Self.run(ws, output: reference, database: ws.path("kopie.sqlite"))).status == 0)
        let newEdition = Self.visible(reference)
        try #require(newEdition != oldEdition && newEdition.keys.sorted() == oldEdition.keys.sorted())

        let output = ws.path("proef")
        try Self.copy(old, output)
        let process = try #require(
            try Self.startPaused(Self.run(ws, output: output, database: ws.db), at: step, stderr: ws.path("stderr")),
            "de run pauzeerde niet bij \(step): \((try? String(contentsOfFile: ws.path("stderr"), encoding: .utf8)) ?? "")")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let seen = Self.visible(output)
        let expected = ["voor-koppelingen", "voor-wissel"].contains(step) ? oldEdition : newEdition
        #expect(
            seen == expected,
            "na een kill bij \(step) staat er niet precies één editie: \(seen.keys.filter { seen[$0] != expected[$0] }.sorted())")

        let again = try CLI.run(Self.run(ws, output: output, database: ws.db))
        #expect(again.status == 0, "\(again)")
        #expect(Self.visible(output) == newEdition)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: output + "/.edities")
        #expect(hidden.count == 1, "oude of halve edities bleven staan: \(hidden)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: output)).contains { $0.hasSuffix(".tmp") || $0.contains(".tmp-") })
    }

    @Test("the packs the user opens are in the output folder under their names, mode 0640 behind the link")
    func namesInTheOutputFolder() throws {
        let ws = try Self.workspace()
        let output = ws.path("uit")
        try #require(try CLI.run(Self.run(ws, output: output, database: ws.db)).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: output).filter { !$0.hasPrefix(".") }.sorted()
        #expect(
            names == ["manifest.json"]
                + ["Buiten-Hout", "Oost-Haven", "West-Poort"].flatMap { ["stadsdeel_2025-H1_\($0)", "stadsdeel_2025-H1_\($0).xlsx"] }
                .sorted())
        let real = try #require(
            realpath(output + "/stadsdeel_2025-H1_Oost-Haven.xlsx", nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            })
        let mode = try #require(FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? NSNumber).intValue
        #expect(mode == 0o640)
        #expect(Self.visible(output)["stadsdeel_2025-H1_Oost-Haven/kerncijfers.csv"] != nil)
    }
}
