// Cells and "total = sum of parts" relations of a pack of long-form tables.

/// The dimensions and rows of a long-form table, whatever its count column holds.
struct TableShape: Sendable {
    let name: String
    let dimensions: [String]
    let rows: [[String]]
}

/// One relation of the pack: the parent cell equals the sum of the child cells.
struct StructureEquation: Sendable, Equatable {
    let parent: Int
    let children: [Int]
    /// How the children roll up to the parent, e.g. "wijk → stadsdeel" or "categorie → Totaal".
    let along: String
}

/// The cells of a pack (one variable per distinct ``CellKey``) and the linear relations between
/// them.
///
/// Relations: for every cell C and every way of rolling some of its coordinates up (to an ancestor
/// level of a declared ``Hierarchy`` or to `Totaal`), if the rolled-up cell P occurs in the pack,
/// P equals the sum of all cells of the pack that roll up to P in that way. This covers the margins
/// within a table, the same margins across tables, and hierarchies across tables (wijk table and
/// stadsdeel table; maand and kwartaal). A cell that is absent from the pack contributes zero (long
/// tables may omit empty rows); the suppressor checks every relation against the true counts.
/// Roll-ups over two or more dimensions at once are only added when no intermediate cell exists
/// (otherwise they follow from the single-dimension ones).
struct LongTableStructure: Sendable {
    let tables: [TableShape]
    let keys: [CellKey]
    let index: [CellKey: Int]
    /// Per table, per row: the variable of that row.
    let variableOfRow: [[Int]]
    /// Per variable: where it first occurs (table, row).
    let firstOccurrence: [(table: Int, row: Int)]
    /// Per variable: every (table, row) where it occurs.
    let occurrences: [[(table: Int, row: Int)]]
    let equations: [StructureEquation]

    init(tables: [TableShape], hierarchies: [Hierarchy]) throws {
        let forest = try DimensionForest(hierarchies)
        var keys: [CellKey] = []
        var index: [CellKey: Int] = [:]
        var variableOfRow: [[Int]] = []
        var occurrences: [[(table: Int, row: Int)]] = []
        for (t, table) in tables.enumerated() {
            if Set(table.dimensions).count != table.dimensions.count {
                throw DisclosureError.malformedTable(table: table.name, detail: "een dimensie komt twee keer voor")
            }
            var seen: Set<Int> = []
            var rowVariables: [Int] = []
            for (r, row) in table.rows.enumerated() {
                guard row.count == table.dimensions.count else {
                    throw DisclosureError.malformedTable(
                        table: table.name,
                        detail: "rij \(r + 1) heeft \(row.count) waarden voor \(table.dimensions.count) dimensies")
                }
                let raw = zip(table.dimensions, row).map { Coordinate($0, $1) }
                guard let normalized = forest.normalize(raw) else {
                    throw DisclosureError.malformedTable(
                        table: table.name,
                        detail: "rij \(r + 1) (\(raw.map(\.description).joined(separator: ", "))) "
                            + "past niet bij de opgegeven hiërarchie")
                }
                let key = CellKey(coordinates: normalized)
                let variable: Int
                if let existing = index[key] {
                    variable = existing
                } else {
                    variable = keys.count
                    keys.append(key)
                    index[key] = variable
                    occurrences.append([])
                }
                if !seen.insert(variable).inserted {
                    throw DisclosureError.duplicateCell(table: table.name, cell: Self.describe(raw))
                }
                occurrences[variable].append((t, r))
                rowVariables.append(variable)
            }
            variableOfRow.append(rowVariables)
        }
        self.tables = tables
        self.keys = keys
        self.index = index
        self.variableOfRow = variableOfRow
        self.occurrences = occurrences
        self.firstOccurrence = occurrences.map { $0[0] }
        self.equations = Self.relations(keys: keys, index: index, forest: forest)
    }

    /// "stadsdeel=Buiten, categorie=WAPENS" as the row is written in its first table.
    func describe(_ variable: Int) -> (table: String, cell: String) {
        let (t, r) = firstOccurrence[variable]
        let table = tables[t]
        return (table.name, Self.describe(zip(table.dimensions, table.rows[r]).map { Coordinate($0, $1) }))
    }

