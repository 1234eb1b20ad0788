import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Aggregated deliveries (SPEC §2b)")
struct AggregatedDeliveryTests {
    static let asOf = Day(iso: "2025-06-30")!

    final class Setup {
        let folder: TemporaryFolder
        let test: TestStore
        var database: any PipelineStore { test.store }
        init(_ kind: StoreKind = .sqlite) throws {
            folder = try TemporaryFolder()
            test = try TestStores.withSmallReference(kind, in: folder)
        }
        func ingest(_ name: String, _ text: String) throws -> FileSummary {
            try Ingester(database: database, asOf: AggregatedDeliveryTests.asOf).ingest(path: try folder.write(name, text))
        }
        func counts(_ by: String, from: String? = nil, to: String? = nil) throws -> String {
            try Counts.compute(
                by: CountDimension.parseList(by), from: from.flatMap { Day(iso: $0) }, to: to.flatMap { Day(iso: $0) },
                in: database
            ).render(.csv)
        }
    }

    static func totals(_ summary: FileSummary) -> AggregateWriter.Totals? {
        if case .aggregated(let totals) = summary.outcome { totals } else { nil }
    }

    static let incidents = """
        incident_id,school_code,datum,categorie,locatie,politie
        1,VO1,2025-01-03,PESTEN,school,nee
        2,VO1,2025-01-20,PESTEN,school,nee
        3,VO1,2025-01-21,WAPENS,omgeving,ja
        4,VO1,2025-03-02,PESTEN,online,nee
        5,MBO1,2024-12-31,DRUGS,school,ja

        """
    static let aggregated = """
        school_code;maand;categorie;locatie;politie;aantal
        VO1;2025-01;PESTEN;school;nee;2
        VO1;2025-01;Wapens (bezit, gebruik of handel);omgeving;ja;1
        VO1;2025-02;PESTEN;school;nee;0
        VO1;2025-03;pesten;online;nee;1
        MBO1;2024-12;DRUGS;school;JA;1

        """

    @Test("counts from an aggregated delivery equal those of the same incidents", arguments: TestStores.kinds)
    func equalsIncidents(kind: StoreKind) throws {
        let fromIncidents = try Setup(kind)
        _ = try fromIncidents.ingest("i.csv", Self.incidents)
        let fromCounts = try Setup(kind)
        let summary = try fromCounts.ingest("a.csv", Self.aggregated)
        let totals = Self.totals(summary)
        #expect(totals?.cells == 5)
        #expect(totals?.incidents == 5)
        #expect(totals?.months == 4)
        #expect(summary.line.contains("geaggregeerd"))
        for by in [
            "school,maand,categorie,locatie,politie", "sector,stadsdeel,kwartaal", "schooljaar,halfjaar,jaar", "leeftijd,ernst",
            "gebied,wijk",
        ] {
            #expect(try fromCounts.counts(by) == fromIncidents.counts(by), "\(by)")
        }
        // Whole months only within --from/--to.
        #expect(try fromCounts.counts("maand", from: "2025-01-01", to: "2025-03-31") == "maand,aantal\n2025-01,3\n2025-03,1\n")
        #expect(try fromCounts.counts("maand", from: "2025-01-02", to: "2025-03-31") == "maand,aantal\n2025-03,1\n")
    }

    @Test("the months it lists replace the school's earlier data, explicit zeros included", arguments: TestStores.kinds)
    func replacesMonths(kind: StoreKind) throws {
        let setup = try Setup(kind)
        _ = try setup.ingest("i.csv", Self.incidents + "6,VO1,2025-02-14,DIEFSTAL,school,ja\n")
        let summary = try setup.ingest("a.csv", Self.aggregated)
        // Incidents 1-4 and 6 (VO1, Jan-Mar) and 5 (MBO1, Dec) are replaced by the counts.
        #expect(Self.totals(summary)?.retracted == 6)
        #expect(try setup.counts("maand") == "maand,aantal\n2024-12,1\n2025-01,3\n2025-03,1\n")
        let retracted = try setup.test.int("SELECT count(*) FROM retraction")
        #expect(retracted == 6)
        // A later aggregated delivery for February replaces only February.
        _ = try setup.ingest("a2.csv", "school_code,maand,categorie,aantal\nVO1,2025-02,DIEFSTAL,4\n")
        #expect(try setup.counts("maand") == "maand,aantal\n2024-12,1\n2025-01,3\n2025-02,4\n2025-03,1\n")
        #expect(try setup.counts("locatie,politie,leeftijd").contains("onbekend,onbekend,onbekend,4"))
    }

    @Test("invalid and conflicting rows are quarantined; identical repeats count once", arguments: TestStores.kinds)
    func quarantine(kind: StoreKind) throws {
        let setup = try Setup(kind)
        let summary = try setup.ingest(
            "a.csv",
            """
            school_code,maand,categorie,locatie,politie,aantal
            VO1,2025-01,PESTEN,school,nee,2
            VO1,2025-01,PESTEN,school,nee,2
            VO1,2025-02,PESTEN,school,nee,1
            VO1,2025-02,PESTEN,school,nee,3
            VO1,2025-13,PESTEN,school,nee,1
            VO1,2025-09,PESTEN,school,nee,1
            ZZ9,2025-01,PESTEN,school,nee,1
            VO1,2025-01,RUZIE,school,nee,1
            VO1,2025-01,DRUGS,school,nee,-1
            VO1,2025-01,DRUGS,school,nee,1.5

            """)
        let totals = Self.totals(summary)
        #expect(totals?.quarantinedLines == 8)
        #expect(totals?.cells == 1)
        #expect(summary.exitStatus == .quarantined)
        #expect(try setup.counts("maand") == "maand,aantal\n2025-01,2\n")
        let lines = try setup.test.strings("SELECT DISTINCT line FROM quarantine ORDER BY line").compactMap { Int($0) }
        #expect(lines == [4, 5, 6, 7, 8, 9, 10, 11])
    }
}
