import Testing

@testable import Disclosure

/// The one cumulative publication (issue 16): cells of different audiences and cadences over one
/// base; a run is audited against everything published before. Each test checks the outcome with
/// a brute force over the base counts that is independent of atoms and linear programmes.
@Suite("one cumulative publication over a common base")
struct CumulativePublicationTests {
    static let months = ["2026-01", "2026-02", "2026-03", "2026-04"]

    static func base(_ counts: [String: [Int]]) -> [BaseCount] {
        counts.keys.sorted().flatMap { school in
            zip(months, counts[school]!).map {
                BaseCount(school: school, month: $0, categorie: "X", locatie: "school", politie: "ja", count: $1)
            }
        }
    }

    static func scope(_ schools: [String], _ months: ArraySlice<String>) -> CellScope {
        CellScope(schools: schools, months: Array(months), categories: ["X"])
    }

    /// Every value a hidden cell can take over all non-negative integer base counts (0...limit per
    /// school-month) that reproduce every published cell: what a reader can work out, by brute force.
    static func possible(
        hidden: CellScope, published: [(CellScope, Int)], schools: [String], limit: Int = 15
    ) -> Set<Int> {
        // Only the school-months some cell covers (the others change nothing).
        let cells = [hidden] + published.map(\.0)
        let slots = schools.flatMap { school in months.map { (school, $0) } }.filter { slot in
            cells.contains { $0.schools.contains(slot.0) && $0.months.contains(slot.1) }
        }
        var values = [Int](repeating: 0, count: slots.count)
        var result: Set<Int> = []
        func sum(_ scope: CellScope) -> Int {
            zip(slots, values).reduce(0) { total, pair in
                total + (scope.schools.contains(pair.0.0) && scope.months.contains(pair.0.1) ? pair.1 : 0)
            }
        }
        func visit(_ slot: Int) {
            if slot == slots.count {
                if published.allSatisfy({ sum($0.0) == $0.1 }) { result.insert(sum(hidden)) }
                return
            }
            for value in 0...limit {
                values[slot] = value
                visit(slot + 1)
            }
        }
        visit(0)
        return result
    }

    static func disclosed(_ values: Set<Int>) -> Bool { !values.isEmpty && values.allSatisfy { (1...4).contains($0) } }

    @Test("a half-year published after its quarters cannot give a hidden quarter away")
    func halfYearAfterQuarters() throws {
        let base = Self.base(["S1": [1, 2, 5, 7]])
        let first = Self.scope(["S1"], Self.months[0..<2])  // 3: hidden
        let second = Self.scope(["S1"], Self.months[2..<4])  // 12: published
        let whole = Self.scope(["S1"], Self.months[0..<4])  // 15: the other audience's half-year
        // Edition 1 (kerngroep): the first period hidden, the second published.
        let one = try CumulativePublication.protect(
            run: [
                RunCell(scope: first, truth: 3, hidden: true, place: "kerngroep"),
                RunCell(scope: second, truth: 12, hidden: false, place: "kerngroep"),
            ], prior: [], base: base, joinedFrom: [:], rule: .standard)
        #expect(one.alsoHidden.isEmpty)
        // Without the publication's audit a reader of both would know the hidden cell.
        #expect(Self.disclosed(Self.possible(hidden: first, published: [(second, 12), (whole, 15)], schools: ["S1"])))
        // Edition 2 (bestuurlijk): its total is audited against edition 1 and hidden.
        let prior = [PriorCell(scope: first, value: nil), PriorCell(scope: second, value: 12)]
        let two = try CumulativePublication.protect(
            run: [RunCell(scope: whole, truth: 15, hidden: false, place: "bestuurlijk")], prior: prior, base: base,
            joinedFrom: [:], rule: .standard)
        #expect(two.alsoHidden == [whole])
        #expect(!Self.disclosed(Self.possible(hidden: first, published: [(second, 12)], schools: ["S1"])))
    }

