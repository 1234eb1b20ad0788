import Foundation
import Testing

/// The operator's commands on both stores: the same deliveries into an SQLite file and into a
/// real PostgreSQL schema, then `status`, `quarantine report`, `quarantine retry`, `cijfers`,
/// `naleving`, `aanlevering`, `counts`, `context load`, `context counts` and `doctor` through the
/// built CLI. Every answer must be the same on both stores, but for where the store is and when
/// things happened.
@Suite("operator commands on SQLite and PostgreSQL alike", .serialized)
struct OperatorCommandsBothStoresTests {
    static let asOf = ["--as-of", "2025-06-30"]

    /// The demo reference data without PO02, so that PO02's rows wait for `quarantine retry`.
    static func reference(_ folder: URL, withPO02: Bool) throws -> String {
        let source = CLI.packageRoot.appendingPathComponent("fixtures/reference")
        let target = folder.appendingPathComponent(withPO02 ? "ref-vol" : "ref-zonder-po02")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".csv") {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if !withPO02, name == "scholen.csv" || name == "leerlingen.csv" || name == "afspraken.csv" {
                text = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("PO02,") }
                    .joined(separator: "\n")
            }
            try text.write(to: target.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return target.path
    }

    /// Two deliveries: PO01 with two lines that cannot be stored (a date that does not exist, an
    /// unknown category), and PO02, which the first reference data does not know.
    static func exports(_ folder: URL) throws -> [String] {
        var po01 = PostgresCLITests.header
        for index in 1...40 {
            po01 +=
                "A\(index),PO01,2025-0\(index % 6 + 1)-1\(index % 9),\(["pesten", "diefstal", "bedreiging"][index % 3]),school,\(index % 4 == 0 ? "ja" : "nee"),0-11,licht\n"
        }
        po01 += "A41,PO01,2025-02-30,pesten,school,nee,0-11,licht\nA42,PO01,2025-03-03,kattenkwaad,school,nee,0-11,licht\n"
        var po02 = PostgresCLITests.header
        for index in 1...12 { po02 += "B\(index),PO02,2025-0\(index % 6 + 1)-0\(index % 9 + 1),vernieling,school,nee,0-11,licht\n" }
        let first = folder.appendingPathComponent("po01.csv")
        let second = folder.appendingPathComponent("po02.csv")
        try po01.write(to: first, atomically: true, encoding: .utf8)
        try po02.write(to: second, atomically: true, encoding: .utf8)
        return [first.path, second.path]
    }

    /// What may differ between two stores: where the store is (status's first line, doctor's
    /// database line) and the time stamps of this run.
    static func comparable(_ text: String) -> String {
        let stamp = try! Regex(#"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?"#)
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("database: ") }
            .map { $0.replacing(stamp, with: "TIJD") }.joined(separator: "\n")
    }

    /// Every file of a folder, by name, with its bytes.
    static func files(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return result
    }

    struct Answers: Equatable {
        var lines: [String: String] = [:]
        var reports: [String: Data] = [:]
    }

