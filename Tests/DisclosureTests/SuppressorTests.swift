import Foundation
import Testing

@testable import Disclosure

private let rule = SuppressionRule.standard

@Suite("Suppressor: hand-worked packs")
struct SuppressorTests {
    @Test("2×2 with totals: one small cell needs the other three interior cells, margins stay")
    func twoByTwo() throws {
        let table = grid([[3, 8], [6, 9]])
        let result = try Suppressor.suppress([table])
        let out = result.tables[0]
        #expect(out.hiddenSet("<5") == [["R1", "C1"], ["R1", "C2"], ["R2", "C1"], ["R2", "C2"]])
        #expect(out.value("R1", "Totaal") == "11")
        #expect(out.value("Totaal", "Totaal") == "26")
        #expect(result.primary == 1)
        #expect(result.secondary == 3)
        #expect(result.audit.passed)
        let intervals = try DisclosureAudit.feasibleIntervals(result.tables)[0]
        #expect(intervals[out.rows.firstIndex(of: ["R1", "C1"])!] == FeasibleInterval(lower: 0, upper: 9))
    }

    @Test("3×3: one small cell gets three complements forming a rectangle, chosen by count")
    func threeByThree() throws {
        let table = grid([[2, 10, 12], [9, 7, 11], [8, 13, 6]])
        let result = try Suppressor.suppress([table])
        #expect(result.tables[0].hiddenSet("<5") == [["R1", "C1"], ["R1", "C2"], ["R3", "C1"], ["R3", "C2"]])
        #expect(result.primary == 1)
        #expect(result.secondary == 3)
        // Every published value is the true one.
        for (row, value) in zip(table.rows, result.tables[0].values) where value != "<5" {
            #expect(value == String(table.count(row[0], row[1])))
        }
    }

    @Test("small margins are hidden and protected as well")
    func smallMargins() throws {
        let table = grid([[1, 0, 2], [0, 6, 7], [5, 8, 9]])
        let result = try Suppressor.suppress([table])
        let out = result.tables[0]
        #expect(out.value("R1", "Totaal") == "<5")  // 3
        #expect(out.value("R1", "C2") == "0" || out.value("R1", "C2") == "<5")
        #expect(try DisclosureAudit.audit(result.tables).passed)
    }

    @Test("hierarchy: a wijk table next to a stadsdeel table needs a complement inside the same stadsdeel")
    func hierarchy() throws {
        let byWijk = PublishedTable(
            name: "per wijk", dimensions: ["wijk"], rows: [["W1"], ["W2"], ["W3"], ["Totaal"]],
            counts: [3, 9, 7, 19])
        let byArea = PublishedTable(
            name: "per stadsdeel", dimensions: ["stadsdeel"],
            rows: [["Noord"], ["Zuid"], ["Totaal"]], counts: [12, 7, 19])
        // Table by table one would hide W3 (7, the smallest other wijk); with the stadsdeel table
        // published W1 = Noord − W2 = 3. The audit sees it through the hierarchy.
        let naive = [
            RenderedTable(name: "per wijk", dimensions: ["wijk"], rows: byWijk.rows, values: ["<5", "9", "<5", "19"]),
            RenderedTable(name: "per stadsdeel", dimensions: ["stadsdeel"], rows: byArea.rows, values: ["12", "7", "19"]),
        ]
        #expect(
            try DisclosureAudit.audit(naive, hierarchies: [wijken]).messages
                == ["tabel 'per wijk': de verborgen cel wijk=W1 is terug te rekenen tot 3–3"])
        #expect(try DisclosureAudit.audit(naive).passed)  // blind without the declaration

