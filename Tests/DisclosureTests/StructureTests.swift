import Testing

@testable import Disclosure

private func structure(_ tables: [PublishedTable], _ hierarchies: [Hierarchy] = []) throws -> LongTableStructure {
    try LongTableStructure(
        tables: tables.map { TableShape(name: $0.name, dimensions: $0.dimensions, rows: $0.rows) },
        hierarchies: hierarchies)
}

private func relations(_ s: LongTableStructure) -> Set<String> {
    Set(s.equations.map { e in "\(s.keys[e.parent]) = " + e.children.map { s.keys[$0].description }.joined(separator: " + ") })
}

let wijken = Hierarchy(
    child: "wijk", parent: "stadsdeel",
    parentOf: ["W1": "Noord", "W2": "Noord", "W3": "Zuid"])

@Suite("LongTableStructure: cells and relations of a pack")
struct StructureTests {
    @Test("Totaal and absent dimensions denote the same cell across tables")
    func identity() throws {
        let byArea = PublishedTable(
            name: "A", dimensions: ["stadsdeel", "categorie"],
            rows: [["Totaal", "WAPENS"], ["Noord", "WAPENS"]], counts: [4, 4])
        let byCategory = PublishedTable(name: "B", dimensions: ["categorie"], rows: [["WAPENS"]], counts: [4])
        let s = try structure([byArea, byCategory])
        #expect(s.keys.count == 2)
        #expect(s.variableOfRow[0][0] == s.variableOfRow[1][0])
        #expect(s.keys[s.variableOfRow[0][0]] == CellKey(["categorie": "WAPENS", "stadsdeel": "Totaal"]))
        #expect(s.describe(s.variableOfRow[1][0]) == (table: "A", cell: "stadsdeel=Totaal, categorie=WAPENS"))
    }

    @Test("a 2×2 table with margins gives one relation per row, column and grand total")
    func margins() throws {
        let s = try structure([grid([[1, 2], [3, 4]])])
        #expect(
            relations(s) == [
                "r=R1 = c=C1, r=R1 + c=C2, r=R1", "r=R2 = c=C1, r=R2 + c=C2, r=R2",
                "c=C1 = c=C1, r=R1 + c=C1, r=R2", "c=C2 = c=C2, r=R1 + c=C2, r=R2",
                "Totaal = r=R1 + r=R2", "Totaal = c=C1 + c=C2",
            ])
        try s.validate(counts: grid([[1, 2], [3, 4]]).counts)  // one table: variables in row order
    }

    @Test("a wijk table and a stadsdeel table are linked through the hierarchy")
    func hierarchy() throws {
        let byWijk = PublishedTable(
            name: "wijk", dimensions: ["wijk"], rows: [["W1"], ["W2"], ["W3"], ["Totaal"]],
            counts: [3, 9, 7, 19])
        let byArea = PublishedTable(
            name: "stadsdeel", dimensions: ["stadsdeel"],
            rows: [["Noord"], ["Zuid"], ["Totaal"]], counts: [12, 7, 19])
        let s = try structure([byWijk, byArea], [wijken])
        #expect(
            relations(s) == [
                "Totaal = wijk=W1 + wijk=W2 + wijk=W3", "Totaal = stadsdeel=Noord + stadsdeel=Zuid",
                "stadsdeel=Noord = wijk=W1 + wijk=W2", "stadsdeel=Zuid = wijk=W3",
            ])
        // Without the declaration the two tables only share the grand total.
        #expect(try structure([byWijk, byArea]).equations.count == 2)
    }

    @Test("a table with both stadsdeel and wijk columns keys cells by the wijk")
    func nestedColumns() throws {
        let nested = PublishedTable(
            name: "N", dimensions: ["stadsdeel", "wijk"],
            rows: [["Noord", "W1"], ["Noord", "Totaal"], ["Totaal", "Totaal"]], counts: [3, 3, 3])
        let s = try structure([nested], [wijken])
        #expect(s.keys[s.variableOfRow[0][0]] == CellKey(["wijk": "W1"]))
        #expect(relations(s) == ["stadsdeel=Noord = wijk=W1", "Totaal = stadsdeel=Noord", "Totaal = wijk=W1"])
        let wrong = PublishedTable(name: "N", dimensions: ["stadsdeel", "wijk"], rows: [["Zuid", "W1"]], counts: [3])
        #expect(throws: DisclosureError.self) { try structure([wrong], [wijken]) }
    }

    @Test("a two-step roll-up without an intermediate table is still a relation")
    func twoStepRollUp() throws {
        let months = Hierarchy(
            child: "maand", parent: "kwartaal",
            parentOf: ["2025-01": "2025-Q1", "2025-02": "2025-Q1"])
        let fine = PublishedTable(
            name: "fijn", dimensions: ["wijk", "maand"],
            rows: [["W1", "2025-01"], ["W1", "2025-02"], ["W2", "2025-01"]], counts: [1, 2, 3])
        let coarse = PublishedTable(
            name: "grof", dimensions: ["stadsdeel", "kwartaal"],
            rows: [["Noord", "2025-Q1"]], counts: [6])
        let s = try structure([fine, coarse], [wijken, months])
        #expect(
            relations(s) == ["kwartaal=2025-Q1, stadsdeel=Noord = maand=2025-01, wijk=W1 + maand=2025-02, wijk=W1 + maand=2025-01, wijk=W2"]
        )
    }

    @Test("totals that do not add up are refused with a Dutch message")
    func validation() throws {
        var table = grid([[1, 2], [3, 4]])
        table.counts[table.rows.firstIndex(of: ["R1", "Totaal"])!] = 4
        let error = #expect(throws: DisclosureError.self) { try Suppressor.suppress([table]) }
        #expect(
            error?.description
                == "tabel 'T': het totaal r=R1, c=Totaal is 4, maar de onderliggende cellen (c → Totaal) tellen op tot 3")
        let a = PublishedTable(name: "A", dimensions: ["c"], rows: [["X"]], counts: [7])
        let b = PublishedTable(name: "B", dimensions: ["c"], rows: [["X"]], counts: [8])
        #expect(throws: DisclosureError.conflictingValues(cell: "c=X", first: "7 in tabel 'A'", second: "8 in tabel 'B'")) {
            try Suppressor.suppress([a, b])
        }
        let twice = PublishedTable(name: "A", dimensions: ["c"], rows: [["X"], ["X"]], counts: [7, 7])
        #expect(throws: DisclosureError.duplicateCell(table: "A", cell: "c=X")) { try Suppressor.suppress([twice]) }
        #expect(throws: DisclosureError.self) {
            try Suppressor.suppress(
                [a],
                hierarchies: [
                    Hierarchy(child: "c", parent: "d", parentOf: [:]),
                    Hierarchy(child: "d", parent: "c", parentOf: [:]),
                ])
        }
    }
}
