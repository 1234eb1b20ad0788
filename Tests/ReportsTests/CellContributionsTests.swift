import Disclosure
import Domain
import Store
import Testing

@testable import Reports

/// Schools and the police as contributors (issue 17): the parts of a shared cell are read from the
/// same monthly counts as the cell itself, the population from the reference data; the police's
/// part is the cell's count with `politie = ja`, so what remains without the police's own cases
/// is judged like what remains without one school.
@Suite("contributors of a shared cell")
struct CellContributionsTests {
    static let months = Month(year: 2025, month: 1)!...Month(year: 2025, month: 3)!

    /// Three VO schools; VO3 joins on 1 March. Incidents in January and March.
    static func snapshot() -> MartSnapshot {
        let month = { (m: Int) in Month(year: 2025, month: m)! }
        func fact(_ school: String, _ m: Int, _ categorie: String, _ politie: String, _ n: Int) -> FactRecord {
            FactRecord(schoolCode: school, month: month(m), categorie: categorie, locatie: "school", politie: politie, aantal: n)
        }
        return MartSnapshot(
            months: months, referenceHash: "abc",
            schools: [
                SchoolRecord(code: "VO1", sector: "VO", wijk: "W1", stadsdeel: "Haven", gebied: "Oost", aangeslotenPer: nil),
                SchoolRecord(code: "VO2", sector: "VO", wijk: "W1", stadsdeel: "Haven", gebied: "Oost", aangeslotenPer: nil),
                SchoolRecord(
                    code: "VO3", sector: "VO", wijk: "W1", stadsdeel: "Haven", gebied: "Oost", aangeslotenPer: Day(iso: "2025-03-01")),
            ],
            wijken: [WijkPlace(code: "W1", stadsdeel: "Haven", gebied: "Oost")],
            categories: [
                CategoryRecord(code: "PESTEN", label: "Pesten", meldplicht: "nee"),
                CategoryRecord(code: "WAPENS", label: "Wapenbezit", meldplicht: "ja"),
            ],
            enrolment: [], agreements: [], deliveredMonths: [], declaredPeriods: [], deliveries: [],
            facts: [
                fact("VO1", 1, "PESTEN", "nee", 6), fact("VO2", 1, "PESTEN", "nee", 5), fact("VO1", 1, "WAPENS", "ja", 7),
                fact("VO2", 3, "WAPENS", "ja", 6), fact("VO3", 3, "WAPENS", "nee", 2), fact("VO3", 3, "PESTEN", "nee", 9),
            ])
    }

