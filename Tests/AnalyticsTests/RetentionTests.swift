import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("retention: old incident rows folded into monthly counts, published counts unchanged")
struct RetentionTests {
    @Test("fold, dry run, counts and marts unchanged, an old row delivered later is refused", arguments: TestStores.kinds)
    func fold(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        var rows = ""
        var random = SplitMix(seed: 7)
        for index in 0..<300 {
            let day = Day(year: 2019, month: 1, day: 1)!.adding(days: Int(random.next() % 2300))
            rows +=
                "R\(index),\(["PO1", "VO1", "SO1"][index % 3]),\(day),\(["PESTEN", "WAPENS"][index % 2]),school,\(["ja", "nee"][index % 2]),12-15,licht\n"
        }
        try mart.ingest("oud.csv", rows, asOf: "2025-06-30")
        let by: [CountDimension] = [.school, .maand, .categorie, .locatie, .politie]
        let before = try Counts.compute(by: by, in: mart.database).render(.csv)
        let martBefore = try mart.test.martLines()
        let incidentsBefore = try (mart.test.int("SELECT count(*) FROM incident WHERE datum < '2020-06-01'") ?? 0)
        #expect(incidentsBefore > 20)

        let policy = Retention.Policy.standard
        #expect(policy.incidentsKeptFrom(asOf: Day(iso: "2025-06-30")!).description == "2020-06-01")
        let dry = try Retention.apply(policy, asOf: Day(iso: "2025-06-30")!, dryRun: true, in: mart.database)
        #expect(dry.incidentsFolded == incidentsBefore)
        #expect(try mart.test.int("SELECT count(*) FROM incident WHERE datum < '2020-06-01'") == incidentsBefore)

        let done = try Retention.apply(policy, asOf: Day(iso: "2025-06-30")!, dryRun: false, in: mart.database)
        #expect(done == dry)
        #expect(try mart.test.int("SELECT count(*) FROM incident WHERE datum < '2020-06-01'") == 0)
        #expect(try Counts.compute(by: by, in: mart.database).render(.csv) == before)
        #expect(try mart.database.refreshMarts(full: false).kind == .incremental)
        #expect(try mart.test.martLines() == martBefore)
        // The folded months lose only leeftijd and ernst.
        let ages = try Counts.compute(by: [.leeftijd], to: Day(iso: "2020-05-31"), in: mart.database).render(.csv)
        #expect(ages == "leeftijd,aantal\nonbekend,\(incidentsBefore)\n")

        // A row older than the folded date would count twice: refused.
        let late = try mart.ingest(
            "laat.csv", "L1,PO1,2019-05-05,PESTEN,school,nee,12-15,licht\nL2,PO1,2024-05-05,PESTEN,school,nee,12-15,licht\n",
            asOf: "2025-06-30")
        #expect(late.exitStatus == .quarantined)
        let reason = try mart.test.strings("SELECT reden FROM quarantine ORDER BY id DESC LIMIT 1").first
        #expect(reason?.contains("bewaartermijn") == true, "\(reason ?? "")")
        // Applying it again changes nothing.
        #expect(try Retention.apply(policy, asOf: Day(iso: "2025-06-30")!, dryRun: false, in: mart.database).incidentsFolded == 0)
    }
}

@Suite("retention settings")
struct RetentionSettingTests {
    @Test("a retention that would fold incidents of the covenant period is refused, nothing changed")
    func insideCovenant() throws {
        let mart = try MartTestDatabase()
        try mart.ingest("a.csv", "R1,PO1,2024-01-10,PESTEN,school,nee,12-15,licht\n", asOf: "2025-06-30")
        let short = try Retention.Policy(parameters: ["retention_incident_months": "12"])
        #expect { try Retention.apply(short, asOf: Day(iso: "2025-06-30")!, dryRun: false, in: mart.database) } throws: { error in
            "\(error)".contains("convenantperiode") && "\(error)".contains("minstens 19 maanden")
        }
        #expect(try mart.test.int("SELECT count(*) FROM incident") == 1)
        #expect(throws: UsageError.self) { try Retention.Policy(parameters: ["retention_incident_months": "drie"]) }
        // Two years after the covenant period ended, its incidents may go.
        #expect(
            try Retention.apply(short, asOf: Day(iso: "2029-12-31")!, today: Day(iso: "2029-12-31")!, dryRun: true, in: mart.database)
                .incidentsFolded == 1)
    }

    @Test("retention folds by the real date, never by a later as-of: nothing folded, nothing changed")
    func laterAsOfFoldsByToday() throws {
        let mart = try MartTestDatabase()
        try mart.ingest("a.csv", "R1,PO1,2024-01-10,PESTEN,school,nee,12-15,licht\n", asOf: "2025-06-30")
        let short = try Retention.Policy(parameters: ["retention_incident_months": "12"])
        let before = try mart.test.rows("SELECT * FROM incident ORDER BY incident_id")
        // An as-of years ahead (a typo) on a real date inside the covenant period: refused as
        // it would be on that real date, and nothing folded.
        #expect(throws: UsageError.self) {
            try Retention.apply(short, asOf: Day(iso: "2036-01-01")!, today: Day(iso: "2025-06-30")!, dryRun: false, in: mart.database)
        }
        let standard = Retention.Policy.standard
        let summary = try Retention.apply(
            standard, asOf: Day(iso: "2036-01-01")!, today: Day(iso: "2025-06-30")!, dryRun: false, in: mart.database)
        #expect(summary.incidentsFolded == 0)
        #expect(summary.incidentsBefore == Day(iso: "2020-06-01")!)
        #expect(try mart.test.rows("SELECT * FROM incident ORDER BY incident_id") == before)
    }
}