    @Test("a city total beside an area pack: the complement that keeps the hidden school-group safe is hidden")
    func areaAndCity() throws {
        // Two schools in two areas; area A's first period is small.
        let base = Self.base(["S1": [1, 1, 6, 6], "S2": [4, 5, 3, 9]])
        let areaFirst = Self.scope(["S1"], Self.months[0..<2])  // 2: hidden by the area pack
        let areaSecond = Self.scope(["S1"], Self.months[2..<4])  // 12
        let areaWhole = Self.scope(["S1"], Self.months[0..<4])  // 14
        let cityFirst = Self.scope(["S1", "S2"], Self.months[0..<2])  // 11
        let otherFirst = Self.scope(["S2"], Self.months[0..<2])  // 9
        // The area pack hid its first period and, within the pack, the whole (its complement).
        let prior = [
            PriorCell(scope: areaFirst, value: nil), PriorCell(scope: areaSecond, value: 12), PriorCell(scope: areaWhole, value: nil),
        ]
        let run = [
            RunCell(scope: cityFirst, truth: 11, hidden: false, place: "kerngroep"),
            RunCell(scope: otherFirst, truth: 9, hidden: false, place: "kerngroep"),
        ]
        let outcome = try CumulativePublication.protect(run: run, prior: prior, base: base, joinedFrom: [:], rule: .standard)
        #expect(!outcome.alsoHidden.isEmpty)
        let published = [(areaSecond, 12)] + run.filter { !outcome.alsoHidden.contains($0.scope) }.map { ($0.scope, $0.truth) }
        #expect(!Self.disclosed(Self.possible(hidden: areaFirst, published: published, schools: ["S1", "S2"], limit: 7)))
        // The product's certificate agrees with the brute force: nothing more to hide on a second look.
        let again = try CumulativePublication.protect(
            run: run.map { cell in
                var cell = cell
                cell.hidden = outcome.alsoHidden.contains(cell.scope)
                return cell
            }, prior: prior, base: base, joinedFrom: [:], rule: .standard)
        #expect(again.alsoHidden.isEmpty)
    }

    @Test("a first run's small cell in a table with margins: the inner cells around it are hidden, not the totals")
    func innerCellsBeforeTotals() throws {
        // Two schools × two months, with school totals, month totals and the grand total; S1's
        // first month (2) is the only cell the pack hid. Hiding the three other inner cells keeps
        // every total; the cells containing the small one (S1, the first month, the city) would
        // do as well but cost far more, and a move region of the small cell's own counts only
        // could find nothing else.
        let base = Self.base(["S1": [2, 12, 0, 0], "S2": [9, 12, 0, 0]])
        let first = Self.months[0..<1], second = Self.months[1..<2], both = Self.months[0..<2]
        let small = Self.scope(["S1"], first)
        let cells: [(CellScope, Int)] = [
            (small, 2), (Self.scope(["S1"], second), 12), (Self.scope(["S2"], first), 9), (Self.scope(["S2"], second), 12),
            (Self.scope(["S1"], both), 14), (Self.scope(["S2"], both), 21), (Self.scope(["S1", "S2"], first), 11),
            (Self.scope(["S1", "S2"], second), 24), (Self.scope(["S1", "S2"], both), 35),
        ]
        let run = cells.map { RunCell(scope: $0.0, truth: $0.1, hidden: $0.0 == small, place: "kerngroep") }
        let outcome = try CumulativePublication.protect(run: run, prior: [], base: base, joinedFrom: [:], rule: .standard)
        #expect(!outcome.alsoHidden.isEmpty)
        for total in cells[4...].map(\.0) { #expect(!outcome.alsoHidden.contains(total), "\(total)") }
        let published = cells.filter { $0.0 != small && !outcome.alsoHidden.contains($0.0) }
        #expect(!Self.disclosed(Self.possible(hidden: small, published: published, schools: ["S1", "S2"])))
    }

    @Test("school-months before a school joined are not in a joined-only cell")
    func joinedOnly() throws {
        let base = Self.base(["S1": [2, 3, 4, 5]])
        let joined = CellScope(schools: ["S1"], months: Self.months, joinedOnly: true, categories: ["X"])
        let outcome = try CumulativePublication.protect(
            run: [RunCell(scope: joined, truth: 9, hidden: false, place: "naleving")], prior: [], base: base,
            joinedFrom: ["S1": "2026-03"], rule: .standard)
        #expect(outcome.alsoHidden.isEmpty)
        // A wrong true count is refused: the pack and the base must agree.
        #expect(throws: DisclosureError.self) {
            try CumulativePublication.protect(
                run: [RunCell(scope: joined, truth: 14, hidden: false, place: "naleving")], prior: [], base: base,
                joinedFrom: ["S1": "2026-03"], rule: .standard)
        }
    }

