import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// The delivery rules of SPEC §2 on both stores: each scenario's files are ingested into SQLite
/// and into PostgreSQL; the totals are checked against the expected values, and the two stores
/// must then hold the same rows (incidents, quarantine, retractions, counts, delivery months and
/// the marts), row for row.
@Suite("Ingest on both stores: SQLite and PostgreSQL hold the same after the same files")
struct BothStoresIngestTests {
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"
    static let asOf = Day(iso: "2025-06-30")!

    /// One file of a scenario: its name (a folder named after a school code is that school's),
    /// text, and optionally a declared period and school.
    struct File: Sendable {
        let name: String
        let text: String
        var period: String? = nil
        var school: String? = nil
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [File]
        /// Per file: new, updated, unchanged, quarantined lines, retracted (aggregated: cells, 0, 0, quarantined, retracted).
        let expected: [[Int]]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "new rows, a correction, an unchanged re-delivery",
            files: [
                File(
                    name: "a.csv",
                    text: header
                        + "A1,PO1,2025-03-07,pesten,school,ja,0-11,licht\nA2,PO1,2025-03-08,wapens,,,,\nB1,VO1,2025-01-02,diefstal,,,,\n"),
                File(
                    name: "b.csv",
                    text: header
                        + "A1,PO1,2025-04-07,pesten,school,ja,0-11,licht\nA2,PO1,2025-03-08,wapens,,,,\nA3,PO1,2025-04-01,pesten,,,,\n"),
            ],
            expected: [[3, 0, 0, 0, 0], [1, 1, 1, 0, 0]]),
        Scenario(
            name: "repeats: identical lines count once, differing lines are all quarantined",
            files: [
                File(name: "a.csv", text: header + "A1,PO1,2025-03-07,pesten,,,,\nA2,PO1,2025-03-08,wapens,,,,\n"),
                File(
                    name: "b.csv",
                    // A1: unchanged, repeat, conflict. A2: update, then conflict (restored).
                    // N1: new, repeat, conflict, a line after the conflict. N2: new.
                    text: header
                        + "A1,PO1,2025-03-07,pesten,,,,\nA1,PO1,2025-03-07,pesten,,,,\nA1,PO1,2025-05-07,pesten,,,,\n"
                        + "A2,PO1,2025-03-09,wapens,,,,\nA2,PO1,2025-03-10,wapens,,,,\n"
                        + "N1,PO1,2025-02-01,diefstal,,,,\nN1,PO1,2025-02-01,diefstal,,,,\nN1,PO1,2025-02-02,diefstal,,,,\n"
                        + "N1,PO1,2025-02-03,diefstal,,,,\nN2,VO1,2025-02-01,diefstal,,,,\n"),
            ],
            expected: [[2, 0, 0, 0, 0], [1, 0, 0, 9, 0]]),
        Scenario(
            name: "invalid rows are quarantined with line, column and masked value",
            files: [
                File(
                    name: "a.csv",
                    text: header
                        + "A1,PO1,2025-03-07,pesten,,,,\nA2,PO1,2025-13-08,wapens,,,,\nA3,XX9,2025-03-08,wapens,,,,\nA4,PO1,2025-03-08,onbekende-categorie,,,,\n"
                )
            ],
            expected: [[1, 0, 0, 3, 0]]),
        Scenario(
            name: "a declared period retracts what the delivery no longer holds, keeps quarantined keys",
            files: [
                File(
                    name: "a.csv",
                    text: header
                        + "A1,PO1,2025-03-07,pesten,,,,\nA2,PO1,2025-03-08,wapens,,,,\nA3,PO1,2025-03-09,wapens,,,,\nA4,PO1,2025-04-01,pesten,,,,\n"
                ),
                File(
                    name: "b.csv", text: header + "A1,PO1,2025-03-07,pesten,,,,\nA2,PO1,2025-99-08,wapens,,,,\n", period: "2025-03",
                    school: "PO1"),
                File(name: "c.csv", text: header, period: "2025-04", school: "PO1"),
            ],
            expected: [[4, 0, 0, 0, 0], [0, 0, 1, 1, 1], [0, 0, 0, 0, 1]]),
        Scenario(
            name: "aggregated counts replace their months, conflicting cells are quarantined",
            files: [
                File(name: "a.csv", text: header + "A1,VO1,2025-02-07,pesten,,,,\nA2,VO1,2025-03-08,wapens,,,,\n"),
                File(
                    name: "b.csv",
                    text:
                        "school_code,maand,categorie,locatie,politie,aantal\nVO1,2025-02,DIEFSTAL,school,nee,4\nVO1,2025-02,PESTEN,school,nee,2\nVO1,2025-02,PESTEN,school,nee,3\nVO1,2025-01,DIEFSTAL,school,nee,1\n"
                ),
                File(name: "c.csv", text: "school_code,maand,categorie,aantal\nVO1,2025-01,DIEFSTAL,5\n"),
            ],
            expected: [[2, 0, 0, 0, 0], [2, 0, 0, 2, 1], [1, 0, 0, 0, 0]]),
    ]

    /// Ingests the scenario's files into a new store of `kind`; returns the store and each file's totals.
    static func run(_ scenario: Scenario, on kind: StoreKind, folder: TemporaryFolder) throws -> (TestStore, [[Int]]) {
        let store = try TestStores.withSmallReference(kind, in: folder)
        var totals: [[Int]] = []
        for file in scenario.files {
            let path = try folder.write("\(kind)/\(file.name)", file.text)
            let ingester = Ingester(
                database: store.store, asOf: asOf, declaredPeriod: try file.period.map { try Period.parse($0) }, school: file.school)
            let summary = try ingester.ingest(path: path)
            switch summary.outcome {
            case .stored(let t): totals.append([t.new, t.updated, t.unchanged, t.quarantinedLines, t.retracted])
            case .aggregated(let t): totals.append([t.cells, 0, 0, t.quarantinedLines, t.retracted])
            default: totals.append([-1])
            }
        }
        _ = try store.store.refreshMarts(full: false)
        return (store, totals)
    }

    @Test("each scenario gives the expected totals on each store", arguments: TestStores.kinds, scenarios)
    func totals(kind: StoreKind, scenario: Scenario) throws {
        let folder = try TemporaryFolder()
        let (_, totals) = try Self.run(scenario, on: kind, folder: folder)
        #expect(totals == scenario.expected)
    }

    @Test(
        "after each scenario both stores hold the same rows and marts", .enabled(if: TestStores.kinds.contains(.postgres)),
        arguments: scenarios)
    func sameRows(scenario: Scenario) throws {
        let folder = try TemporaryFolder()
        let (sqlite, _) = try Self.run(scenario, on: .sqlite, folder: folder)
        let (postgres, _) = try Self.run(scenario, on: .postgres, folder: folder)
        let expected = try sqlite.contentDump()
        let actual = try postgres.contentDump()
        #expect(!expected.isEmpty)
        #expect(actual == expected)
        #expect(try postgres.martLines() == sqlite.martLines())
        // The counts the store aggregates itself, over every dimension.
        for dimensions in [[CountDimension.maand, .categorie], [.schooljaar, .stadsdeel], [.kwartaal, .school, .leeftijd, .ernst]] {
            #expect(
                try postgres.store.incidentCounts(by: dimensions, from: nil, to: Day(iso: "2025-03-31"))
                    == sqlite.store.incidentCounts(by: dimensions, from: nil, to: Day(iso: "2025-03-31")))
        }
    }

    @Test("ingesting the same file again changes nothing on either store", arguments: TestStores.kinds)
    func idempotent(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let store = try TestStores.withSmallReference(kind, in: folder)
        let path = try folder.write("a.csv", Self.header + "A1,PO1,2025-03-07,pesten,,,,\n")
        let ingester = Ingester(database: store.store, asOf: Self.asOf)
        _ = try ingester.ingest(path: path)
        let before = try store.contentDump()
        let again = try ingester.ingest(path: path)
        #expect(again.exitStatus == .done)
        #expect(try store.contentDump() == before)
        #expect(try store.int("SELECT count(*) FROM delivery") == 1)
    }

    @Test("a failure inside a file's transaction leaves no partial delivery", arguments: TestStores.kinds)
    func noPartialDelivery(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let store = try TestStores.withSmallReference(kind, in: folder)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.store.storeDelivery { transaction in
                let sink = try transaction.beginDelivery(
                    NewDelivery(sha256: "ab", identity: "ab", size: 1, asOf: Self.asOf, dialect: "test"), droppedColumns: [])
                sink.countRow()
                try sink.apply(
                    line: 2, EncodedIncident(Incident(schoolCode: "PO1", incidentId: "X1", datum: Self.asOf, categorie: "PESTEN")))
                _ = try sink.finish()
                throw Abort()
            }
        }
        #expect(try store.int("SELECT count(*) FROM delivery") == 0)
        #expect(try store.int("SELECT count(*) FROM incident") == 0)
        #expect(try store.int("SELECT count(*) FROM delivery_month") == 0)
        // The next delivery is number 1 in both stores: a rolled-back one leaves no gap.
        let path = try folder.write("a.csv", Self.header + "A1,PO1,2025-03-07,pesten,,,,\nA2,PO1,2025-13-07,pesten,,,,\n")
        _ = try Ingester(database: store.store, asOf: Self.asOf).ingest(path: path)
        #expect(try store.strings("SELECT id FROM delivery") == ["1"])
        #expect(try store.strings("SELECT id FROM quarantine") == ["1"])
    }

    @Test("incremental marts equal a full rebuild on each store", arguments: TestStores.kinds)
    func incrementalMarts(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let (store, _) = try Self.run(Self.scenarios[0], on: kind, folder: folder)
        let path = try folder.write("c.csv", Self.header + "C1,SO1,2025-05-05,pesten,,,,\nA1,PO1,2025-05-07,pesten,school,ja,0-11,licht\n")
        _ = try Ingester(database: store.store, asOf: Self.asOf).ingest(path: path)
        let incremental = try store.store.refreshMarts(full: false)
        #expect(incremental.kind == .incremental)
        let lines = try store.martLines()
        #expect(try store.store.refreshMarts(full: false).kind == .unchanged)
        #expect(try store.store.refreshMarts(full: true).kind == .full)
        #expect(try store.martLines() == lines)
        #expect(lines.contains("2025-05|SO1|PESTEN|onbekend|onbekend|1"))
    }
}
