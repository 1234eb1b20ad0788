import Foundation
import Store

/// The nightly job on a store of N incidents (issue 4's targets): a `run nightly` with nothing
/// new (target ≤ 0.2 s, the whole process), and a full rebuild of the marts by the CLI against
/// the `sqlite3` tool running the same SQL (`MartBuilder.rebuildSQL`) on the same database
/// (target ratio ≤ 1.2), alternating over the rounds, medians compared.
enum MartBench {
    struct Figures {
        let firstRun: ChildResult
        let nothingNew: Double
        let rebuild: Double
        let sqliteRebuild: Double
        /// `run kerngroep` on the store (the pack, all of it), when the pipelines folder is there.
        let kerngroep: Double?
        var ratio: Double { rebuild / sqliteRebuild }
        var met: Bool { nothingNew <= 0.2 && ratio <= 1.2 && (kerngroep ?? 0) <= 2 }
    }

    static func run(schoolveilig: String, database: String, reference: String, work: String, rounds: Int) throws -> Figures? {
        let folder = path(work, "nightly")
        for sub in ["inbox", "archief", "pipelines"] {
            try FileManager.default.createDirectory(atPath: path(folder, sub), withIntermediateDirectories: true)
        }
        try """
        name: nightly
        cadence: daily
        parameters:
          inbox: \(path(folder, "inbox"))
          archive: \(path(folder, "archief"))
          reference: \(reference)
          rejected_days: 30
          period_from_file_name: true
          rebuild_aggregates: false
        stages: [reference, ingest, archive, purge, aggregate]

        """.write(toFile: path(folder, "pipelines/nightly.yml"), atomically: true, encoding: .utf8)
        let nightly = ["--db", database, "run", "nightly", "--pipelines", path(folder, "pipelines"), "--as-of", "2026-11-30"]
        func cli(_ arguments: [String], _ name: String) throws -> ChildResult? {
            let result = try ChildProcess.run(
                schoolveilig, arguments, stdoutPath: path(work, "\(name).out"), stderrPath: path(work, "\(name).err"))
            guard result.succeeded else {
                say("FAIL: \(name) \(result.statusText)\n" + tail(path(work, "\(name).err")))
                return nil
            }
            return result
        }
        guard let first = try cli(nightly, "nightly-first") else { return nil }
        say("  nightly, first run (full build of the marts): \(format(first.seconds)) s")
        var idle: [Double] = []
        for round in 1...max(5, rounds) {
            guard let result = try cli(nightly, "nightly-idle-\(round)") else { return nil }
            idle.append(result.seconds)
        }
        say("  nightly, nothing new: \(idle.map { format($0, 3) }.joined(separator: ", ")) s")

        let script = path(work, "rebuild.sql")
        try ("BEGIN;\n" + MartBuilder.rebuildSQL + "\nCOMMIT;\n").write(toFile: script, atomically: true, encoding: .utf8)
        var rebuilds: [Double] = []
        var sqliteRebuilds: [Double] = []
        for round in 1...rounds {
            guard let rebuild = try cli(nightly + ["--from-stage", "aggregate", "--set", "rebuild_aggregates=true"], "rebuild-\(round)")
            else { return nil }
            let sqlite = try ChildProcess.run(
                "sqlite3", ["-bail", database], stdinPath: script,
                stdoutPath: path(work, "sqlite-rebuild.out"), stderrPath: path(work, "sqlite-rebuild.err"))
            guard sqlite.succeeded else {
                say("FAIL: sqlite3 rebuild \(sqlite.statusText)\n" + tail(path(work, "sqlite-rebuild.err")))
                return nil
            }
            say("  round \(round): rebuild by schoolveilig \(format(rebuild.seconds)) s, by sqlite3 \(format(sqlite.seconds)) s")
            rebuilds.append(rebuild.seconds)
            sqliteRebuilds.append(sqlite.seconds)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        var packs: [Double] = []
        if FileManager.default.fileExists(atPath: "pipelines/kerngroep.yml") {
            for round in 1...rounds {
                guard
                    let pack = try cli(
                        [
                            "--db", database, "run", "kerngroep", "--pipelines", "pipelines", "--as-of", "2026-11-30",
                            "--output", path(work, "packs"),
                        ], "kerngroep-\(round)")
                else { return nil }
                packs.append(pack.seconds)
            }
            say("  kerngroep pack: \(packs.map { format($0) }.joined(separator: ", ")) s")
        }
        return Figures(
            firstRun: first, nothingNew: median(idle), rebuild: median(rebuilds), sqliteRebuild: median(sqliteRebuilds),
            kerngroep: packs.isEmpty ? nil : median(packs))
    }
}
