import Analytics
import Domain
import Foundation
import Store
import TestSupport
import Testing

/// Issue 16, item 2: a rate per 1000 pupils uses the enrolment of every school of the cell
/// (reference data, whoever delivered) and is shown only where all of them delivered.
@Suite("rates per 1000 pupils over the reference enrolment of every school of the cell")
struct ReferenceRateTests {
    func byStadsdeel(_ mart: MartTestDatabase) throws -> String {
        try MartFigures.compute(
            by: [.stadsdeel], period: Period.parse("2024-Q4"), asOf: Day(iso: "2025-01-31")!, filter: SchoolFilter(),
            in: mart.database
        ).render(.csv)
    }

    @Test(
        "onvolledig where a school of the cell did not deliver; the enrolment is the same before and after it delivers",
        arguments: TestStores.kinds)
    func incompleteThenComplete(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        // Buiten: PO1 (300 pupils in 2024-2025) and VO1 (1200); Haven: PO2 (250), MBO1 (3000), SO1 (90).
        try mart.ingest(
            "po1.csv",
            """
            P1,PO1,2024-10-02,PESTEN,school,nee,0-11,licht
            P2,PO1,2024-11-12,PESTEN,school,nee,0-11,licht
            P3,PO1,2024-12-09,DIEFSTAL,school,nee,0-11,licht

            """, asOf: "2025-01-31", period: "2024-Q4", school: "PO1")
        let before = try byStadsdeel(mart)
        #expect(
            before == """
                periode,stadsdeel,aantal,leerlingen,per_1000,aanlevering
                2024-Q4,Buiten,3,1500.0,onvolledig,gedeeltelijk
                2024-Q4,Haven,,3340.0,,niet aangeleverd

                """, "\(before)")
        try mart.ingest(
            "vo1.csv",
            """
            V1,VO1,2024-10-15,WAPENS,school,ja,16-17,zwaar
            V2,VO1,2024-12-01,PESTEN,online,nee,12-15,licht

            """, asOf: "2025-01-31", period: "2024-Q4", school: "VO1")
        let after = try byStadsdeel(mart)
        // 5 incidents over 300 + 1200 pupils: 5 / 1500 × 1000 = 3.33.
        #expect(
            after == """
                periode,stadsdeel,aantal,leerlingen,per_1000,aanlevering
                2024-Q4,Buiten,5,1500.0,3.33,volledig
                2024-Q4,Haven,,3340.0,,niet aangeleverd

                """, "\(after)")
        // The city as a whole: not every school delivered, so no rate; the enrolment of all five.
        let city = try MartFigures.compute(
            by: [], period: Period.parse("2024-Q4"), asOf: Day(iso: "2025-01-31")!, filter: SchoolFilter(), in: mart.database)
        #expect(city.rows.map(\.values) == [[.integer(5), .decimal(4840, places: 1), .text("onvolledig"), .text("gedeeltelijk")]])
    }

    @Test("a school without enrolment for a school year of the cell: no enrolment and no rate", arguments: TestStores.kinds)
    func missingEnrolment(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        // PO1 has no enrolment for 2025-2026 (only VO1 has).
        try mart.ingest("po1.csv", "P1,PO1,2025-09-02,PESTEN,school,nee,0-11,licht\n", asOf: "2025-10-31", period: "2025-09", school: "PO1")
        let table = try MartFigures.compute(
            by: [.school], period: Period.parse("2025-09"), asOf: Day(iso: "2025-10-31")!, filter: SchoolFilter(school: "PO1"),
            in: mart.database)
        #expect(table.rows.map(\.values) == [[.integer(1), .empty, .empty, .text("volledig")]])
    }
}