    @Test("a hidden cell that holds part of a class of interchangeable counts is safe without a search; a cell pinned by the run is hidden")
    func partOfAClass() throws {
        let base = Self.base(["S1": [1, 2, 5, 7], "S2": [0, 3, 4, 4]])
        let year = Self.scope(["S1"], Self.months[0..<4])  // 15: published
        let first = Self.scope(["S1"], Self.months[0..<2])  // 3: hidden; its months lie only in the year total
        let outcome = try CumulativePublication.protect(
            run: [
                RunCell(scope: first, truth: 3, hidden: true, place: "kerngroep"),
                RunCell(scope: year, truth: 15, hidden: false, place: "kerngroep"),
            ], prior: [], base: base, joinedFrom: [:], rule: .standard)
        #expect(outcome.alsoHidden.isEmpty)
        #expect(!Self.disclosed(Self.possible(hidden: first, published: [(year, 15)], schools: ["S1"])))
        // The second half published as well pins the first (15 − 12): the run must hide one of them.
        let second = Self.scope(["S1"], Self.months[2..<4])
        let pinned = try CumulativePublication.protect(
            run: [
                RunCell(scope: first, truth: 3, hidden: true, place: "kerngroep"),
                RunCell(scope: year, truth: 15, hidden: false, place: "kerngroep"),
                RunCell(scope: second, truth: 12, hidden: false, place: "kerngroep"),
            ], prior: [], base: base, joinedFrom: [:], rule: .standard)
        #expect(pinned.alsoHidden.count == 1)
        #expect(Self.disclosed(Self.possible(hidden: first, published: [(year, 15), (second, 12)], schools: ["S1"])))
        let left = [(year, 15), (second, 12)].filter { !pinned.alsoHidden.contains($0.0) }
        #expect(!Self.disclosed(Self.possible(hidden: first, published: left, schools: ["S1"])))
    }

