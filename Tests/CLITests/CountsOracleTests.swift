import Foundation
import Testing

/// End to end: `schoolveilig counts` must equal an independent count over exports the program has
/// never seen. `Tests/oracle/oracle.py` writes, per seed, a fictional reference set, several
/// canonical exports full of the SPEC's edge cases (§2a, §2d) and the CSV that `counts` must print
/// for each case of its manifest (§3), computed naively in Python without any of the program's code.
/// This test runs the built `schoolveilig` binary on them.
@Suite("counts tegen een onafhankelijk orakel")
struct CountsOracleTests {
    static let asOf = "2025-12-31"

    @Test("counts is gelijk aan het orakel, ook na nogmaals inlezen", arguments: [7, 2024, 31337])
    func countsMatchOracle(seed: Int) throws {
        let binary = try #require(
            Tool.schoolveilig(),
            """
            geen gebouwd 'schoolveilig' gevonden onder \(Tool.packageRoot.path)/.build*/ (debug of release); \
            bouw eerst met 'swift build' (of zet SCHOOLVEILIG_BIN)
            """)
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolveilig-oracle-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data").path
        let db = work.appendingPathComponent("db.sqlite").path

        let oracle = try Tool.run(URL(fileURLWithPath: "/usr/bin/env"),
                                  ["python3", Tool.packageRoot.appendingPathComponent("Tests/oracle/oracle.py").path,
                                   "--seed", String(seed), "--out", data])
        try #require(oracle.status == 0, "oracle.py faalde: \(oracle.stderr)")

        let load = try Tool.run(binary, ["--db", db, "reference", "load", "\(data)/reference"])
        try #require(load.status == 0, "reference load: status \(load.status): \(load.stderr)")

        let ingest = try Tool.run(binary, ["--db", db, "ingest", "\(data)/exports", "--as-of", Self.asOf])
        #expect(ingest.status == 3, "eerste ingest: verwacht 3 (regels in quarantaine), kreeg \(ingest.status): \(ingest.stderr)")

        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: URL(fileURLWithPath: "\(data)/expected/cases.json")))
        #expect(cases.count >= 15)
        let expectedQuarantine = try JSONDecoder().decode(
            [String: Int].self, from: Data(contentsOf: URL(fileURLWithPath: "\(data)/expected/quarantine.json")))

        func checkCounts(_ round: String) throws {
            for entry in cases {
                let expected = try String(contentsOfFile: "\(data)/expected/\(entry.file)", encoding: .utf8)
                let counts = try Tool.run(binary, ["--db", db, "counts"] + entry.arguments)
                #expect(counts.status == 0, "\(round) counts \(entry.arguments.joined(separator: " ")): status \(counts.status): \(counts.stderr)")
                let actual = String(decoding: counts.stdout, as: UTF8.self)
                #expect(actual == expected, """
                    seed \(seed), \(round): counts \(entry.arguments.joined(separator: " ")) wijkt af van \(entry.file)
                    \(Tool.lineDiff(expected: expected, actual: actual))
                    """)
            }
        }

        func checkQuarantine(_ round: String) throws {
            let query = """
                SELECT d.file_name, count(DISTINCT q.line) FROM delivery d
                  LEFT JOIN quarantine q ON q.delivery_id = d.id
                 GROUP BY d.id ORDER BY d.id
                """
            let result = try Tool.run(URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", "-separator", "|", db, query])
            try #require(result.status == 0, "sqlite3: \(result.stderr)")
            var actual: [String: Int] = [:]
            for line in String(decoding: result.stdout, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard let bar = line.lastIndex(of: "|"), let count = Int(line[line.index(after: bar)...]) else {
                    Issue.record("onleesbare sqlite3-regel: \(line)")
                    continue
                }
                actual[(String(line[..<bar]) as NSString).lastPathComponent] = count
            }
            #expect(actual == expectedQuarantine, "seed \(seed), \(round): regels in quarantaine per bestand")
        }

        try checkCounts("na eerste ingest")
        try checkQuarantine("na eerste ingest")

        // The same bytes again change nothing (SPEC §2d) and exit 0 (every file already ingested).
        let again = try Tool.run(binary, ["--db", db, "ingest", "\(data)/exports", "--as-of", Self.asOf])
        #expect(again.status == 0, "tweede ingest van dezelfde map: verwacht 0, kreeg \(again.status): \(again.stderr)")
        try checkCounts("na tweede ingest")
        try checkQuarantine("na tweede ingest")
    }
}

/// One entry of `expected/cases.json`.
private struct Case: Decodable {
    let by: String
    let from: String?
    let to: String?
    let file: String

    var arguments: [String] {
        ["--by", by] + (from.map { ["--from", $0] } ?? []) + (to.map { ["--to", $0] } ?? [])
    }
}

private enum Tool {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
    }

    /// The package root: the first folder above this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The newest built `schoolveilig`: `SCHOOLVEILIG_BIN`, else beside the running test bundle,
    /// else in any `.build*` scratch folder of the package (debug or release, with or without triple).
    static func schoolveilig() -> URL? {
        let manager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SCHOOLVEILIG_BIN"], manager.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        var folders: [URL] = []
        for url in [Bundle.main.bundleURL, Bundle.main.executableURL].compactMap({ $0 }) {
            folders += [url, url.deletingLastPathComponent(), url.deletingLastPathComponent().deletingLastPathComponent()]
        }
        let scratch = (try? manager.contentsOfDirectory(atPath: packageRoot.path))?.filter { $0.hasPrefix(".build") } ?? []
        for name in scratch {
            let root = packageRoot.appendingPathComponent(name)
            let triples = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
            for sub in ["debug", "release"] + triples.flatMap({ ["\($0)/debug", "\($0)/release"] }) {
                folders.append(root.appendingPathComponent(sub))
            }
        }
        let candidates = folders.map { $0.appendingPathComponent("schoolveilig") }
            .filter { manager.isExecutableFile(atPath: $0.path) }
        func modified(_ url: URL) -> Date {
            ((try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return candidates.max { modified($0) < modified($1) }
    }

    /// Runs a program to its end; output goes through files so that no pipe can fill up.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Result {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("schoolveilig-run-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        manager.createFile(atPath: outURL.path, contents: nil)
        manager.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SCHOOLVEILIG_DB")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: try Data(contentsOf: outURL),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// The lines only one side has, for a readable failure.
    static func lineDiff(expected: String, actual: String) -> String {
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let missing = want.filter { !got.contains($0) }.prefix(12)
        let extra = got.filter { !want.contains($0) }.prefix(12)
        return "alleen verwacht: \(missing.joined(separator: " ⏎ "))\nalleen gekregen: \(extra.joined(separator: " ⏎ "))"
    }
}