        let result = try Suppressor.suppress([byWijk, byArea], hierarchies: [wijken])
        #expect(result.tables[0].hiddenSet("<5") == [["W1"], ["W2"]])
        #expect(result.tables[1].hiddenSet("<5").isEmpty)
        #expect(try DisclosureAudit.audit(result.tables, hierarchies: [wijken]).passed)
    }

    @Test("two tables sharing cells hide them in both or neither")
    func sharedCells() throws {
        let detail = grid(
            [[2, 7, 9], [6, 8, 1], [9, 12, 10]], name: "per stadsdeel en categorie",
            rows: "stadsdeel", columns: "categorie", rowLabels: ["Buiten", "Haven", "Poort"],
            columnLabels: ["WAPENS", "DRUGS", "PESTEN"])
        let perCategory = cube("per categorie", ["categorie"], [["WAPENS", "DRUGS", "PESTEN"]]) {
            [17, 27, 20][$0[0]]
        }
        let perArea = cube("per stadsdeel", ["stadsdeel"], [["Buiten", "Haven", "Poort"]]) { [18, 15, 31][$0[0]] }
        let result = try Suppressor.suppress([detail, perCategory, perArea])
        for category in ["WAPENS", "DRUGS", "PESTEN", "Totaal"] {
            #expect(result.tables[0].value("Totaal", category) == result.tables[1].value(category))
        }
        for area in ["Buiten", "Haven", "Poort", "Totaal"] {
            #expect(result.tables[0].value(area, "Totaal") == result.tables[2].value(area))
        }
        #expect(try DisclosureAudit.audit(result.tables).passed)
    }

    @Test("release register: a late delivery cannot reveal a small cell by difference with the last edition")
    func lateDelivery() throws {
        let categories = ["WAPENS", "DRUGS", "PESTEN", "BRAND"]
        let first = cube("per categorie", ["categorie"], [categories]) { [6, 7, 8, 0][$0[0]] }
        let edition1 = try Suppressor.suppress([first], register: ReleaseRegister(audience: "politie"), edition: "2025-05")
        #expect(edition1.tables[0].values == ["6", "7", "8", "0", "21"])
        #expect(edition1.register.value(of: CellKey(["categorie": "Totaal"])) == 21)

        // One late delivery: a single BRAND incident. Hiding BRAND and its cheapest complement
        // (WAPENS) would be fine within this pack, but WAPENS = 6 was published last time.
        let second = cube("per categorie", ["categorie"], [categories]) { [6, 7, 8, 1][$0[0]] }
        let blind = try Suppressor.suppress([second])
        #expect(blind.tables[0].values == ["<5", "7", "8", "<5", "22"])
        let caught = try DisclosureAudit.audit(blind.tables, register: edition1.register, truth: [second])
        #expect(caught.messages == ["tabel 'per categorie': de verborgen cel categorie=BRAND is terug te rekenen tot 1–1"])

        // With the register the unchanged cells stay published and the changed total is hidden.
        let result = try Suppressor.suppress([second], register: edition1.register, edition: "2025-06")
        #expect(result.tables[0].values == ["6", "7", "8", "<5", "<5"])
        #expect(try DisclosureAudit.audit(result.tables, register: edition1.register, truth: [second]).passed)
        // The register keeps the old total (the only value this audience has) and never records BRAND.
        #expect(result.register.value(of: CellKey(["categorie": "Totaal"])) == 21)
        #expect(result.register.value(of: CellKey(["categorie": "BRAND"])) == 0)
        #expect(result.register.entries.first { $0.cell == CellKey(["categorie": "WAPENS"]) }?.edition == "2025-06")
        #expect(result.register.audience == "politie")
    }

    @Test("a small count this audience already received is hidden again, noted, and treated as known")
    func alreadyPublished() throws {
        let categories = ["WAPENS", "DRUGS", "PESTEN"]
        let table = cube("per categorie", ["categorie"], [categories]) { [4, 9, 12][$0[0]] }
        let lenient = SuppressionRule(threshold: 3)
        let first = try Suppressor.suppress([table], rule: lenient, register: ReleaseRegister(audience: "wijkteam"))
        #expect(first.tables[0].values == ["4", "9", "12", "25"])
        let second = try Suppressor.suppress([table], register: first.register)
        // WAPENS = 4 is hidden under the stricter rule, but the audience knows it: no complement
        // can help, so none is chosen, and the audit notes it instead of failing.
        #expect(second.tables[0].values == ["<5", "9", "12", "25"])
        #expect(second.secondary == 0)
        #expect(
            second.audit.notes == [
                "tabel 'per categorie': de cel categorie=WAPENS (4) is in een eerdere versie al aan deze ontvangers gepubliceerd"
            ])
    }

    @Test("a cell that own figures and earlier editions pin down cannot be protected: a Dutch error")
    func cannotProtect() throws {
        let table = PublishedTable(
            name: "per school", dimensions: ["school"], rows: [["S1"], ["S2"], ["Totaal"]],
            counts: [10, 2, 12], own: [true, false, false])
        let register = ReleaseRegister(audience: "school S1", entries: [.init(cell: CellKey([:]), value: 12)])
        let error = #expect(throws: DisclosureError.self) { try Suppressor.suppress([table], register: register) }
        #expect(error == .cannotProtect(table: "per school", cell: "school=S2"))
        #expect(
            error?.description
                == "tabel 'per school': de cel school=S2 is met geen enkele keuze van extra verborgen cellen te beschermen")
        // Without the earlier edition the total is hidden with it.
        #expect(try Suppressor.suppress([table]).tables[0].values == ["10", "<5", "<5"])
    }

    @Test("the register round-trips through JSON")
    func registerCoding() throws {
        let register = ReleaseRegister(
            audience: "school S1",
            entries: [
                .init(cell: CellKey(["wijk": "W1", "categorie": "Totaal"]), value: 12, edition: "2025-05"),
                .init(cell: CellKey([:]), value: 40),
            ])
        let data = try JSONEncoder().encode(register)
        #expect(try JSONDecoder().decode(ReleaseRegister.self, from: data) == register)
        #expect(register.entries.map(\.cell.description) == ["Totaal", "wijk=W1"])
    }

    @Test("own cells are published, never sensitive and never used as complements")
    func ownCells() throws {
        let own: Set<[String]> = [["S1", "WAPENS"], ["S1", "DRUGS"], ["S1", "PESTEN"], ["S1", "Totaal"]]
        let table = cube(
            "eigen school", ["school", "categorie"], [["S1", "S2", "S3"], ["WAPENS", "DRUGS", "PESTEN"]],
            own: own
        ) { [[1, 2, 9], [3, 8, 6], [7, 5, 10]][$0[0]][$0[1]] }
        let result = try Suppressor.suppress([table])
        let out = result.tables[0]
        for cell in own { #expect(out.value(cell[0], cell[1]) == String(table.count(cell[0], cell[1]))) }
        #expect(out.value("S2", "WAPENS") == "<5")
        #expect(result.audit.passed)
        #expect(try DisclosureAudit.audit(result.tables).passed)
    }

    @Test("CBS marker and disclosive zeros")
    func cbsAndZeros() throws {
        let table = grid([[0, 7, 9], [6, 8, 12], [9, 12, 10]])
        let cbs = try Suppressor.suppress([table], rule: .cbs)
        #expect(cbs.tables[0].value("R1", "C1") == "0")
        #expect(cbs.primary == 0)
        let zeros = SuppressionRule(threshold: 5, zerosDisclosive: true, marker: "x")
        let result = try Suppressor.suppress([table], rule: zeros)
        #expect(result.tables[0].value("R1", "C1") == "x")
        #expect(result.secondary >= 3)
        #expect(try DisclosureAudit.audit(result.tables, rule: zeros).passed)
        // A hidden zero must be able to reach the threshold, not merely 0.
        let intervals = try DisclosureAudit.feasibleIntervals(result.tables, rule: zeros)[0]
        let zeroInterval = try #require(intervals[result.tables[0].rows.firstIndex(of: ["R1", "C1"])!])
        #expect((zeroInterval.highestCount ?? .max) >= 5)
    }

    @Test("same input, same output")
    func deterministic() throws {
        var rng = SplitMix64(seed: 99)
        let labels = (1...6).map { "W\($0)" }
        let table = cube("T", ["wijk", "categorie"], [labels, ["A", "B", "C", "D", "E"]]) { _ in rng.smallCount() }
        let first = try Suppressor.suppress([table])
        for _ in 0..<3 { #expect(try Suppressor.suppress([table]) == first) }
    }
}
