import Testing

@testable import Disclosure

/// Differences between editions are cells too (issue 17): the revision rule on hand-made
/// changes, and a late delivery into a 2×3 table with margins checked by brute force over the
/// table of changes as a reader holding both editions has it.
@Suite("revision rule: a change between editions is a cell")
struct RevisionRuleTests {
    let rule = SuppressionRule(threshold: 5, marker: "x", minSchools: 3)

    @Test("threshold on the change, the insider rule on each school's part, min_schools over the changed schools")
    func sensitive() {
        #expect(!RevisionRule.isSensitive(difference: 0, parts: [:], rule: rule))
        #expect(RevisionRule.isSensitive(difference: 1, parts: ["A": 1], rule: rule))
        #expect(RevisionRule.isSensitive(difference: -2, parts: ["A": -1, "B": -1, "C": 0], rule: rule))
        // 7 = 5 + 1 + 1: the school with 5 learns that the others changed by 2.
        #expect(RevisionRule.isSensitive(difference: 7, parts: ["A": 5, "B": 1, "C": 1], rule: rule))
        // 12 = 4 + 4 + 4: every school is left with 8, and three schools changed.
        #expect(!RevisionRule.isSensitive(difference: 12, parts: ["A": 4, "B": 4, "C": 4], rule: rule))
        // 20 from two schools only.
        #expect(RevisionRule.isSensitive(difference: 20, parts: ["A": 10, "B": 10], rule: rule))
    }

    @Test("a part of a change: new part minus old part, zero parts left out")
    func changeParts() {
        let revision = CellRevision(old: 10, oldParts: ["A": 4, "B": 6], oldShown: true)
        #expect(revision.changeParts(new: CellContribution(parts: ["A": 5, "B": 6, "C": 2], population: 3)) == ["A": 1, "C": 2])
    }

    /// The old edition showed every cell; school S1 delivers one incident late in R1C1.
    static let old = [[20, 10, 30], [25, 12, 35]]

    func table(revised: Bool) -> PublishedTable {
        var new = Self.old
        new[0][0] += 1
        var table = grid(new)
        let oldTable = grid(Self.old)
        table.contributions = table.rows.indices.map { row in
            let n = table.counts[row], late = table.counts[row] - oldTable.counts[row]
            let third = (n - late) / 3
            return CellContribution(parts: ["S1": third + late, "S2": third, "S3": n - late - 2 * third], population: 3)
        }
        if revised {
            table.revisions = oldTable.rows.indices.map { row in
                let n = oldTable.counts[row], third = n / 3
                return [CellRevision(old: n, oldParts: ["S1": third, "S2": third, "S3": n - 2 * third], oldShown: true)]
            }
        }
        return table
    }

    /// The table of changes a reader holding both editions computes: new − old where the new
    /// edition shows the cell, the marker where it hides it.
    func changes(_ new: RenderedTable) -> RenderedTable {
        let oldTable = grid(Self.old)
        return RenderedTable(
            name: new.name, dimensions: new.dimensions, rows: new.rows,
            values: new.values.enumerated().map { row, value in Int(value).map { String($0 - oldTable.counts[row]) } ?? value })
    }

