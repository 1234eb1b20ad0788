import Foundation
import Testing

@Suite("cron: voortgang alleen op een terminal, logbestand")
struct CronReadinessTests {
    /// An export big enough to take more than one batch.
    static func largeExport(_ ws: Workspace) throws -> String {
        var text = Fixture.header
        for index in 0..<20_000 {
            text += "L\(index),S00\(index % 2 + 1),2025-0\(index % 9 + 1)-1\(index % 9),DRUGS,school,ja,12-15,licht\n"
        }
        return try ws.write("groot.csv", text)
    }

    @Test("op een terminal toont ingest een voortgangsregel; zonder terminal (cron) niets daarvan")
    func progress() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try Self.largeExport(ws)
        let plain = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(plain.status == 0, "\(plain)")
        #expect(!plain.stderr.contains("\r"), "zonder terminal geen voortgangsregel: \(plain.stderr.debugDescription)")

        // `script` gives the child a pseudo-terminal; its output (both streams) lands in the typescript file.
        let second = try ws.write(
            "groot2.csv",
            try String(contentsOfFile: export, encoding: .utf8).replacingOccurrences(of: ",L", with: ",M").replacingOccurrences(
                of: "\nL", with: "\nM"))
        let binary = try CLI.requireBinary().path
        let typescript = ws.path("typescript")
        let command = [binary, "--db", ws.db, "ingest", second, "--as-of", "2025-12-31"].map { "'\($0)'" }.joined(separator: " ")
        let onTerminal = try CLI.tool("script", ["-qec", command, typescript], environment: ["TERM": "xterm"])
        #expect(onTerminal.status == 0, "\(onTerminal)")
        let shown = try String(contentsOfFile: typescript, encoding: .utf8)
        #expect(shown.contains("\r\u{1B}[Kinlezen: groot2.csv — "), "\(shown.debugDescription.prefix(600))")
        #expect(shown.contains("groot2.csv"), "\(shown)")
    }

    @Test("SCHOOLVEILIG_LOG_FILE: meldingen met tijdstempel erbij, bestand 0640")
    func logFile() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("with-invalid.csv", Fixture.withInvalidRow)
        let log = ws.path("schoolveilig.log")
        let result = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf, environment: ["SCHOOLVEILIG_LOG_FILE": log])
        #expect(result.status == 3, "\(result)")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(
            lines.allSatisfy {
                $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (info|fout|notice|warning|error) "#, options: .regularExpression) != nil
            }, "\(text)")
        // The terminal shows the path typed; the log file identifies the delivery by school and hash.
        #expect(result.stderr.contains("with-invalid.csv"), "\(result.stderr)")
        #expect(!text.contains("with-invalid.csv") && text.contains("levering sha256 ") && text.contains("1 in quarantaine"), "\(text)")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o7 == 0, "het logbestand is niet leesbaar voor anderen: \(String(mode, radix: 8))")
        // An unwritable log file is a usage error for `run`.
        let run = try CLI.run(["--db", ws.db, "run", "nightly", "--log-file", ws.path("bestaat/niet/log.txt")])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("logbestand"), "\(run.stderr)")
    }
}
