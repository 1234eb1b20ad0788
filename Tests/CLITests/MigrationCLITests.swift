import Foundation
import Testing

/// Opening never migrates: a command that writes migrates under the run lock; a command that
/// only reads opens the database read-only and says so when its schema is behind.
@Suite("schema bijwerken: alleen onder het slot, door een opdracht die schrijft")
struct MigrationCLITests {
    /// A database one migration behind: the last migration (retention) undone, as an older
    /// version of schoolveilig left it.
    func olderDatabase() throws -> Workspace {
        let ws = try Workspace()
        try ws.loadReference()
        try #require(try CLI.run(["--db", ws.db, "ingest", try ws.write("a.csv", Fixture.valid)] + Fixture.asOf).status == 0)
        _ = try ws.sqlite("DROP TABLE retention_meta; DELETE FROM grdb_migrations WHERE identifier = 'v12-retention'")
        return ws
    }

    func dump(_ ws: Workspace) throws -> String {
        let result = try CLI.tool("sqlite3", [ws.db, ".dump"])
        try #require(result.status == 0, "\(result)")
        return result.stdout
    }

    @Test(
        "counts, status, context counts and backup on an older schema: exit 2, a Dutch message, nothing changed",
        arguments: [
            ["counts", "--by", "school"], ["status"], ["context", "counts", "--by", "wijk"], ["quarantine", "report"],
        ])
    func readersDoNotMigrate(command: [String]) throws {
        let ws = try olderDatabase()
        let before = try dump(ws)
        let result = try CLI.run(["--db", ws.db] + command + (command.first == "quarantine" ? ["--output", ws.path("q")] : []))
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("ouder schema") && result.stderr.contains("leest alleen"), "\(result.stderr)")
        #expect(try dump(ws) == before)
        #expect(try ws.sqlite("SELECT count(*) FROM grdb_migrations WHERE identifier = 'v12-retention'") == "0")
    }

    @Test("a writer that finds the lock taken exits 75 and does not migrate; once it gets the lock it migrates, and readers work again")
    func writerMigratesUnderTheLock() throws {
        let ws = try olderDatabase()
        let before = try dump(ws)
        let export = try ws.write("b.csv", Fixture.header + "I9,S002,2025-06-01,DRUGS,school,ja,12-15,licht\n")
        do {
            let holder = try #require(try CLI.holdLock(ws.db + ".lock"), "het hulpproces kreeg het slot niet")
            defer {
                holder.terminate()
                holder.waitUntilExit()
            }
            let locked = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
            #expect(locked.status == 75, "\(locked)")
            #expect(try dump(ws) == before)
        }
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 0, "\(ingest)")
        #expect(try ws.sqlite("SELECT count(*) FROM grdb_migrations WHERE identifier = 'v12-retention'") == "1")
        #expect(try ws.count("retention_meta") == 0)
        let counts = try CLI.run(["--db", ws.db, "counts", "--by", "school"])
        #expect(counts.status == 0, "\(counts)")
        #expect(counts.stdout == "school,aantal\nS001,3\nS002,2\n", "\(counts.stdout)")
    }

    @Test("doctor looks without migrating: the schema is a warning, the database unchanged")
    func doctorDoesNotMigrate() throws {
        let ws = try olderDatabase()
        let before = try dump(ws)
        let doctor = try CLI.run(["--db", ws.db, "doctor", "--pipelines", PackRunCLITests.pipelines])
        #expect(doctor.stdout.contains("[let op] schema"), "\(doctor)")
        #expect(try dump(ws) == before)
    }
}