    @Test("a late delivery of 1: without the rule the change is in plain sight; with it no change of 1..4 is derivable (brute force)")
    func lateDelivery() throws {
        let plain = try Suppressor.suppress([table(revised: false)], rule: rule).tables[0]
        #expect(plain.hiddenSet("x").isEmpty)
        #expect(changes(plain).value("R1", "C1") == "1")

        let result = try Suppressor.suppress([table(revised: true)], rule: rule)
        let out = result.tables[0]
        #expect(out.value("R1", "C1") == "x")
        #expect(out.value("Totaal", "Totaal") == "x")
        let difference = changes(out)
        // Every shown change is 0 or at least 5.
        for value in difference.values { if let d = Int(value) { #expect(d == 0 || abs(d) >= 5, "\(difference.values)") } }
        // A reader who knows the changes are non-negative (a late delivery) cannot narrow a hidden one into 1..4.
        let ranges = try #require(bruteForceRanges(difference, marker: "x", cap: 12, maxHidden: 6))
        for (row, range) in ranges {
            #expect(!(range.0 >= 1 && range.1 <= 4), "\(difference.rows[row]): verschil \(range.0)..\(range.1)")
        }
        // The counts themselves stay protected as ever (all of them 10 or more here).
        #expect(result.primary >= 1)
    }

    // MARK: - Changes of both signs (a recategorisation)

    /// A table whose old edition showed every cell, re-issued with the interior counts `new`;
    /// no contributions, so every change that is not 0 is sensitive (fewer than min_schools
    /// schools changed it).
    func corrected(old: [[Int]], new: [[Int]]) -> PublishedTable {
        var table = grid(new)
        let oldTable = grid(old)
        table.revisions = oldTable.counts.map { [CellRevision(old: $0, oldParts: [:], oldShown: true)] }
        return table
    }

    /// Per hidden row of the new edition, the range of its change over every integer table that
    /// reproduces the new edition's published cells (the old edition is known in full).
    func changeRanges(_ out: RenderedTable, old: [[Int]], cap: Int) throws -> [Int: (Int, Int)] {
        let oldCounts = grid(old).counts
        let ranges = try #require(bruteForceRanges(out, marker: "x", cap: cap, maxHidden: 7))
        var changes: [Int: (Int, Int)] = [:]
        for (row, range) in ranges { changes[row] = (range.0 - oldCounts[row], range.1 - oldCounts[row]) }
        return changes
    }

    func isNarrowed(_ range: (Int, Int)) -> Bool {
        let k = rule.threshold
        return (range.0 >= 1 && range.1 <= k - 1) || (range.1 <= -1 && range.0 >= -(k - 1))
    }

    @Test("one incident moved from A to B in a row: the row total stays 17, A's column total 30 → 29 no longer pins d_A = −1")
    func recategorisation() throws {
        let old = [[10, 7, 12], [20, 8, 9]]
        let new = [[9, 8, 12], [20, 8, 9]]
        let result = try Suppressor.suppress([corrected(old: old, new: new)], rule: rule)
        let out = result.tables[0]
        #expect(out.value("R1", "C1") == "x")
        #expect(out.value("R1", "C2") == "x")
        let oldCounts = grid(old).counts
        // Every shown change is 0 or at least 5 in size.
        for (row, value) in out.values.enumerated() {
            if let n = Int(value) { #expect(n == oldCounts[row] || abs(n - oldCounts[row]) >= 5, "\(out.rows[row]): \(value)") }
        }
        let ranges = try changeRanges(out, old: old, cap: 30)
        for (row, range) in ranges where oldCounts[row] != grid(new).counts[row] {
            #expect(!isNarrowed(range), "\(out.rows[row]): verschil \(range.0)..\(range.1) in \(out.values)")
        }
        // Without a revision the totals of column 1 would show 30 → 29: the rule hid more.
        let plain = try Suppressor.suppress([grid(new)], rule: rule).tables[0]
        #expect(plain.hiddenSet("x").count < out.hiddenSet("x").count)
    }

    @Test("random 2×3 and 3×3 tables, one or two incidents moved between categories: no change narrowed into 1..4 (brute force)")
    func randomCorrections() throws {
        var generator = SplitMix64(seed: 17)
        var checked = 0
        for round in 0..<40 {
            let rows = round % 2 == 0 ? 2 : 3
            let old = (0..<rows).map { _ in (0..<3).map { _ in Int(generator.next() % 10) + 3 } }
            var new = old
            let moves = Int(generator.next() % 2) + 1
            for _ in 0..<moves {
                let r = Int(generator.next() % UInt64(rows))
                let from = Int(generator.next() % 3), to = (from + 1 + Int(generator.next() % 2)) % 3
                // A recategorisation within one row (a school's incident changes category), or across rows.
                let r2 = round % 3 == 0 ? Int(generator.next() % UInt64(rows)) : r
                guard new[r][from] > 0 else { continue }
                new[r][from] -= 1
                new[r2][to] += 1
            }
            guard new != old else { continue }
            let oldCounts = grid(old).counts, newCounts = grid(new).counts
            let out = try Suppressor.suppress([corrected(old: old, new: new)], rule: rule).tables[0]
            for (row, value) in out.values.enumerated() {
                if let n = Int(value) { #expect(n == oldCounts[row] || abs(n - oldCounts[row]) >= 5, "\(old) → \(new): \(out.values)") }
            }
            guard let ranges = bruteForceRanges(out, marker: "x", cap: 20, maxHidden: 6) else { continue }
            checked += 1
            for (row, range) in ranges where oldCounts[row] != newCounts[row] {
                let change = (range.0 - oldCounts[row], range.1 - oldCounts[row])
                #expect(!isNarrowed(change), "\(old) → \(new): \(out.rows[row]) verschil \(change.0)..\(change.1) in \(out.values)")
            }
        }
        #expect(checked >= 20)
    }

    @Test("a correction of both signs beside a large change from three schools: the small change is not left to a subtraction")
    func mixedWithLargeChange() throws {
        // Per school, old and new: S1 moves one incident out of R1C1; each school adds 5 to R1C2.
        let oldParts = [[[4, 10], [7, 14]], [[3, 10], [7, 13]], [[3, 10], [6, 13]]]
        let newParts = [[[3, 15], [7, 14]], [[3, 15], [7, 13]], [[3, 15], [6, 13]]]
        func sum(_ parts: [[[Int]]]) -> [[Int]] { (0..<2).map { r in (0..<2).map { c in parts.reduce(0) { $0 + $1[r][c] } } } }
        let old = sum(oldParts), new = sum(newParts)
        let schools = ["S1", "S2", "S3"]
        let oldGrids = oldParts.map { grid($0).counts }, newGrids = newParts.map { grid($0).counts }
        var table = grid(new)
        table.contributions = table.rows.indices.map { row in
            CellContribution(
                parts: Dictionary(uniqueKeysWithValues: schools.indices.map { (schools[$0], newGrids[$0][row]) }), population: 3)
        }
        table.revisions = table.rows.indices.map { row in
            [
                CellRevision(
                    old: grid(old).counts[row],
                    oldParts: Dictionary(uniqueKeysWithValues: schools.indices.map { (schools[$0], oldGrids[$0][row]) }), oldShown: true)
            ]
        }
        let out = try Suppressor.suppress([table], rule: rule).tables[0]
        #expect(out.value("R1", "C1") == "x")
        let ranges = try changeRanges(out, old: old, cap: 60)
        let oldCounts = grid(old).counts
        for (row, range) in ranges where oldCounts[row] != grid(new).counts[row] {
            #expect(!isNarrowed(range), "\(out.rows[row]): verschil \(range.0)..\(range.1) in \(out.values)")
        }
    }
}