    static func describe(_ coordinates: [Coordinate]) -> String {
        coordinates.isEmpty ? CellKey.total : coordinates.map(\.description).joined(separator: ", ")
    }

    /// Checks every relation against the true counts.
    func validate(counts: [Int]) throws {
        for equation in equations {
            let sum = equation.children.reduce(0) { $0 + counts[$1] }
            if sum != counts[equation.parent] {
                let (table, cell) = describe(equation.parent)
                throw DisclosureError.totalsDoNotAddUp(
                    table: table, cell: cell, total: counts[equation.parent], sum: sum, along: equation.along)
            }
        }
    }

    private struct Change: Hashable, Comparable {
        let dimension: String
        let target: String  // a parent dimension, or Totaal
        static func < (lhs: Change, rhs: Change) -> Bool { (lhs.dimension, lhs.target) < (rhs.dimension, rhs.target) }
    }

    private struct Group: Hashable {
        let parent: Int
        let changes: [Change]
    }

    private static func relations(keys: [CellKey], index: [CellKey: Int], forest: DimensionForest)
        -> [StructureEquation]
    {
        var children: [Group: [Int]] = [:]
        var needed: Set<Group> = []
        for (variable, key) in keys.enumerated() {
            let coordinates = key.coordinates
            // Options per coordinate: keep (nil), an ancestor, or Totaal.
            let options: [[Coordinate?]] = coordinates.map { coordinate in
                [nil] + forest.ancestors(of: coordinate).map { Optional($0) } + [Coordinate(coordinate.dimension, CellKey.total)]
            }
            let total = options.reduce(1) { $0 * $1.count }
            guard total > 1 else { continue }
            for combination in 1..<total {
                var rest = combination
                var choice: [Int] = []
                for option in options {
                    choice.append(rest % option.count)
                    rest /= option.count
                }
                let changed = choice.indices.filter { choice[$0] != 0 }
                guard let parentKey = rolled(coordinates, options, choice, forest),
                    let parent = index[parentKey]
                else { continue }
                let changes = changed.map { i -> Change in
                    let target = options[i][choice[i]]!
                    return Change(
                        dimension: coordinates[i].dimension,
                        target: target.value == CellKey.total ? CellKey.total : target.dimension)
                }.sorted()
                let group = Group(parent: parent, changes: changes)
                children[group, default: []].append(variable)
                if changed.count >= 2 && !needed.contains(group) {
                    // Needed when no partial roll-up of this cell exists in the pack.
                    var intermediate = false
                    for mask in 1..<((1 << changed.count) - 1) {
                        var partial = choice
                        for (bit, i) in changed.enumerated() where mask & (1 << bit) == 0 { partial[i] = 0 }
                        if let key = rolled(coordinates, options, partial, forest), index[key] != nil {
                            intermediate = true
                            break
                        }
                    }
                    if !intermediate { needed.insert(group) }
                }
            }
        }
        let groups = children.keys.filter { $0.changes.count == 1 || needed.contains($0) }.sorted { a, b in
            if a.parent != b.parent { return a.parent < b.parent }
            if a.changes.count != b.changes.count { return a.changes.count < b.changes.count }
            return a.changes.lexicographicallyPrecedes(b.changes)
        }
        return groups.map { group in
            StructureEquation(
                parent: group.parent, children: children[group]!.sorted(),
                along: group.changes.map { "\($0.dimension) → \($0.target)" }.joined(separator: " en "))
        }
    }

    private static func rolled(
        _ coordinates: [Coordinate], _ options: [[Coordinate?]], _ choice: [Int],
        _ forest: DimensionForest
    ) -> CellKey? {
        let moved = coordinates.indices.map { options[$0][choice[$0]] ?? coordinates[$0] }
        guard let normalized = forest.normalize(moved) else { return nil }
        return CellKey(coordinates: normalized)
    }
}
