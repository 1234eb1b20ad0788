import Foundation
import Testing

@testable import Disclosure

@Suite("A pack of realistic size")
struct RealisticSizeTests {
    @Test("23 wijken × 13 categories × 4 quarters with margins, plus the same by stadsdeel: suppressed and audited")
    func almere() throws {
        var rng = SplitMix64(seed: 2025)
        let wijkLabels = (1...23).map { String(format: "W%02d", $0) }
        let areas = (1...7).map { "S\($0)" }
        let parentOf = Dictionary(uniqueKeysWithValues: wijkLabels.enumerated().map { ($1, areas[$0 % 7]) })
        let categories = (1...13).map { String(format: "K%02d", $0) }
        let quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        // Counts per wijk, category and quarter: mostly small, a few busy wijken.
        var interior: [[[Int]]] = wijkLabels.indices.map { w in
            categories.indices.map { _ in quarters.indices.map { _ in w % 5 == 0 ? rng.int(0...20) : rng.smallCount(max: 9) } }
        }
        interior[0][0][0] = 1
        let byWijk = cube(
            "per wijk, categorie en kwartaal", ["wijk", "categorie", "kwartaal"],
            [wijkLabels, categories, quarters]
        ) { interior[$0[0]][$0[1]][$0[2]] }
        let byArea = cube(
            "per stadsdeel, categorie en kwartaal", ["stadsdeel", "categorie", "kwartaal"],
            [areas, categories, quarters]
        ) { cell in
            wijkLabels.indices.filter { parentOf[wijkLabels[$0]] == areas[cell[0]] }
                .reduce(0) { $0 + interior[$1][cell[1]][cell[2]] }
        }
        let hierarchies = [Hierarchy(child: "wijk", parent: "stadsdeel", parentOf: parentOf)]
        let start = Date()
        let result = try Suppressor.suppress([byWijk, byArea], hierarchies: hierarchies)
        let suppressed = Date()
        let report = try DisclosureAudit.audit(result.tables, hierarchies: hierarchies)
        print(
            "realistic pack: \(byWijk.rows.count + byArea.rows.count) rows, primary \(result.primary), "
                + "secondary \(result.secondary), suppression \(suppressed.timeIntervalSince(start)) s, "
                + "audit \(Date().timeIntervalSince(suppressed)) s")
        #expect(report.passed)
        #expect(result.tables[0].value("W01", "K01", "2025-Q1") == "<5")
        #expect(result.primary > 100)
    }
}