    @Test("counts settled by a chain of published cells stay at their truth: the hidden cell they pin is freed by a move")
    func settledChain() throws {
        let base = Self.base(["S1": [1, 2, 1, 1], "S2": [0, 1, 1, 1]])
        // Published before: S1's first half (3) and year (5) settle S1's second half (2).
        let prior = [
            PriorCell(scope: Self.scope(["S1"], Self.months[0..<2]), value: 3),
            PriorCell(scope: Self.scope(["S1"], Self.months[0..<4]), value: 5),
        ]
        let hidden = Self.scope(["S1", "S2"], Self.months[2..<4])  // 4: hidden
        let s2First = Self.scope(["S2"], Self.months[0..<2])  // 1
        let s2Year = Self.scope(["S2"], Self.months[0..<4])  // 3
        // With S2's half and year, the hidden cell is 2 + (3 − 1): every count in it is settled.
        let run = [
            RunCell(scope: hidden, truth: 4, hidden: true, place: "stadsdeel"),
            RunCell(scope: s2First, truth: 1, hidden: true, place: "stadsdeel"),
            RunCell(scope: s2Year, truth: 3, hidden: false, place: "stadsdeel"),
        ]
        let published = prior.map { ($0.scope, $0.value!) }
        #expect(
            Self.disclosed(
                Self.possible(hidden: hidden, published: published + [(s2First, 1), (s2Year, 3)], schools: ["S1", "S2"], limit: 3)))
        // S2's half hidden by the pack, the year published: S2's second half can be 3, the hidden cell 5.
        let outcome = try CumulativePublication.protect(run: run, prior: prior, base: base, joinedFrom: [:], rule: .standard)
        #expect(outcome.alsoHidden.isEmpty)
        let open = published + [(s2Year, 3)]
        #expect(!Self.disclosed(Self.possible(hidden: hidden, published: open, schools: ["S1", "S2"], limit: 3)))
        #expect(!Self.disclosed(Self.possible(hidden: s2First, published: open, schools: ["S1", "S2"], limit: 3)))
        // S2's half published as well: the run must hide one of S2's cells, and what is left keeps both safe.
        var shown = run
        shown[1].hidden = false
        let moved = try CumulativePublication.protect(run: shown, prior: prior, base: base, joinedFrom: [:], rule: .standard)
        #expect(!moved.alsoHidden.isEmpty)
        #expect(Set(moved.alsoHidden).isSubset(of: [s2First, s2Year]))
        let left = published + [(s2First, 1), (s2Year, 3)].filter { !moved.alsoHidden.contains($0.0) }
        for cell in [hidden] + moved.alsoHidden {
            #expect(!Self.disclosed(Self.possible(hidden: cell, published: left, schools: ["S1", "S2"], limit: 3)))
        }
    }

    @Test(
        "a cell that the earlier publication alone pins is not refused: this run's cells around it are hidden, and a note names no school")
    func pinnedByEarlierPublication() throws {
        let base = Self.base(["S1": [1, 2, 5, 7], "S2": [3, 3, 4, 4]])
        let year = Self.scope(["S1"], Self.months[0..<4])  // 15
        let second = Self.scope(["S1"], Self.months[2..<4])  // 12
        let first = Self.scope(["S1"], Self.months[0..<2])  // 3: hidden by this run's pack
        let both = Self.scope(["S1", "S2"], Self.months[0..<2])  // 9
        let other = Self.scope(["S2"], Self.months[0..<2])  // 6
        // Published before: S1's year and second half, so S1's first half is 15 − 12 = 3 for any reader.
        let prior = [PriorCell(scope: year, value: 15), PriorCell(scope: second, value: 12)]
        #expect(Self.disclosed(Self.possible(hidden: first, published: [(year, 15), (second, 12)], schools: ["S1"])))
        let run = [
            RunCell(scope: first, truth: 3, hidden: true, place: "stadsdeel"),
            RunCell(scope: both, truth: 9, hidden: false, place: "kerngroep"),
            RunCell(scope: other, truth: 6, hidden: false, place: "kerngroep"),
        ]
        let outcome = try CumulativePublication.protect(run: run, prior: prior, base: base, joinedFrom: [:], rule: .standard)
        // No move can free the cell; the run gives up its new cells around it and notes the rest.
        #expect(outcome.alsoHidden == [both, other].sorted())
        let notes = outcome.notes.filter { $0.hasPrefix("publicatie: ") && $0.contains("eerder gepubliceerde cellen") }
        #expect(notes.count == 1, "\(outcome.notes)")
        #expect(notes.allSatisfy { $0.contains("1 school, 2026-01..2026-02") && !$0.contains("S1") }, "\(notes)")
        // Where the run's own cells are not all that pins it, no note: the cell is protected.
        let free = try CumulativePublication.protect(
            run: run, prior: [PriorCell(scope: year, value: 15)], base: base, joinedFrom: [:], rule: .standard)
        #expect(free.notes.isEmpty, "\(free.notes)")
        let left = [(year, 15)] + run.dropFirst().filter { !free.alsoHidden.contains($0.scope) }.map { ($0.scope, $0.truth) }
        #expect(!Self.disclosed(Self.possible(hidden: first, published: left, schools: ["S1", "S2"], limit: 9)))
    }

    @Test(
        "a total over every category is the sum of the named ones when no count lies outside them: it is hidden beside a hidden named cell")
    func totalOverAllCategories() throws {
        let base = Self.base(["S1": [1, 2, 0, 0]])
        let named = Self.scope(["S1"], Self.months[0..<2])  // categorie X: 3, hidden
        let total = CellScope(schools: ["S1"], months: Array(Self.months[0..<2]))  // every categorie: also 3
        let outcome = try CumulativePublication.protect(
            run: [
                RunCell(scope: named, truth: 3, hidden: true, place: "kerngroep"),
                RunCell(scope: total, truth: 3, hidden: false, place: "kerngroep"),
            ], prior: [], base: base, joinedFrom: [:], rule: .standard)
        // A reader who knows the categories (the reference data) reads the hidden cell off the total.
        #expect(outcome.alsoHidden == [total])
    }

    @Test("a cell that always equals a cell published before is never hidden alone")
    func twinOfEarlierCell() throws {
        let base = Self.base(["S1": [1, 2, 5, 7]])
        let first = Self.scope(["S1"], Self.months[0..<2])  // 3: hidden before
        let year = Self.scope(["S1"], Self.months[0..<4])  // 15: published before (categorie X)
        let yearAll = CellScope(schools: ["S1"], months: Self.months)  // every categorie: the same 15
        let second = Self.scope(["S1"], Self.months[2..<4])  // 12: this run would pin the first half
        let prior = [PriorCell(scope: first, value: nil), PriorCell(scope: year, value: 15)]
        let outcome = try CumulativePublication.protect(
            run: [
                RunCell(scope: yearAll, truth: 15, hidden: false, place: "bestuurlijk"),
                RunCell(scope: second, truth: 12, hidden: false, place: "bestuurlijk"),
            ], prior: prior, base: base, joinedFrom: [:], rule: .standard)
        // Hiding the year over every categorie would change nothing: the second half goes.
        #expect(outcome.alsoHidden == [second])
        #expect(!Self.disclosed(Self.possible(hidden: first, published: [(year, 15)], schools: ["S1"])))
        // The two years are twins (the same classes, wholly); the second half is nobody's twin.
        let problem = AtomProblem(
            atoms: AtomIndex(scopes: [first, year, yearAll, second], base: base, joinedFrom: [:]), known: [nil, 15, 15, 12],
            newlyPublished: [false, false, true, true], rule: .standard)
        #expect(problem.twins(of: 2) == [1])
        #expect(problem.twins(of: 1) == [2])
        #expect(problem.twins(of: 3).isEmpty)
    }

    @Test("a scope's identity is canonical and reads back")
    func identity() throws {
        let a = CellScope(schools: ["VO_01", "MBO_01"], months: ["2026-02", "2026-01"], categories: ["Y", "X"], politie: "ja")
        let b = CellScope(schools: ["MBO_01", "VO_01"], months: ["2026-01", "2026-02"], categories: ["X", "Y"], politie: "ja")
        #expect(a.identity == b.identity)
        #expect(try CellScope(identity: a.identity) == a)
        #expect(CellScope(schools: ["VO_01"], months: ["2026-01"]).identity != CellScope(schools: ["MBO_01"], months: ["2026-01"]).identity)
    }
}
