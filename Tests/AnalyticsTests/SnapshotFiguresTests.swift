import Analytics
import Domain
import Store
import Testing

/// The mart tables are pure functions of a `MartSnapshot`: these tests build the records by hand
/// and need no database.
@Suite("mart figures from a snapshot, without a database")
struct SnapshotFiguresTests {
    static let months = Month(year: 2025, month: 1)!...Month(year: 2025, month: 3)!

    /// Two VO schools in one stadsdeel: VO1 delivered January (rows) and declared February and
    /// March (a zero report); VO2 joined on 15 February and delivered nothing; VO3 is in another
    /// stadsdeel and delivered March only.
    static func snapshot() -> MartSnapshot {
        let month = { (m: Int) in Month(year: 2025, month: m)! }
        return MartSnapshot(
            months: months, referenceHash: "abc",
            schools: [
                SchoolRecord(code: "VO1", sector: "VO", wijk: "W1", stadsdeel: "Haven", gebied: "Oost", aangeslotenPer: nil),
                SchoolRecord(
                    code: "VO2", sector: "VO", wijk: "W1", stadsdeel: "Haven", gebied: "Oost", aangeslotenPer: Day(iso: "2025-02-15")),
                SchoolRecord(code: "VO3", sector: "VO", wijk: "W2", stadsdeel: "Poort", gebied: "West", aangeslotenPer: nil),
            ],
            wijken: [WijkPlace(code: "W1", stadsdeel: "Haven", gebied: "Oost"), WijkPlace(code: "W2", stadsdeel: "Poort", gebied: "West")],
            categories: [
                CategoryRecord(code: "PESTEN", label: "Pesten", meldplicht: "nee"),
                CategoryRecord(code: "WAPENS", label: "Wapenbezit", meldplicht: "ja"),
            ],
            enrolment: [
                EnrolmentRecord(schoolCode: "VO1", schooljaar: "2024-2025", leerlingen: 600),
                EnrolmentRecord(schoolCode: "VO3", schooljaar: "2024-2025", leerlingen: 900),
            ],
            agreements: [],
            deliveredMonths: [
                DeliveredMonth(deliveryId: 1, schoolCode: "VO1", month: month(1)),
                DeliveredMonth(deliveryId: 3, schoolCode: "VO3", month: month(3)),
            ],
            declaredPeriods: [DeclaredPeriod(deliveryId: 2, schoolCode: "VO1", from: Day(iso: "2025-02-01")!, to: Day(iso: "2025-03-31")!)],
            deliveries: [
                DeliveryRecord(id: 1, sha256: "a", schools: "VO1"),
                DeliveryRecord(id: 2, sha256: "b", schools: "VO1", period: "2025-02-01..2025-03-31"),
                DeliveryRecord(id: 3, sha256: "c", schools: "VO3"),
            ],
            facts: [
                FactRecord(schoolCode: "VO1", month: month(1), categorie: "PESTEN", locatie: "school", politie: "nee", aantal: 3),
                FactRecord(schoolCode: "VO1", month: month(1), categorie: "WAPENS", locatie: "school", politie: "ja", aantal: 1),
                FactRecord(schoolCode: "VO3", month: month(3), categorie: "WAPENS", locatie: "omgeving", politie: "nee", aantal: 2),
            ])
    }

    @Test("per stadsdeel: counts, the reference enrolment of every school, a rate only where all delivered, delivery status")
    func figuresByStadsdeel() throws {
        let table = try MartFigures.compute(
            by: [.stadsdeel], period: Period.parse("2025-Q1"), asOf: Day(iso: "2025-06-30")!,
            filter: SchoolFilter(), Self.snapshot())
        // Haven: VO1 delivered 3 months, VO2 (joined 15 February) did not deliver and has no enrolment
        // in the reference: no enrolment, and no rate since not every school delivered.
        // Poort: VO3 delivered March only: its enrolment (900, reference) whoever delivered; no rate.
        #expect(
            table.render(.csv) == """
                periode,stadsdeel,aantal,leerlingen,per_1000,aanlevering
                2025-Q1,Haven,4,,onvolledig,gedeeltelijk
                2025-Q1,Poort,2,900.0,onvolledig,gedeeltelijk

                """)
    }

    @Test("the school-month frame: joined, due, delivered by rows or by a declared period")
    func frame() {
        let frame = SchoolMonthFrame.make(
            months: Array(Month.range(Self.months.lowerBound, Self.months.upperBound)), asOf: Day(iso: "2025-02-28")!,
            filter: SchoolFilter(), Self.snapshot())
        #expect(frame.schools.map(\.code) == ["VO1", "VO2", "VO3"])
        #expect((0..<3).map { frame.cell(school: 0, month: $0).delivered } == [true, true, true])
        #expect((0..<3).map { frame.cell(school: 1, month: $0).joined } == [false, true, true])
        #expect((0..<3).map { frame.cell(school: 2, month: $0).due } == [true, true, false])
        #expect(frame.cell(school: 2, month: 2).enrolment == 900)
        #expect(!frame.allJoined)
    }

    @Test("naleving counts only joined school-months; aanlevering per school and month")
    func complianceAndCompleteness() throws {
        let snapshot = Self.snapshot()
        let period = try Period.parse("2025-Q1")
        let compliance = try Compliance.compute(by: [], period: period, asOf: Day(iso: "2025-06-30")!, filter: SchoolFilter(), snapshot)
        #expect(
            compliance.render(.csv) == """
                periode,meldplicht,aantal,politie_ja,politie_nee,politie_onbekend,aandeel_politie,beoordeling
                2025-Q1,afweging,0,0,0,0,,ter informatie
                2025-Q1,ja,3,1,2,0,33.3,naleving

                """)
        let completeness = try Completeness.compute(
            by: [.school], period: period, asOf: Day(iso: "2025-06-30")!, filter: SchoolFilter(), snapshot)
        #expect(completeness.rows.map { $0.values.last } == [.text("volledig"), .text("niet aangeleverd"), .text("gedeeltelijk")])
        #expect(Completeness.missing(period: period, asOf: Day(iso: "2025-06-30")!, snapshot).map(\.school) == ["VO2", "VO3"])
    }

    @Test("the deliveries covering a period: declared periods that overlap it, or rows in its months")
    func deliveriesCovering() throws {
        let snapshot = Self.snapshot()
        #expect(snapshot.deliveries(covering: try Period.parse("2025-01")).map(\.id) == [1])
        #expect(snapshot.deliveries(covering: try Period.parse("2025-02")).map(\.id) == [2])
        #expect(snapshot.deliveries(covering: try Period.parse("2025-03")).map(\.id) == [2, 3])
        #expect(snapshot.covers(try Period.parse("2025-Q1")))
        #expect(!snapshot.covers(try Period.parse("2025-H1")))
        // A period the snapshot does not hold is an error, never a table of zeros.
        #expect(throws: FailureError.self) {
            try MartFigures.compute(
                by: [], period: Period.parse("2025-04"), asOf: Day(iso: "2025-06-30")!, filter: SchoolFilter(), snapshot)
        }
    }
}
