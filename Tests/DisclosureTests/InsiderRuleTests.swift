import Foundation
import Testing

@testable import Disclosure

/// Schools as contributors (issue 17), on hand-made contributions: the rule itself, a school that
/// subtracts its own counts, and a cell about fewer than `min_schools` schools kept unresolvable to
/// within ±p %. Every result is checked by brute force over the rendered tables.
@Suite("Insider rule: schools as contributors")
struct InsiderRuleTests {
    @Test("the rule: what remains after removing the largest school, the cell's population, the count itself")
    func rule() {
        let rule = SuppressionRule(threshold: 5, marker: "x", minSchools: 3)
        func reason(_ count: Int, _ parts: [String: Int], schools: Int = 3) -> PrimaryReason? {
            rule.primaryReason(count, contribution: CellContribution(parts: parts, population: schools))
        }
        // 11 = 9 + 2: the school with 9 learns that the others hold 2.
        #expect(reason(11, ["A": 9, "B": 2]) == .smallRemainder)
        #expect(reason(11, ["A": 7, "B": 4]) == .smallRemainder)
        // 12 = 6 + 6: each school learns 6 of the other.
        #expect(reason(12, ["A": 6, "B": 6]) == nil)
        // One school holds the whole cell: the others hold 0, which is not sensitive.
        #expect(reason(9, ["A": 9]) == nil)
        // The count itself, and a cell about two schools (reference data, not counts).
        #expect(reason(3, ["A": 3]) == .smallCount)
        #expect(reason(40, ["A": 20, "B": 20], schools: 2) == .fewSchools)
        #expect(reason(0, [:], schools: 2) == .fewSchools)
        // Without contributors only the count is judged.
        #expect(rule.primaryReason(11, contribution: nil) == nil)
        // The largest part gives the smallest remainder: no other school's remainder is small then.
        let contribution = CellContribution(parts: ["A": 9, "B": 6, "C": 0], population: 3)
        #expect(contribution.largest == 9)
        #expect(contribution.remainder(15, without: "B") == 9)
        #expect(contribution.parts["C"] == nil)
    }

    /// Per category the parts of three schools; the total row is their sum.
    static let parts: [[String: Int]] = [
        ["S1": 9, "S2": 2],  // A = 11: without S1, 2 remain
        ["S1": 3, "S2": 4, "S3": 5],  // B = 12
        ["S1": 5, "S2": 5, "S3": 5],  // C = 15
        ["S1": 4, "S2": 4, "S3": 6],  // D = 14
    ]

    static func table(contributions: Bool) -> PublishedTable {
        let counts = parts.map { $0.values.reduce(0, +) }
        var total: [String: Int] = [:]
        for row in parts { for (school, n) in row { total[school, default: 0] += n } }
        let all = parts.map { CellContribution(parts: $0, population: 3) } + [CellContribution(parts: total, population: 3)]
        return PublishedTable(
            name: "per categorie", dimensions: ["categorie"], rows: [["A"], ["B"], ["C"], ["D"], ["Totaal"]],
            counts: counts + [counts.reduce(0, +)], contributions: contributions ? all : nil)
    }