    /// The whole operator's session on one store (`db` a path or a URL).
    static func session(db: String, folder: URL) throws -> Answers {
        var answers = Answers()
        let reports = folder.appendingPathComponent("quarantaine-\(db.hasPrefix("postgres") ? "pg" : "sqlite")").path
        func run(_ name: String, _ arguments: [String], expect status: Int32 = 0) throws {
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.status == status, "\(name) op \(db): \(result)")
            answers.lines[name] = (comparable(result.stdout) + "\n--\n" + comparable(result.stderr))
                .replacingOccurrences(of: reports, with: "RAPPORTEN")
        }
        try run("reference", ["reference", "load", try reference(folder, withPO02: false)])
        let exports = try exports(folder)
        // Exit 3: lines in quarantine, and PO02's rows wait for its school.
        try run("ingest", ["ingest"] + exports + asOf, expect: 3)
        try run("status", ["status", "--deliveries", "5"] + asOf)
        try run("quarantine report", ["quarantine", "report", "--output", reports])
        answers.reports = try files(reports)
        try run("retry, school unknown", ["quarantine", "retry"] + asOf)
        try run("reference with PO02", ["reference", "load", try reference(folder, withPO02: true)])
        try run("retry", ["quarantine", "retry"] + asOf)
        try run("status after retry", ["status"] + asOf)
        try run("counts", ["counts", "--by", "school,maand,categorie"])
        try run("cijfers", ["cijfers", "--by", "school,kwartaal,categorie", "--period", "2025-H1"] + asOf)
        try run("naleving", ["naleving", "--by", "school", "--period", "2025-H1"] + asOf)
        try run("aanlevering", ["aanlevering", "--by", "school", "--period", "2025-H1"] + asOf)
        let context = CLI.packageRoot.appendingPathComponent("fixtures/context")
        try run(
            "context load",
            [
                "context", "load", context.appendingPathComponent("politie_47022NED_demo.csv").path, "--mapping",
                context.appendingPathComponent("cbs_koppeling.csv").path,
            ] + asOf,
            // Exit 3: the demo file holds rows that cannot be read, as real downloads do.
            expect: 3)
        try run("context counts", ["context", "counts", "--by", "gebied,kwartaal", "--from", "2024-01", "--to", "2025-06"])
        return answers
    }

    @Test(
        "status, quarantine report and retry, cijfers, naleving, aanlevering, counts and context give the same answers on both stores",
        .enabled(if: PostgresCLITests.enabled))
    func sameAnswers() throws {
        let store = try PostgresCLITests.Store()
        defer { store.drop() }
        let folder = try PostgresCLITests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try Self.session(db: folder.appendingPathComponent("operator.sqlite").path, folder: folder)
        let postgres = try Self.session(db: store.url, folder: folder)
        for (name, expected) in sqlite.lines.sorted(by: { $0.key < $1.key }) {
            let actual = postgres.lines[name] ?? "(ontbreekt)"
            #expect(actual == expected, "\(name):\n\(CLI.lineDiff(expected: expected, actual: actual))")
        }
        #expect(sqlite.reports == postgres.reports)
        // The answers hold what they should, so equal answers are not equally empty.
        #expect(sqlite.reports.count == 2)
        let report = sqlite.reports.filter { $0.key.contains("PO01") }.values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(report.contains("42,datum,") && report.contains("43,categorie,"), "\(report)")
        let status = sqlite.lines["status"] ?? ""
        #expect(status.contains("quarantaine: 14 regels"), "\(status)")
        #expect(status.contains("12 wachten op referentiegegevens"), "\(status)")
        #expect(sqlite.lines["retry"]?.contains("herkansing: 12 opgeslagen") == true, "\(sqlite.lines["retry"] ?? "")")
        #expect(sqlite.lines["status after retry"]?.contains("0 wachten op referentiegegevens") == true)
        #expect(sqlite.lines["counts"]?.contains("PO02") == true)
        #expect(sqlite.lines["context counts"]?.split(separator: "\n").count ?? 0 > 5)
        // The status line of the shared store names it by its URL without password, and is sound.
        let pgStatus = try CLI.run(["status", "--db", store.url] + Self.asOf)
        #expect(pgStatus.status == 0)
        #expect(pgStatus.stdout.hasPrefix("database: postgresql://"), "\(pgStatus.stdout)")
        #expect(pgStatus.stdout.contains("PostgreSQL") && pgStatus.stdout.contains("controle: in orde"), "\(pgStatus.stdout)")
    }

    @Test("doctor checks the shared store: reachable, schema, reference data, lock, pg_dump", .enabled(if: PostgresCLITests.enabled))
    func doctorOnPostgres() throws {
        let store = try PostgresCLITests.Store()
        defer { store.drop() }
        let folder = try PostgresCLITests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipelines = CLI.packageRoot.appendingPathComponent("pipelines").path
        // Before any reference load: an error that says what to do.
        let empty = try CLI.run(["doctor", "--db", store.url, "--pipelines", pipelines])
        #expect(empty.status == 1, "\(empty)")
        #expect(empty.stdout.contains("[fout] schema: nog geen tabellen"), "\(empty.stdout)")
        try #require(try CLI.run(["reference", "load", try Self.reference(folder, withPO02: true), "--db", store.url]).status == 0)
        let ready = try CLI.run(["doctor", "--db", store.url, "--pipelines", pipelines])
        #expect(ready.status == 0, "\(ready)")
        for expected in [
            "[in orde] database: postgresql://", "[in orde] schema: bij", "[in orde] referentiegegevens: 60 scholen", "[in orde] pg_dump",
        ] {
            #expect(ready.stdout.contains(expected), "\(expected) ontbreekt in\n\(ready.stdout)")
        }
        #expect(!ready.stdout.contains("slot"), "\(ready.stdout)")
        // An operator holding the store lock is seen (a warning, not an error).
        let holder = try CLI.start(
            "psql", ["-X", "-v", "ON_ERROR_STOP=1", store.base, "-c", "SELECT pg_advisory_lock(\(store.key("store"))), pg_sleep(20)"])
        defer { holder.terminate() }
        var busy = try CLI.run(["doctor", "--db", store.url, "--pipelines", pipelines])
        for _ in 0..<40 where !busy.stdout.contains("[let op] slot") {
            Thread.sleep(forTimeInterval: 0.25)
            busy = try CLI.run(["doctor", "--db", store.url, "--pipelines", pipelines])
        }
        #expect(busy.status == 0, "\(busy)")
        #expect(busy.stdout.contains("[let op] slot: een andere operator"), "\(busy.stdout)")
    }
}
