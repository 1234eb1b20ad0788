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
        _ = try CLI.requireBinary()
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolveilig-oracle-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data").path
        let db = work.appendingPathComponent("db.sqlite").path

        let oracle = try CLI.tool(
            "python3",
            [
                CLI.packageRoot.appendingPathComponent("Tests/oracle/oracle.py").path,
                "--seed", String(seed), "--out", data,
            ])
        try #require(oracle.status == 0, "oracle.py faalde: \(oracle.stderr)")

        let load = try CLI.run(["--db", db, "reference", "load", "\(data)/reference"])
        try #require(load.status == 0, "reference load: status \(load.status): \(load.stderr)")

        let ingest = try CLI.run(["--db", db, "ingest", "\(data)/exports", "--as-of", Self.asOf])
        #expect(ingest.status == 3, "eerste ingest: verwacht 3 (regels in quarantaine), kreeg \(ingest.status): \(ingest.stderr)")

        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: URL(fileURLWithPath: "\(data)/expected/cases.json")))
        #expect(cases.count >= 15)
        let expectedQuarantine = try JSONDecoder().decode(
            [String: Int].self, from: Data(contentsOf: URL(fileURLWithPath: "\(data)/expected/quarantine.json")))

        func checkCounts(_ round: String) throws {
            for entry in cases {
                let expected = try String(contentsOfFile: "\(data)/expected/\(entry.file)", encoding: .utf8)
                let counts = try CLI.run(["--db", db, "counts"] + entry.arguments)
                #expect(
                    counts.status == 0,
                    "\(round) counts \(entry.arguments.joined(separator: " ")): status \(counts.status): \(counts.stderr)")
                let actual = counts.stdout
                #expect(
                    actual == expected,
                    """
                    seed \(seed), \(round): counts \(entry.arguments.joined(separator: " ")) wijkt af van \(entry.file)
                    \(CLI.lineDiff(expected: expected, actual: actual))
                    """)
            }
        }

        // File names are not stored (SPEC §5): deliveries are matched to the exports by their SHA-256.
        let hashes = try CLI.tool("sh", ["-c", "find \"$0\" -type f -exec sha256sum {} +", "\(data)/exports"])
        try #require(hashes.status == 0, "sha256sum: \(hashes.stderr)")
        var fileOfHash: [String: String] = [:]
        for line in hashes.stdout.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            fileOfHash[String(parts[0])] = (parts[1].trimmingCharacters(in: .whitespaces) as NSString).lastPathComponent
        }

        func checkQuarantine(_ round: String) throws {
            let query = """
                SELECT d.sha256, count(DISTINCT q.line) FROM delivery d
                  LEFT JOIN quarantine q ON q.delivery_id = d.id
                 GROUP BY d.id ORDER BY d.id
                """
            let result = try CLI.tool("sqlite3", ["-separator", "|", db, query])
            try #require(result.status == 0, "sqlite3: \(result.stderr)")
            var actual: [String: Int] = [:]
            for line in result.stdout.split(whereSeparator: \.isNewline) {
                guard let bar = line.lastIndex(of: "|"), let count = Int(line[line.index(after: bar)...]) else {
                    Issue.record("onleesbare sqlite3-regel: \(line)")
                    continue
                }
                actual[fileOfHash[String(line[..<bar])] ?? String(line[..<bar])] = count
            }
            #expect(actual == expectedQuarantine, "seed \(seed), \(round): regels in quarantaine per bestand")
        }

        try checkCounts("na eerste ingest")
        try checkQuarantine("na eerste ingest")

        // The same bytes again change nothing (SPEC §2d) and exit 0 (every file already ingested).
        let again = try CLI.run(["--db", db, "ingest", "\(data)/exports", "--as-of", Self.asOf])
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
