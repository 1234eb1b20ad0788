import Analytics
import Domain
import Foundation
import TestSupport
import Testing

@Suite("naleving: police involvement for meldplicht ja, afweging as information, only after joining")
struct ComplianceTests {
    @Test("shares per meldplicht; OVERLAST (nee) left out; MBO1's incident before it joined not counted", arguments: TestStores.kinds)
    func shares(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingest(
            "all.csv",
            """
            A1,VO1,2024-04-02,WAPENS,school,ja,16-17,zwaar
            A2,VO1,2024-04-03,DRUGS,school,nee,16-17,zwaar
            A3,PO1,2024-05-04,FYSIEK_GEWELD,school,,0-11,licht
            A4,PO1,2024-05-05,PESTEN,school,ja,0-11,licht
            A5,PO2,2024-05-06,OVERLAST,school,nee,0-11,licht
            A6,MBO1,2024-02-10,WAPENS,school,nee,18+,zwaar
            A7,MBO1,2024-03-10,WAPENS,school,ja,18+,zwaar

            """)
        let table = try Compliance.compute(by: [], period: Period.parse("2024"), asOf: Day(iso: "2026-06-30")!, in: mart.database)
        #expect(
            table.render(.csv) == """
                periode,meldplicht,aantal,politie_ja,politie_nee,politie_onbekend,aandeel_politie,beoordeling
                2024,afweging,1,1,0,0,100.0,ter informatie
                2024,ja,4,2,1,1,50.0,naleving

                """)
        let bySchool = try Compliance.compute(
            by: [.school], period: Period.parse("2024-02"), asOf: Day(iso: "2026-06-30")!, in: mart.database)
        // In February 2024 MBO1 had not joined: no row for it; the others joined but had no such incidents.
        #expect(!bySchool.rows.contains { $0.keys[1] == "MBO1" })
        #expect(bySchool.rows.filter { $0.keys[1] == "VO1" }.map { $0.values[0] } == [.integer(0), .integer(0)])
        #expect(bySchool.rows.filter { $0.keys[1] == "VO1" }.map { $0.values[4] } == [.empty, .empty])
        #expect(throws: UsageError.self) {
            try Compliance.compute(by: [.politie], period: Period.parse("2024"), asOf: Day(iso: "2026-06-30")!, in: mart.database)
        }
    }
}
