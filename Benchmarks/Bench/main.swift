// schoolveilig-bench: times `schoolveilig ingest` on a generated canonical export of N rows
// against the sqlite3 tool's own `.import` of the same file, and reports peak memory.
// Run through scripts/bench.sh (make bench); see BenchOptions.usage for the arguments.
import Demo
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Unbuffered output, so progress shows at once also when piped (e.g. through tee).
func say(_ text: String = "") { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

func path(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

func executableDirectory() -> String {
    let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (resolved as NSString).deletingLastPathComponent
}

func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/schoolveilig-bench-XXXXXX".utf8CString)
    guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw BenchError("cannot create a work folder under /tmp: \(String(cString: strerror(errno)))")
    }
    return String(cString: created)
}

/// The 1, 5 and 15 minute load averages: wall times on a busy machine (a parallel build) are not comparable.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

func busyWarning(_ load: String) -> String {
    let oneMinute = Double(load.split(separator: " ").first ?? "") ?? 0
    let cores = ProcessInfo.processInfo.activeProcessorCount
    return oneMinute > Double(cores) * 0.75 ? "   (busy machine: wall times are inflated; compare the cpu times)" : ""
}

func format(_ value: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }

/// Shows the tail of a child's log, indented (for failures and the ingest's own summary line).
func tail(_ file: String, lines: Int = 10) -> String {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).map { "    " + $0 }.joined(separator: "\n")
}