    @Test("each school's part and the police's, from the monthly counts; the population from the reference data")
    func parts() throws {
        let contributions = CellContributions(snapshot: Self.snapshot(), end: Day(iso: "2025-03-31")!, police: true)
        let all = ["VO1", "VO2", "VO3"]
        let quarter = ["2025-01", "2025-02", "2025-03"]
        let wapens = try #require(
            contributions.contribution(CellScope(schools: all, months: quarter, categories: ["WAPENS"]), count: 15))
        #expect(wapens.parts == ["VO1": 7, "VO2": 6, "VO3": 2, CellContributions.police: 13])
        #expect(wapens.population == 3)
        // The police know 13 of these 15: the rest, 2, is a small count of the schools.
        let rule = SuppressionRule(threshold: 5, marker: "x", minSchools: 3)
        #expect(rule.primaryReason(15, contribution: wapens) == .smallRemainder)
        // A pack of February: VO3 joins only in March, so a cell of its three schools is about two.
        let february = CellContributions(snapshot: Self.snapshot(), end: Day(iso: "2025-02-28")!)
        let january = try #require(february.contribution(CellScope(schools: all, months: ["2025-01"]), count: 18))
        #expect(january.population == 2)
        #expect(rule.primaryReason(18, contribution: january) == .fewSchools)
        // In the quarter's pack the same January cell rests on all three member schools.
        #expect(contributions.contribution(CellScope(schools: all, months: ["2025-01"]), count: 18)?.population == 3)
        // The police's part overlaps the schools': DIEFSTAL-like, 8 = 6 + 2 all with the police.
        // Without the police nothing remains (0), without the first school 2 remain.
        let overlap = CellContribution(parts: ["VO1": 6, "VO2": 2, CellContributions.police: 8], population: 3)
        #expect(overlap.largest == 8)
        #expect(rule.primaryReason(8, contribution: overlap) == .smallRemainder)
        // Pesten over the quarter: 20, at most 9 from one school and none from the police.
        let pesten = try #require(
            contributions.contribution(CellScope(schools: all, months: quarter, categories: ["PESTEN"]), count: 20))
        #expect(pesten.parts[CellContributions.police] == nil)
        #expect(pesten.largest == 9)
        #expect(rule.primaryReason(20, contribution: pesten) == nil)
        // Without the police as contributor (the default): only the schools' parts.
        let schoolsOnly = try #require(
            CellContributions(snapshot: Self.snapshot(), end: Day(iso: "2025-03-31")!).contribution(
                CellScope(schools: all, months: quarter, categories: ["WAPENS"]), count: 15))
        #expect(schoolsOnly.parts == ["VO1": 7, "VO2": 6, "VO3": 2])
        #expect(rule.primaryReason(15, contribution: schoolsOnly) == nil)
        // A count the snapshot does not give: no contributors claimed.
        #expect(contributions.contribution(CellScope(schools: all, months: quarter, categories: ["PESTEN"]), count: 21) == nil)
    }

    @Test("the police's own cases: a pack hides what remains small after them, and stays protected for them (worked by hand)")
    func police() throws {
        let contributions = CellContributions(snapshot: Self.snapshot(), end: Day(iso: "2025-03-31")!, police: true)
        let all = ["VO1", "VO2", "VO3"]
        let quarter = ["2025-01", "2025-02", "2025-03"]
        let rows: [[String]] = [["PESTEN"], ["WAPENS"], ["Totaal"]]
        let counts = [20, 15, 35]
        let scopes = [
            CellScope(schools: all, months: quarter, categories: ["PESTEN"]),
            CellScope(schools: all, months: quarter, categories: ["WAPENS"]), CellScope(schools: all, months: quarter),
        ]
        let parts = zip(scopes, counts).map { contributions.contribution($0, count: $1) }
        #expect(parts.allSatisfy { $0 != nil })
        let table = PublishedTable(name: "kerncijfers", dimensions: ["categorie"], rows: rows, counts: counts, contributions: parts)
        let plain = try Suppressor.suppress(
            [PublishedTable(name: "kerncijfers", dimensions: ["categorie"], rows: rows, counts: counts)],
            rule: SuppressionRule(threshold: 5, marker: "x"))
        #expect(plain.tables[0].values == ["20", "15", "35"], "zonder bijdragers is niets klein")
        let out = try Suppressor.suppress([table], rule: SuppressionRule(threshold: 5, marker: "x", minSchools: 3)).tables[0]
        #expect(out.values[1] == "x", "WAPENS: 15 − 13 van de politie = 2")
        // What the police read: every published count minus their own cases.
        let police = parts.map { $0?.parts[CellContributions.police] ?? 0 }
        #expect(police == [0, 13, 13])
        for (row, value) in out.values.enumerated() {
            if let n = Int(value) { #expect(!(1...4).contains(n - police[row]), "\(rows[row]): \(n) − \(police[row])") }
        }
        // One equation (the total): with it published, the hidden rests share what is left of it,
        // so each can be 0 and at least 5 (by hand: the rests of the hidden cells sum to `left`).
        let hidden = out.values.indices.filter { out.values[$0] == "x" && rows[$0] != ["Totaal"] }
        if let total = Int(out.values[2]) {
            #expect(hidden.count >= 2)
            let left =
                (total - police[2])
                - out.values.indices.filter { $0 != 2 && out.values[$0] != "x" }.map { counts[$0] - police[$0] }.reduce(0, +)
            #expect(left >= 5, "de verborgen resten samen: \(left)")
        }
    }
}
