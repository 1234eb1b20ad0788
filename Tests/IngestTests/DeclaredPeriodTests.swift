import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Declared periods, retractions and zero reports (SPEC §2c)")
struct DeclaredPeriodTests {
    static let header = "incident_id,school_code,datum,categorie\n"
    static let asOf = Day(iso: "2025-06-30")!

    final class Setup {
        let folder: TemporaryFolder
        let test: TestStore
        var database: any PipelineStore { test.store }

        init(_ kind: StoreKind = .sqlite) throws {
            folder = try TemporaryFolder()
            test = try TestStores.withSmallReference(kind, in: folder)
        }

        func ingest(_ name: String, _ body: String, period: String? = nil, school: String? = nil) throws -> FileSummary {
            let ingester = Ingester(
                database: database, asOf: DeclaredPeriodTests.asOf,
                declaredPeriod: try period.map { try Period.parse($0) }, school: school)
            return try ingester.ingest(path: try folder.write(name, DeclaredPeriodTests.header + body))
        }

        func keys() throws -> [String] {
            try test.strings("SELECT school_code || '/' || incident_id FROM incident ORDER BY 1")
        }

        func retractions() throws -> [String] {
            try test.strings("SELECT school_code || '/' || incident_id || '@' || datum FROM retraction ORDER BY 1")
        }
    }

    static func totals(_ summary: FileSummary) -> DeliveryWriter.Totals? {
        if case .stored(let totals) = summary.outcome { totals } else { nil }
    }

    @Test("a delivery with a declared period retracts what it no longer holds, and records it", arguments: TestStores.kinds)
    func retractsWithinPeriod(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest(
            "1.csv",
            """
            A,VO1,2025-01-05,PESTEN
            B,VO1,2025-02-05,PESTEN
            C,VO1,2025-03-31,DIEFSTAL
            D,VO1,2025-04-01,DIEFSTAL
            E,PO1,2025-02-01,PESTEN

            """)
        let second = try setup.ingest("2.csv", "A,VO1,2025-01-05,PESTEN\nB,VO1,2025-02-06,PESTEN\n", period: "2025-Q1")
        let totals = Self.totals(second)
        #expect(totals?.unchanged == 1)
        #expect(totals?.updated == 1)
        #expect(totals?.retracted == 1)
        #expect(second.line.contains("1 ingetrokken"))
        // C (inside Q1, not delivered) is gone; D (April) and PO1's E stay.
        #expect(try setup.keys() == ["PO1/E", "VO1/A", "VO1/B", "VO1/D"])
        #expect(try setup.retractions() == ["VO1/C@2025-03-31"])
        let declared = try setup.test.row("SELECT school_code, period_from, period_to FROM delivery_period")
        #expect(declared?["school_code"] == "VO1")
        #expect(declared?["period_from"] == "2025-01-01")
        #expect(declared?["period_to"] == "2025-03-31")
    }

    @Test("rows outside the declared period are quarantined", arguments: TestStores.kinds)
    func rowsOutsidePeriod(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest("1.csv", "A,VO1,2025-01-05,PESTEN\nB,VO1,2025-04-05,PESTEN\n", period: "2025-01..2025-03")
        #expect(Self.totals(summary)?.quarantinedLines == 1)
        let reason = try setup.test.string("SELECT reden FROM quarantine")
        #expect(reason?.contains("buiten de opgegeven periode 2025-01-01 t/m 2025-03-31") == true)
        #expect(try setup.keys() == ["VO1/A"])
    }

    @Test("a header-only file with a declared period and a school is a zero report", arguments: TestStores.kinds)
    func zeroReport(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("1.csv", "A,SO1,2024-10-05,PESTEN\nB,SO1,2024-12-05,PESTEN\n")
        let zero = try setup.ingest("nul.csv", "", period: "2024-10", school: "SO1")
        #expect(Self.totals(zero)?.rowsRead == 0)
        #expect(Self.totals(zero)?.retracted == 1)
        #expect(zero.exitStatus == .done)
        #expect(try setup.keys() == ["SO1/B"])
        // In a folder named after the school, no --school is needed.
        let inFolder = try Ingester(database: setup.database, asOf: Self.asOf, declaredPeriod: try Period.parse("2024-12"))
            .ingest(path: try setup.folder.write("inbox/SO1/nul.csv", Self.header))
        #expect(Self.totals(inFolder)?.retracted == 1)
        #expect(try setup.keys().isEmpty)
    }

    @Test("a zero report without a school, or a header-only file without a period, is rejected", arguments: TestStores.kinds)
    func zeroReportNeedsSchoolAndPeriod(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let noSchool = try setup.ingest("nul.csv", "", period: "2024-10")
        #expect({ if case .rejected(let reason) = noSchool.outcome { reason.contains("--school") } else { false } }())
        let noPeriod = try setup.ingest("nul2.csv", "", school: "SO1")
        #expect({ if case .rejected(let reason) = noPeriod.outcome { reason.contains("--periode") } else { false } }())
    }

    @Test("--school refuses other schools' rows and must be a known school", arguments: TestStores.kinds)
    func schoolOption(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest("1.csv", "A,VO1,2025-01-05,PESTEN\nB,PO1,2025-01-05,PESTEN\n", school: "VO1")
        #expect(Self.totals(summary)?.quarantinedLines == 1)
        #expect(throws: UsageError.self) { try setup.ingest("2.csv", "A,VO1,2025-01-05,PESTEN\n", school: "ZZZ") }
    }

    @Test("re-delivering the same rows for the period retracts nothing", arguments: TestStores.kinds)
    func sameRowsNoRetraction(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("1.csv", "A,VO1,2025-01-05,PESTEN\nB,VO1,2025-02-05,PESTEN\n", period: "2025-Q1")
        let again = try setup.ingest("2.csv", "B,VO1,2025-02-05,PESTEN\nA,VO1,2025-01-05,PESTEN\n", period: "2025-Q1")
        #expect(Self.totals(again)?.retracted == 0)
        #expect(Self.totals(again)?.unchanged == 2)
        #expect(try setup.keys() == ["VO1/A", "VO1/B"])
    }
}

@Suite("Periods as SPEC §4 writes them")
struct PeriodTests {
    @Test(
        "named periods",
        arguments: [
            ("2025-Q3", "2025-07-01", "2025-09-30"), ("2025-H1", "2025-01-01", "2025-06-30"),
            ("2024-2025", "2024-08-01", "2025-07-31"), ("2025", "2025-01-01", "2025-12-31"),
            ("2024-02", "2024-02-01", "2024-02-29"), ("2024-2025-T1", "2024-08-01", "2024-11-30"),
            ("2023-2024-T2", "2023-12-01", "2024-03-31"), ("2024-2025-T3", "2025-04-01", "2025-07-31"),
            ("2025-01..2025-03", "2025-01-01", "2025-03-31"), ("2025-01-15..2025-02-10", "2025-01-15", "2025-02-10"),
            ("2024-Q4..2025-Q1", "2024-10-01", "2025-03-31"),
        ])
    func parsing(text: String, from: String, to: String) throws {
        let period = try Period.parse(text)
        #expect(period.from.description == from)
        #expect(period.to.description == to)
    }

    @Test(
        "malformed periods are usage errors",
        arguments: ["2025-Q5", "2025-13", "2024-2026", "2025-03..2025-01", "gisteren", "2025-H3", "2024-2025-T4"])
    func malformed(text: String) {
        #expect(throws: UsageError.self) { try Period.parse(text) }
    }
}
