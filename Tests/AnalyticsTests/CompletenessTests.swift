import Analytics
import Domain
import Foundation
import TestSupport
import Testing

@Suite("aanlevering: which school delivered for which months (SPEC §2c)")
struct CompletenessTests {
    @Test("delivered months, declared periods and zero reports, not joined, not due", arguments: TestStores.kinds)
    func statuses(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingest("po1.csv", "P1,PO1,2024-01-12,PESTEN,school,nee,0-11,licht\nP2,PO1,2024-03-12,PESTEN,school,nee,0-11,licht\n")
        // A zero report for VO1 declares January to March without a single row.
        let zero = try mart.ingest("vo1-nul.csv", "", period: "2024-Q1", school: "VO1")
        #expect(zero.exitStatus == .done)
        try mart.ingest("mbo1.csv", "M1,MBO1,2024-03-20,DIEFSTAL,school,ja,18+,licht\n")
        let table = try Completeness.compute(
            by: [.school, .maand], period: Period.parse("2024-Q1"), asOf: Day(iso: "2024-03-15")!, in: mart.database)
        let status = Dictionary(uniqueKeysWithValues: table.rows.map { ($0.keys.joined(separator: " "), $0.values.last!) })
        #expect(status["PO1 2024-01"] == .text("volledig"))
        #expect(status["PO1 2024-02"] == .text("niet aangeleverd"))
        #expect(status["PO1 2024-03"] == .text("volledig"))
        #expect(status["PO2 2024-03"] == .text("nog niet verwacht"))
        #expect(status["VO1 2024-02"] == .text("volledig"))
        #expect(status["VO1 2024-03"] == .text("volledig"))
        #expect(status["MBO1 2024-01"] == .text("niet aangesloten"))
        #expect(status["MBO1 2024-03"] == .text("volledig"))
        #expect(status["PO2 2024-01"] == .text("niet aangeleverd"))
        #expect(table.rows.count == 15)

        let bySector = try Completeness.compute(
            by: [.sector], period: Period.parse("2024-01..2024-02"), asOf: Day(iso: "2024-03-15")!, in: mart.database)
        #expect(
            bySector.render(.csv) == """
                periode,sector,scholen,volledig,gedeeltelijk,niet_aangeleverd,niet_aangesloten,schoolmaanden_verwacht,schoolmaanden_aangeleverd,aanlevering
                2024-01..2024-02,MBO,1,0,0,0,1,0,0,niet aangesloten
                2024-01..2024-02,PO,2,0,1,1,0,4,1,gedeeltelijk
                2024-01..2024-02,SO,1,0,0,1,0,2,0,niet aangeleverd
                2024-01..2024-02,VO,1,1,0,0,0,2,2,volledig

                """)
        let missing = try Completeness.missing(period: Period.parse("2024-Q1"), asOf: Day(iso: "2024-03-15")!, in: mart.database)
        #expect(
            missing.map { "\($0.school): \($0.months.map(\.description).joined(separator: " "))" } == [
                "PO1: 2024-02", "PO2: 2024-01 2024-02", "SO1: 2024-01 2024-02",
            ])
    }

    @Test("an aggregated delivery declares the months it lists, zeros included", arguments: TestStores.kinds)
    func aggregated(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingestAggregated("so1.csv", "SO1,2024-05,PESTEN,school,nee,0\n")
        let table = try Completeness.compute(
            by: [.school, .maand], period: Period.parse("2024-05"), asOf: Day(iso: "2024-12-31")!,
            filter: SchoolFilter(school: "SO1"), in: mart.database)
        #expect(table.rows.map { $0.values.last } == [.text("volledig")])
        let figures = try MartFigures.compute(
            by: [.school], period: Period.parse("2024-05"), asOf: Day(iso: "2024-12-31")!,
            filter: SchoolFilter(school: "SO1"), in: mart.database)
        #expect(figures.rows.first?.values.first == .integer(0))
    }
}
