import Testing

@testable import Disclosure

private let rule = SuppressionRule.standard

@Suite("DisclosureAudit: hand-worked tables as written")
struct AuditTests {
    @Test("primary suppression alone lets a cell be recomputed from its row total; the audit names it")
    func rowTotal() throws {
        let table = grid(
            [[2, 8], [6, 9]], name: "Uitsplitsingen per stadsdeel", rows: "stadsdeel", columns: "categorie",
            rowLabels: ["Buiten", "Haven"], columnLabels: ["WAPENS", "DRUGS"])
        let rendered = PrimarySuppression.render([table], rule: rule)
        #expect(rendered[0].value("Buiten", "WAPENS") == "<5")
        let report = try DisclosureAudit.audit(rendered)
        #expect(!report.passed)
        #expect(
            report.messages == [
                "tabel 'Uitsplitsingen per stadsdeel': de verborgen cel stadsdeel=Buiten, categorie=WAPENS is terug te "
                    + "rekenen tot 2–2"
            ])
        #expect(report.failures.first?.interval == FeasibleInterval(lower: 2, upper: 2))
        #expect(throws: DisclosureError.auditFailed(report.messages)) { try DisclosureAudit.verify(rendered) }
    }

    @Test("a hidden rectangle in a 2×2 table protects its small cell: interval 0–9")
    func rectangle() throws {
        let table = grid([[3, 8], [6, 9]])
        var rendered = PrimarySuppression.render([table], rule: rule)[0]
        for cell in [["R1", "C2"], ["R2", "C1"], ["R2", "C2"]] { rendered.values[rendered.rows.firstIndex(of: cell)!] = "<5" }
        let report = try DisclosureAudit.audit([rendered])
        #expect(report.passed)
        #expect(report.hiddenCells == 4)
        let intervals = try DisclosureAudit.feasibleIntervals([rendered])[0]
        #expect(intervals[rendered.rows.firstIndex(of: ["R1", "C1"])!] == FeasibleInterval(lower: 0, upper: 9))
        #expect(intervals[rendered.rows.firstIndex(of: ["R2", "C2"])!] == FeasibleInterval(lower: 6, upper: 15))
        #expect(intervals[rendered.rows.firstIndex(of: ["R1", "Totaal"])!] == nil)
    }

    @Test("no hidden cell is alone in its row or column, yet the LP narrows the small cell to 1–4")
    func beyondSingletons() throws {
        // Hidden: x11 = 1, x12 = 3 (primary), x21 = 6, x22 = 0. Rows and columns give
        // x11 + x12 = 4, x21 + x22 = 6, x11 + x21 = 7, x12 + x22 = 3, so x11 = 1 + x22 ≥ 1 and x11 ≤ 4.
        let table = grid([[1, 3, 9], [6, 0, 8], [7, 9, 5]])
        var rendered = PrimarySuppression.render([table], rule: rule)[0]
        for cell in [["R2", "C1"], ["R2", "C2"]] { rendered.values[rendered.rows.firstIndex(of: cell)!] = "<5" }
        let report = try DisclosureAudit.audit([rendered])
        #expect(report.messages == ["tabel 'T': de verborgen cel r=R1, c=C1 is terug te rekenen tot 1–4"])
        #expect(report.checkedCells == 4)
    }

    @Test("a cell hidden in one table and published in another is a finding")
    func sharedCellHiddenOnce() throws {
        let a = RenderedTable(
            name: "per stadsdeel", dimensions: ["stadsdeel", "categorie"],
            rows: [["Buiten", "WAPENS"], ["Haven", "WAPENS"], ["Totaal", "WAPENS"]],
            values: ["<5", "<5", "<5"])
        let b = RenderedTable(name: "per categorie", dimensions: ["categorie"], rows: [["WAPENS"]], values: ["12"])
        let report = try DisclosureAudit.audit([a, b])
        #expect(
            report.messages.contains(
                "tabel 'per stadsdeel': de cel stadsdeel=Totaal, categorie=WAPENS is verborgen, maar tabel 'per categorie' "
                    + "publiceert hem (12)"))
    }

    @Test("a published small count is a finding unless it is the audience's own")
    func publishedSmall() throws {
        let table = RenderedTable(
            name: "eigen school", dimensions: ["school", "categorie"],
            rows: [["S1", "WAPENS"], ["S2", "WAPENS"]], values: ["3", "2"], own: [true, false])
        let report = try DisclosureAudit.audit([table])
        #expect(
            report.messages == [
                "tabel 'eigen school': de cel school=S2, categorie=WAPENS is gepubliceerd (2), maar valt onder de drempel van 5"
            ])
    }

    @Test("written tables are read back from header and records; bad values are refused")
    func reading() throws {
        let table = try RenderedTable(
            name: "T", header: ["categorie", "aantal"],
            records: [["WAPENS", "<5"], ["DRUGS", "7"], ["Totaal", "10"]])
        #expect(table.dimensions == ["categorie"])
        #expect(table.records == [["WAPENS", "<5"], ["DRUGS", "7"], ["Totaal", "10"]])
        #expect(try DisclosureAudit.audit([table]).messages == ["tabel 'T': de verborgen cel categorie=WAPENS is terug te rekenen tot 3–3"])
        #expect(throws: DisclosureError.self) {
            try RenderedTable(name: "T", header: ["categorie"], records: [["WAPENS"]])
        }
        let bad = RenderedTable(name: "T", dimensions: ["c"], rows: [["X"]], values: ["vijf"])
        #expect(throws: DisclosureError.malformedTable(table: "T", detail: "rij 1: 'vijf' is geen aantal en niet het teken <5")) {
            try DisclosureAudit.audit([bad])
        }
        let inconsistent = RenderedTable(
            name: "T", dimensions: ["c"], rows: [["X"], ["Y"], ["Totaal"]],
            values: ["7", "8", "16"])
        #expect(throws: DisclosureError.self) { try DisclosureAudit.audit([inconsistent]) }
    }

    @Test("the hidden-rows helper tells callers which derived numbers to blank")
    func hiddenRows() {
        let table = RenderedTable(name: "T", dimensions: ["c"], rows: [["X"], ["Y"], ["Z"]], values: ["<5", "9", "<5"])
        #expect(table.hiddenRows(rule: rule) == [0, 2])
        #expect(table.isHidden(row: 0, rule: rule))
        #expect(!table.isHidden(row: 1, rule: rule))
        #expect(table.hiddenCoordinates(rule: rule) == [["X"], ["Z"]])
    }
}
