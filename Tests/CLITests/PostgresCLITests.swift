import Foundation
import Testing

/// The built CLI against a real PostgreSQL server (`SCHOOLVEILIG_TEST_PG`): a URL in `--db`
/// selects it; operators ingesting different schools at once both succeed; `backup` and
/// `restore` go through pg_dump and pg_restore.
@Suite("CLI on PostgreSQL: URL, concurrent operators, backup", .serialized)
struct PostgresCLITests {
    static var base: String? { ProcessInfo.processInfo.environment["SCHOOLVEILIG_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }
    static var enabled: Bool { base != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// In CI (`CI=true`) the tests run, and fail here, when no server is named.
    struct NoServer: Error, CustomStringConvertible {
        var description: String { "SCHOOLVEILIG_TEST_PG is not set: .ci/run starts a PostgreSQL server for these tests" }
    }

    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"

    struct Store {
        let base: String
        let schema: String
        var url: String { base + (base.contains("?") ? "&" : "?") + "schema=\(schema)" }

        init() throws {
            guard let base = PostgresCLITests.base else { throw NoServer() }
            self.base = base
            schema = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }

        /// A query through psql (libpq reads the same URL without `schema`), in the store's schema.
        func psql(_ sql: String) throws -> String {
            let result = try CLI.tool(
                "psql", ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", base, "-c", sql], environment: ["PGOPTIONS": "-csearch_path=\(schema)"])
            #expect(result.status == 0, "\(result)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func drop() { _ = try? psql("DROP SCHEMA IF EXISTS \(schema) CASCADE") }

        /// The advisory-lock key the store uses for `name` (FNV-1a, as `PostgresLocks.key`).
        func key(_ name: String) -> Int64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "schoolveilig:\(schema):\(name)".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return Int64(bitPattern: hash)
        }
    }

    static func reference(_ folder: URL) throws -> String {
        let directory = folder.appendingPathComponent("referentie")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Noord,Buiten,Buiten-Hout\n".write(
            to: directory.appendingPathComponent("wijken.csv"), atomically: true, encoding: .utf8)
        try "school_code,naam,sector,wijk_code,aangesloten_per\nPO1,Basisschool Proef,PO,W1,\nVO1,College Proef,VO,W1,\n".write(
            to: directory.appendingPathComponent("scholen.csv"), atomically: true, encoding: .utf8)
        try "school_code,schooljaar,leerlingen\nPO1,2024-2025,300\nVO1,2024-2025,900\n".write(
            to: directory.appendingPathComponent("leerlingen.csv"), atomically: true, encoding: .utf8)
        return directory.path
    }

    /// A delivery of `rows` incidents of one school.
    static func export(_ folder: URL, school: String, rows: Int) throws -> String {
        var text = header
        for index in 1...rows {
            text += "\(school)-\(index),\(school),2025-0\(index % 5 + 1)-1\(index % 9),pesten,school,nee,12-15,licht\n"
        }
        let file = folder.appendingPathComponent("\(school)-\(rows).csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-pgcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("two operators ingesting different schools at once both succeed; the same school is locked (75)", .enabled(if: enabled))
    func concurrentOperators() throws {
        let store = try Store()
        defer { store.drop() }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let load = try CLI.run(["reference", "load", try Self.reference(folder), "--db", store.url])
        try #require(load.status == 0, "\(load)")

        // Operator A is busy with PO1 (a session holding what `ingest --school PO1` holds).
        let holder = try CLI.start(
            "psql",
            [
                "-X", "-q", store.base + (store.base.contains("?") ? "&" : "?") + "application_name=holder_\(store.schema)", "-c",
                "SELECT pg_advisory_lock_shared(\(store.key("store"))), pg_advisory_lock(\(store.key("school:PO1"))), pg_sleep(60)",
            ])
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        var held = false
        for _ in 0..<100 where !held {
            held =
                try store.psql(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'holder_\(store.schema)' AND l.locktype = 'advisory' AND l.granted"
                ) == "2"
            if !held { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(held)
        let other = try CLI.run([
            "ingest", "--school", "VO1", "--as-of", "2025-06-30", try Self.export(folder, school: "VO1", rows: 50), "--db", store.url,
        ])
        #expect(other.status == 0, "\(other)")
        let same = try CLI.run([
            "ingest", "--school", "PO1", "--as-of", "2025-06-30", try Self.export(folder, school: "PO1", rows: 50), "--db", store.url,
        ])
        #expect(same.status == 75, "\(same)")
        #expect(same.stderr.contains("draait al"))
        let all = try CLI.run(["ingest", "--as-of", "2025-06-30", try Self.export(folder, school: "PO1", rows: 51), "--db", store.url])
        #expect(all.status == 75, "\(all)")
        // Operator A is done: its session ends (and with it its locks).
        _ = try store.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'holder_\(store.schema)'")
        holder.waitUntilExit()

        // Two real processes at the same time, each a school of its own: both store their file.
        let first = try Self.export(folder, school: "PO1", rows: 20_000)
        let second = try Self.export(folder, school: "VO1", rows: 20_000)
        let results = try [first, second].enumerated().map { index, path -> (Int, Process, URL) in
            let log = folder.appendingPathComponent("ingest-\(index).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = try CLI.requireBinary()
            process.arguments = ["ingest", "--school", index == 0 ? "PO1" : "VO1", "--as-of", "2025-06-30", path, "--db", store.url]
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return (index, process, log)
        }
        for (_, process, log) in results {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        #expect(try store.psql("SELECT count(*) FROM incident WHERE school_code = 'PO1'") == "20000")
        #expect(try store.psql("SELECT count(*) FROM incident WHERE school_code = 'VO1'") == "20000")
        #expect(try store.psql("SELECT count(*) FROM delivery WHERE status = 'verwerkt'") == "3")
    }

    @Test("a URL in --db selects PostgreSQL; backup is a pg_dump that restore puts back", .enabled(if: enabled))
    func backupAndRestore() throws {
        let store = try Store()
        defer { store.drop() }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(try CLI.run(["reference", "load", try Self.reference(folder), "--db", store.url]).status == 0)
        let ingest = try CLI.run(["ingest", "--as-of", "2025-06-30", try Self.export(folder, school: "PO1", rows: 30), "--db", store.url])
        #expect(ingest.status == 0, "\(ingest)")
        let dump = folder.appendingPathComponent("kopie.dump").path
        let backup = try CLI.run(["backup", dump, "--db", store.url])
        #expect(backup.status == 0, "\(backup)")
        let mode = (try FileManager.default.attributesOfItem(atPath: dump)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        _ = try store.psql("DELETE FROM incident")
        let restore = try CLI.run(["restore", dump, "--replace", "--db", store.url])
        #expect(restore.status == 0, "\(restore)")
        #expect(try store.psql("SELECT count(*) FROM incident") == "30")
        // `status` reads the restored store.
        let status = try CLI.run(["status", "--db", store.url])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("leveringen: 1, incidenten: 30"), "\(status.stdout)")
    }
}