    @Test("a school that subtracts its own counts learns no small count of the others (brute force per school)")
    func insiders() throws {
        let rule = SuppressionRule(threshold: 5, marker: "x", minSchools: 3)
        // Without contributors every count is 5 or more: nothing is hidden, and S1 reads A − 9 = 2.
        let plain = try Suppressor.suppress([Self.table(contributions: false)], rule: rule)
        #expect(plain.tables[0].hiddenSet("x").isEmpty)

        let result = try Suppressor.suppress([Self.table(contributions: true)], rule: rule)
        let out = result.tables[0]
        #expect(out.value("A") == "x")
        #expect(result.primary == 1)
        #expect(out.hiddenSet("x").count >= 2, "A needs a complement: the total is published")
        for school in ["S1", "S2", "S3"] {
            // What the school reads: every published count minus its own part, the hidden cells unknown.
            let own = Self.parts.map { $0[school] ?? 0 }
            let ownTotal = own.reduce(0, +)
            let rest = RenderedTable(
                name: out.name, dimensions: out.dimensions, rows: out.rows,
                values: out.values.enumerated().map { row, value in
                    guard let n = Int(value) else { return value }
                    return String(n - (row < own.count ? own[row] : ownTotal))
                })
            let ranges = try #require(bruteForceRanges(rest, marker: "x", cap: 60))
            for (row, range) in ranges {
                #expect(!(range.0 >= 1 && range.1 <= 4), "\(school): \(out.rows[row]) − eigen deel ligt in \(range.0)..\(range.1)")
            }
            // Every published count leaves the school 0 or at least 5 of the others.
            for (row, value) in out.values.enumerated() {
                if let n = Int(rest.values[row]), Int(value) != nil { #expect(n == 0 || n >= 5, "\(school): \(out.rows[row]) = \(n)") }
            }
        }
    }

    @Test("a cell about two schools is hidden and stays unresolvable to within ±10 % (brute force)")
    func fewSchools() throws {
        // Column C2 holds two small counts; R1C1 (20) is about two schools only. The schools' parts
        // are not what this tests: none are given (only the populations).
        let values = [[20, 1, 30], [25, 1, 35]]
        func table(population: Int) -> PublishedTable {
            var table = grid(values)
            table.contributions = table.rows.map { row in
                CellContribution(parts: [:], population: row == ["R1", "C1"] ? population : 3)
            }
            return table
        }
        let rule = SuppressionRule(threshold: 5, marker: "x", minSchools: 3)
        let ordinary = try Suppressor.suppress([table(population: 3)], rule: rule).tables[0]
        // The small counts alone (and their column total, 2) are protected through R1C1 (20) and
        // column C1, which leaves R1C1 at most 21: within 10 % above.
        #expect(ordinary.hiddenSet("x").isSuperset(of: [["R1", "C1"], ["R1", "C2"], ["R2", "C1"], ["R2", "C2"]]))
        #expect(try Self.ranges(ordinary)[["R1", "C1"]] == 0...21)

        let out = try Suppressor.suppress([table(population: 2)], rule: rule).tables[0]
        #expect(out.value("R1", "C1") == "x")
        let ranges = try Self.ranges(out)
        let range = try #require(ranges[["R1", "C1"]])
        #expect(range.lowerBound <= 18 && range.upperBound >= 22, "R1C1 = 20 te nauw begrensd: \(range)")
        // The small counts stay protected as well.
        for cell in [["R1", "C2"], ["R2", "C2"]] {
            let small = try #require(ranges[cell])
            #expect(!(small.lowerBound >= 1 && small.upperBound <= 4), "\(cell): \(small)")
        }
    }

    /// Brute force over a rendered 2×3 table with margins whose row totals are published: every
    /// non-negative integer completion that reproduces every published value, and per hidden
    /// interior cell the range of its values.
    static func ranges(_ table: RenderedTable) throws -> [[String]: ClosedRange<Int>] {
        let rows = ["R1", "R2"], columns = ["C1", "C2", "C3"]
        let cell = rows.map { r in columns.map { c in Int(table.value(r, c)) } }
        let column = columns.map { Int(table.value("Totaal", $0)) }
        let r1 = try #require(Int(table.value("R1", "Totaal"))), r2 = try #require(Int(table.value("R2", "Totaal")))
        var low = Array(repeating: Array(repeating: Int.max, count: 3), count: 2)
        var high = Array(repeating: Array(repeating: Int.min, count: 3), count: 2)
        for a in 0...r1 {
            for b in 0...(r1 - a) {
                let first = [a, b, r1 - a - b]
                guard (0..<3).allSatisfy({ j in cell[0][j].map { $0 == first[j] } ?? true }) else { continue }
                for d in 0...r2 {
                    for e in 0...(r2 - d) {
                        let second = [d, e, r2 - d - e]
                        guard (0..<3).allSatisfy({ j in cell[1][j].map { $0 == second[j] } ?? true }),
                            (0..<3).allSatisfy({ j in column[j].map { $0 == first[j] + second[j] } ?? true })
                        else { continue }
                        for (i, values) in [first, second].enumerated() {
                            for j in 0..<3 {
                                low[i][j] = min(low[i][j], values[j])
                                high[i][j] = max(high[i][j], values[j])
                            }
                        }
                    }
                }
            }
        }
        var result: [[String]: ClosedRange<Int>] = [:]
        for i in 0..<2 {
            for j in 0..<3 where cell[i][j] == nil && low[i][j] <= high[i][j] { result[[rows[i], columns[j]]] = low[i][j]...high[i][j] }
        }
        return result
    }
}
