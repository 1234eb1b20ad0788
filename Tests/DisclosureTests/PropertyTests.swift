import Testing

@testable import Disclosure

private let rule = SuppressionRule.standard
private let criterion = ProtectionCriterion(rule: rule)

/// A random table with margins: 2 or 3 dimensions, small counts.
private func randomTable(_ rng: inout SplitMix64, dimensions: Int, maxSize: Int, maxCount: Int = 12) -> PublishedTable {
    let names = ["wijk", "categorie", "kwartaal"]
    let labels = (0..<dimensions).map { d in (0..<rng.int(2...maxSize)).map { "\(names[d].prefix(1).uppercased())\($0 + 1)" } }
    var values: [[Int]: Int] = [:]
    return cube("random", Array(names.prefix(dimensions)), labels) { cell in
        if let v = values[cell] { return v }
        let v = rng.smallCount(max: maxCount)
        values[cell] = v
        return v
    }
}

/// The checks every suppressed pack must pass.
private func checkSuppressed(_ tables: [PublishedTable], hierarchies: [Hierarchy] = [], seed: Int) throws {
    let result = try Suppressor.suppress(tables, hierarchies: hierarchies)
    // Independent audit on the strings (no true values).
    let report = try DisclosureAudit.audit(result.tables, hierarchies: hierarchies)
    #expect(report.passed, "seed \(seed): \(report.messages)")
    for (input, output) in zip(tables, result.tables) {
        for (count, written) in zip(input.counts, output.values) {
            if rule.isSensitive(count) {
                #expect(written == rule.marker, "seed \(seed)")
            } else {
                #expect(written == rule.marker || written == String(count), "seed \(seed)")
            }
        }
    }
}

@Suite("Properties over random tables")
struct PropertyTests {
    @Test("random two-way tables: after suppression the audit always passes", arguments: 0..<120)
    func twoWay(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        try checkSuppressed([randomTable(&rng, dimensions: 2, maxSize: 7)], seed: seed)
    }

    @Test("random three-way tables: after suppression the audit always passes", arguments: 0..<40)
    func threeWay(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 5000)
        try checkSuppressed([randomTable(&rng, dimensions: 3, maxSize: 4)], seed: seed)
    }

    @Test("random wijk × categorie with a stadsdeel table: the audit passes across the hierarchy", arguments: 0..<40)
    func hierarchy(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 9000)
        let wijkCount = rng.int(3...8)
        let wijkLabels = (1...wijkCount).map { "W\($0)" }
        let parentOf = Dictionary(uniqueKeysWithValues: wijkLabels.enumerated().map { ($1, "S\($0 % 3 + 1)") })
        let areas = Array(Set(parentOf.values)).sorted()
        let categories = (1...rng.int(2...4)).map { "K\($0)" }
        var interior: [[Int]] = wijkLabels.map { _ in categories.map { _ in rng.smallCount() } }
        if seed % 2 == 0 { interior[0][0] = 1 }
        let byWijk = cube("per wijk", ["wijk", "categorie"], [wijkLabels, categories]) { interior[$0[0]][$0[1]] }
        let byArea = cube("per stadsdeel", ["stadsdeel", "categorie"], [areas, categories]) { cell in
            wijkLabels.indices.filter { parentOf[wijkLabels[$0]] == areas[cell[0]] }.reduce(0) { $0 + interior[$1][cell[1]] }
        }
        try checkSuppressed(
            [byWijk, byArea], hierarchies: [Hierarchy(child: "wijk", parent: "stadsdeel", parentOf: parentOf)],
            seed: seed)
    }

    @Test(
        "tiny tables: the LP audit agrees with enumerating integer completions, for primary-only and for random extra hiding",
        arguments: 0..<200)
    func auditAgainstBruteForce(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 20_000)
        let columns = seed % 3 == 0 ? 2 : 3
        let labels = [["R1", "R2"], (1...columns).map { "C\($0)" }]
        let table = cube("T", ["r", "c"], labels) { _ in rng.int(0...8) }
        var rendered = PrimarySuppression.render([table], rule: rule)[0]
        if seed % 2 == 1 {
            // Some further cells hidden at random: sometimes enough, sometimes not.
            for row in rendered.rows.indices where rng.int(0...9) < 4 { rendered.values[row] = rule.marker }
        }
        guard let ranges = bruteForceRanges(rendered, marker: rule.marker, cap: 40, maxHidden: 4) else { return }
        let report = try DisclosureAudit.audit([rendered])
        let intervals = try DisclosureAudit.feasibleIntervals([rendered])[0]
        var expectedFailures: [String] = []
        for (row, range) in ranges.sorted(by: { $0.key < $1.key }) {
            let interval = try #require(intervals[row])
            #expect(interval.lowestCount == range.0, "seed \(seed), row \(table.rows[row])")
            if let high = interval.highestCount {
                #expect(high == range.1, "seed \(seed), row \(table.rows[row])")
            } else {
                #expect(range.1 >= rule.threshold, "seed \(seed), row \(table.rows[row])")
            }
            if range.0 >= 1 && range.1 <= rule.threshold - 1 {
                expectedFailures.append("r=\(table.rows[row][0]), c=\(table.rows[row][1])")
            }
        }
        #expect(report.failures.map(\.cell) == expectedFailures, "seed \(seed)")
    }

    @Test(
        "tiny tables: after suppression no hidden small cell has only small integer completions",
        arguments: 0..<80)
    func suppressedAgainstBruteForce(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 30_000)
        let labels = [["R1", "R2"], (1...(seed % 2 == 0 ? 2 : 3)).map { "C\($0)" }]
        let table = cube("T", ["r", "c"], labels) { _ in rng.int(0...8) }
        let result = try Suppressor.suppress([table])
        guard let ranges = bruteForceRanges(result.tables[0], marker: rule.marker, cap: 40, maxHidden: 6) else { return }
        for (row, range) in ranges where rule.isSensitive(table.counts[row]) {
            #expect(range.0 == 0 || range.1 >= rule.threshold, "seed \(seed), row \(table.rows[row]): \(range)")
        }
    }

    @Test(
        "the audit catches primary-only suppression of random tables whenever elimination alone recovers a cell",
        arguments: 0..<40)
    func primaryOnlyCaught(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 40_000)
        let table = randomTable(&rng, dimensions: 2, maxSize: 6)
        let rendered = PrimarySuppression.render([table], rule: rule)
        let report = try DisclosureAudit.audit(rendered)
        // A small hidden cell that is the only hidden cell of a full row or column is recomputable.
        let hidden = Set(rendered[0].hiddenRows(rule: rule))
        var singled: Set<Int> = []
        for line in 0..<2 {
            let groups = Dictionary(
                grouping: table.rows.indices.filter { !table.rows[$0].contains("Totaal") || table.rows[$0][line] == "Totaal" }
            ) {
                table.rows[$0].enumerated().filter { $0.offset != line }.map(\.element)
            }
            for (_, members) in groups {
                let hiddenMembers = members.filter(hidden.contains)
                if hiddenMembers.count == 1 && rule.isSensitive(table.counts[hiddenMembers[0]]) { singled.insert(hiddenMembers[0]) }
            }
        }
        let failed = Set(report.failures.map(\.cell))
        for row in singled {
            #expect(failed.contains("wijk=\(table.rows[row][0]), categorie=\(table.rows[row][1])"), "seed \(seed)")
        }
    }
}