func runBench(_ options: BenchOptions) throws -> Bool {
    let work = try options.workDirectory ?? makeTemporaryDirectory()
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer {
        if options.keep {
            say("work folder kept: \(work)")
        } else {
            try? FileManager.default.removeItem(atPath: work)
        }
    }
    let schoolveilig = options.schoolveilig ?? path(executableDirectory(), "schoolveilig")
    guard FileManager.default.isExecutableFile(atPath: schoolveilig) else {
        throw BenchError("no executable schoolveilig at \(schoolveilig) (build it, or pass --schoolveilig PATH)")
    }
    let referenceFolder = path(work, "referentie")
    let export = path(work, "export_\(options.rows).csv")
    let benchDB = path(work, "bench.sqlite")
    let importDB = path(work, "import.sqlite")
    for stale in [benchDB, benchDB + "-wal", benchDB + "-shm", benchDB + ".lock", importDB, importDB + "-journal"] {
        try? FileManager.default.removeItem(atPath: stale)
    }

    say("schoolveilig-bench: \(options.rows) rows (\(options.flavour.rawValue)), work folder \(work)")
    say("  cli:     \(schoolveilig)")
    let startLoad = loadAverage()
    say("  load:    \(startLoad) (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

    // 1. Demo reference data.
    try DemoReference.write(DemoReference.make(), to: referenceFolder)
    let schools = try ExportGenerator.schoolCodes(inScholenCSV: path(referenceFolder, "scholen.csv"))

    // 2. The export, streamed to disk.
    let generationStart = ChildProcess.monotonicSeconds()
    let size = try ExportGenerator.write(rows: options.rows, schoolCodes: schools, to: export, flavour: options.flavour)
    let sizeMB = Double(size) / 1_048_576
    say(
        "  export:  \(export) (\(format(sizeMB, 1)) MB, \(schools.count) schools, generated in \(format(ChildProcess.monotonicSeconds() - generationStart)) s)"
    )

    // 3. The real CLI: load the reference data (untimed), then the timed ingest.
    // 3 and 4, alternating over `--repeat` rounds (median reported, so a moment of load on the
    // machine does not decide the verdict): the real CLI — a fresh database, the reference data
    // loaded untimed, then the timed ingest — and sqlite3's own .import of the same file into a
    // table of the same shape.
    // Two set-ups side by side: a table keyed on (school_code, incident_id) WITHOUT ROWID, the
    // shape the ingest writes (the target), and a plain 8-column table without a key.
    let script = path(work, "import.sql")
    let plainScript = path(work, "import-plain.sql")
    let plainDB = path(work, "import-plain.sqlite")
    let windows = options.flavour == .windows1252
    let columns = """
            incident_id TEXT NOT NULL, school_code TEXT NOT NULL, datum TEXT NOT NULL, categorie TEXT NOT NULL,
            locatie TEXT NOT NULL, politie TEXT NOT NULL, leeftijd TEXT NOT NULL, ernst TEXT NOT NULL\(windows ? ", opmerking TEXT" : "")
        """
    let importCommands = """
        .mode csv
        .separator "\(windows ? ";" : ",")"
        .import --skip 1 '\(export)' incident_csv

        """
    try "CREATE TABLE incident_csv (\n\(columns),\n    PRIMARY KEY (school_code, incident_id)\n) WITHOUT ROWID;\n\(importCommands)"
        .write(toFile: script, atomically: true, encoding: .utf8)
    try "CREATE TABLE incident_csv (\n\(columns)\n);\n\(importCommands)".write(toFile: plainScript, atomically: true, encoding: .utf8)
    let ingestLog = path(work, "ingest.err")
    var ingests: [ChildResult] = []
    var imports: [ChildResult] = []
    var plainImports: [ChildResult] = []
    var redeliveries: [ChildResult] = []
    let redelivery = path(work, "export_\(options.rows)_crlf.csv")
    try ExportGenerator.convertToCRLF(export, to: redelivery)
    let redeliveryLog = path(work, "redelivery.err")
    for round in 1...options.repeats {
        for stale in [benchDB, benchDB + "-wal", benchDB + "-shm", importDB, importDB + "-journal", plainDB, plainDB + "-journal"] {
            try? FileManager.default.removeItem(atPath: stale)
        }
        let load = try ChildProcess.run(
            schoolveilig, ["--db", benchDB, "reference", "load", referenceFolder],
            stdoutPath: path(work, "reference-load.out"), stderrPath: path(work, "reference-load.err"))
        guard load.succeeded else {
            say("FAIL: reference load \(load.statusText)\n" + tail(path(work, "reference-load.err")))
            return false
        }
        let ingest = try ChildProcess.run(
            schoolveilig, ["--db", benchDB, "ingest", export, "--as-of", "2026-11-30"],
            stdoutPath: path(work, "ingest.out"), stderrPath: ingestLog)
        let sqliteImport = try ChildProcess.run(
            "sqlite3", ["-bail", importDB], stdinPath: script,
            stdoutPath: path(work, "import.out"), stderrPath: path(work, "import.err"))
        let plainImport = try ChildProcess.run(
            "sqlite3", ["-bail", plainDB], stdinPath: plainScript,
            stdoutPath: path(work, "import-plain.out"), stderrPath: path(work, "import-plain.err"))
        // A re-delivery: the same rows again in other bytes (CRLF line ends), so every row is
        // compared with its stored version and found unchanged.
        let again = try ChildProcess.run(
            schoolveilig, ["--db", benchDB, "ingest", redelivery, "--as-of", "2026-11-30"],
            stdoutPath: path(work, "redelivery.out"), stderrPath: redeliveryLog)
        say(
            "  round \(round): ingest \(format(ingest.seconds)) s (\(ingest.statusText)), sqlite3 .import keyed \(format(sqliteImport.seconds)) s, plain \(format(plainImport.seconds)) s, re-delivery \(format(again.seconds)) s (\(again.statusText))"
        )
        ingests.append(ingest)
        imports.append(sqliteImport)
        plainImports.append(plainImport)
        redeliveries.append(again)
        if !ingest.succeeded || !sqliteImport.succeeded || !plainImport.succeeded || !again.succeeded { break }
    }
    func median(_ results: [ChildResult]) -> ChildResult {
        results.sorted { $0.seconds < $1.seconds }[results.count / 2]
    }
    let ingest = ingests.contains { !$0.succeeded } ? ingests.first { !$0.succeeded }! : median(ingests)
    let sqliteImport = imports.contains { !$0.succeeded } ? imports.first { !$0.succeeded }! : median(imports)
    let plainImport = plainImports.contains { !$0.succeeded } ? plainImports.first { !$0.succeeded }! : median(plainImports)
    let again = redeliveries.contains { !$0.succeeded } ? redeliveries.first { !$0.succeeded }! : median(redeliveries)
    say(tail(ingestLog, lines: 5))
    if !sqliteImport.succeeded {
        say("  sqlite3 .import: \(sqliteImport.statusText)\n" + tail(path(work, "import.err")))
    }
    if !plainImport.succeeded {
        say("  sqlite3 .import (plain): \(plainImport.statusText)\n" + tail(path(work, "import-plain.err")))
    }
    say("  re-delivery: \(again.statusText)")
    say(tail(redeliveryLog, lines: 5))
    // The same file again, byte for byte: recognised by its hash, nothing read.
    let sameBytes = try ChildProcess.run(
        schoolveilig, ["--db", benchDB, "ingest", export, "--as-of", "2026-11-30"],
        stdoutPath: path(work, "same.out"), stderrPath: path(work, "same.err"))

    // 5. Sanity checks: the rows that landed in both databases.
    func count(_ database: String, _ table: String, _ name: String) throws -> Int? {
        let out = path(work, "\(name).out")
        let result = try ChildProcess.run(
            "sqlite3", [database, "select count(*) from \(table)"],
            stdoutPath: out, stderrPath: path(work, "\(name).err"))
        guard result.succeeded else { return nil }
        return Int(((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }
    let stored = ingest.succeeded ? try count(benchDB, "incident", "count-bench") : nil
    let imported = sqliteImport.succeeded ? try count(importDB, "incident_csv", "count-import") : nil

    let ratio = ingest.seconds / sqliteImport.seconds
    let ratioMet = ratio <= 1.0
    let plainRatio = ingest.seconds / plainImport.seconds
    let rssMet = ingest.peakRSSMB <= 100 && again.peakRSSMB <= 100
    let redeliveryMet = again.seconds <= ingest.seconds
    func verdict(_ met: Bool) -> String { met ? "PASS" : "MISS" }
    func rss(_ result: ChildResult) -> String {
        format(result.peakRSSMB, 1) + " MB" + (result.rssIncludesBench ? " (at least the bench's own peak)" : "")
    }
    say(
        """

        === schoolveilig ingest benchmark ===
        rows                      \(options.rows)
        file size                 \(format(sizeMB, 1)) MB
        rounds                    \(ingests.count) (median of each side)
        ingest                    \(format(ingest.seconds)) s   (\(ingest.statusText); cpu \(format(ingest.cpuSeconds)) s)
        sqlite3 .import, keyed    \(format(sqliteImport.seconds)) s   (\(sqliteImport.statusText); cpu \(format(sqliteImport.cpuSeconds)) s; PRIMARY KEY (school_code, incident_id) WITHOUT ROWID)
        sqlite3 .import, plain    \(format(plainImport.seconds)) s   (\(plainImport.statusText); cpu \(format(plainImport.cpuSeconds)) s; 8 columns, no key)
        ratio ingest/keyed        \(format(ratio))   target <= 1.00   \(verdict(ratioMet))   (cpu ratio \(format(ingest.cpuSeconds / sqliteImport.cpuSeconds)))
        ratio ingest/plain        \(format(plainRatio))   (reported; cpu ratio \(format(ingest.cpuSeconds / plainImport.cpuSeconds)))
        ingest peak RSS           \(rss(ingest))   target <= 100 MB   \(verdict(rssMet))
        sqlite3 peak RSS          \(rss(sqliteImport)) keyed, \(rss(plainImport)) plain
        ingest rows/s             \(Int((Double(options.rows) / ingest.seconds).rounded()))
        sqlite3 .import rows/s    \(Int((Double(options.rows) / sqliteImport.seconds).rounded()))
        same file again (bytes)   \(format(sameBytes.seconds)) s   (\(sameBytes.statusText); hash only: "ongewijzigd")
        re-delivery (unchanged)   \(format(again.seconds)) s (median)   target <= ingest   \(verdict(redeliveryMet))   (same rows in other bytes, CRLF: every row compared; \(again.statusText); cpu \(format(again.cpuSeconds)) s; peak RSS \(rss(again)))
        incident rows stored      \(stored.map(String.init) ?? "?")   expected \(options.rows)   \(stored == options.rows ? "OK" : "WRONG")
        rows in sqlite3 table     \(imported.map(String.init) ?? "?")
        load average at start     \(startLoad)\(busyWarning(startLoad))
        """)
    var marts: MartBench.Figures?
    if options.marts, ingest.succeeded, again.succeeded {
        say("\n=== nightly job and marts on the store of \(options.rows) incidents ===")
        marts = try MartBench.run(
            schoolveilig: schoolveilig, database: benchDB, reference: referenceFolder, work: work, rounds: options.repeats)
        if let marts {
            say(
                """
                nightly, nothing new      \(format(marts.nothingNew, 3)) s (median)   target <= 0.20 s   \(verdict(marts.nothingNew <= 0.2))
                marts rebuild (CLI)       \(format(marts.rebuild)) s (median, whole run incl. process start)
                same SQL in sqlite3       \(format(marts.sqliteRebuild)) s (median)
                ratio rebuild/sqlite3     \(format(marts.ratio))   target <= 1.20   \(verdict(marts.ratio <= 1.2))
                kerngroep pack            \(marts.kerngroep.map { format($0) + " s (median, whole run)   target <= 2.00 s   " + verdict($0 <= 2) } ?? "not run (no pipelines/ folder here)")
                """)
        }
    }
    if options.compareParsers {
        say("\n=== CSV parsers on the same export (records incl. header) ===")
        say(
            try ParserComparison.report(
                bench: CommandLine.arguments[0].hasPrefix("/")
                    ? CommandLine.arguments[0] : path(executableDirectory(), "schoolveilig-bench"),
                file: export, work: work))
    }
    guard ingest.succeeded, again.succeeded else {
        say("FAIL: ingest \(ingest.statusText), re-delivery \(again.statusText)")
        return false
    }
    if options.marts, marts == nil {
        say("FAIL: the nightly/marts bench did not complete")
        return false
    }
    guard stored == options.rows else {
        say("FAIL: bench.sqlite has \(stored.map(String.init) ?? "no readable") incident rows, expected \(options.rows)")
        return false
    }
    return true
}

do {
    let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if let parseOnly = options.parseOnly {
        print(try ParserComparison.parse(parseOnly.parser, file: parseOnly.file).records)
        exit(0)
    }
    exit(try runBench(options) ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("schoolveilig-bench: \(error)\n".utf8))
    exit(2)
}
