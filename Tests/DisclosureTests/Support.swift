import Testing

@testable import Disclosure

/// SplitMix64: a small seeded generator so that property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A count with many zeros and many small values, as in incident data of one school year.
    mutating func smallCount(max: Int = 12) -> Int {
        switch int(0...99) {
        case 0..<40: return 0
        case 40..<75: return int(1...4)
        default: return int(5...max)
        }
    }
}

/// A long-form table with every margin: all combinations of the labels of each dimension plus
/// `Totaal`, the interior counts given by `value`, margins summed.
func cube(
    _ name: String, _ dimensions: [String], _ labels: [[String]], own: Set<[String]> = [],
    value: ([Int]) -> Int
) -> PublishedTable {
    var interior: [[Int]: Int] = [:]
    var combinations: [[Int]] = [[]]
    for labelList in labels {
        combinations = combinations.flatMap { prefix in (0...labelList.count).map { prefix + [$0] } }
    }
    for combination in combinations where zip(combination, labels).allSatisfy({ $0 < $1.count }) {
        interior[combination] = value(combination)
    }
    var rows: [[String]] = []
    var counts: [Int] = []
    for combination in combinations {
        rows.append(zip(combination, labels).map { $0 < $1.count ? $1[$0] : "Totaal" })
        counts.append(
            interior.filter { cell, _ in
                zip(cell, zip(combination, labels)).allSatisfy { $1.0 == $1.1.count || $0 == $1.0 }
            }.values.reduce(0, +))
    }
    let ownFlags = rows.map { own.contains($0) }
    return PublishedTable(
        name: name, dimensions: dimensions, rows: rows, counts: counts,
        own: ownFlags.contains(true) ? ownFlags : nil)
}

/// A two-way table with margins from a matrix of interior counts.
func grid(
    _ values: [[Int]], name: String = "T", rows rowDimension: String = "r", columns columnDimension: String = "c",
    rowLabels: [String]? = nil, columnLabels: [String]? = nil
) -> PublishedTable {
    let rowLabels = rowLabels ?? values.indices.map { "R\($0 + 1)" }
    let columnLabels = columnLabels ?? values[0].indices.map { "C\($0 + 1)" }
    return cube(name, [rowDimension, columnDimension], [rowLabels, columnLabels]) { values[$0[0]][$0[1]] }
}

extension PublishedTable {
    /// The true count of the row with these dimension values.
    func count(_ values: String...) -> Int { counts[rows.firstIndex(of: values)!] }
}

extension RenderedTable {
    /// The written value of the row with these dimension values.
    func value(_ values: String...) -> String { self.values[rows.firstIndex(of: values)!] }
    /// The rows written as the marker.
    func hiddenSet(_ marker: String) -> Set<[String]> { Set(rows.indices.filter { values[$0] == marker }.map { rows[$0] }) }
}

/// Brute force over integer completions of one rendered table with all margins (any number of
/// dimensions): enumerates the hidden interior cells and returns, per hidden row, the smallest and
/// largest value over all non-negative integer completions that reproduce every published value.
/// Interior cells range over 0...cap. Returns nil when there are too many hidden interior cells.
func bruteForceRanges(_ table: RenderedTable, marker: String, cap: Int, maxHidden: Int = 5) -> [Int: (Int, Int)]? {
    let n = table.rows.count
    let isInterior = table.rows.map { !$0.contains("Totaal") }
    let interiorRows = (0..<n).filter { isInterior[$0] }
    // Which interior rows each row sums.
    let members: [[Int]] = table.rows.map { row in
        interiorRows.filter { i in zip(row, table.rows[i]).allSatisfy { $0 == "Totaal" || $0 == $1 } }
    }
    let published: [Int?] = table.values.map { Int($0) }
    let hiddenInterior = interiorRows.filter { published[$0] == nil }
    if hiddenInterior.count > maxHidden { return nil }
    var value = Array(repeating: 0, count: n)
    for i in interiorRows { value[i] = published[i] ?? 0 }
    var ranges: [Int: (Int, Int)] = [:]
    // Rows whose members are all interior-known after position p, for pruning.
    var position = Array(repeating: -1, count: n)
    for (p, cell) in hiddenInterior.enumerated() { position[cell] = p }
    let bound: [Int] = (0..<n).map { cell in
        (0..<n).filter { !isInterior[$0] && published[$0] != nil && members[$0].contains(cell) }
            .map { published[$0]! }.min() ?? cap
    }
    func consistent(upTo assigned: Int) -> Bool {
        for r in 0..<n where !isInterior[r] {
            guard let target = published[r] else { continue }
            let sum = members[r].reduce(0) { $0 + value[$1] }
            let open = members[r].contains { position[$0] >= assigned }
            if open ? sum > target : sum != target { return false }
        }
        return true
    }
    func visit(_ position: Int) {
        if position == hiddenInterior.count {
            for r in 0..<n where published[r] == nil {
                let v = members[r].reduce(0) { $0 + value[$1] }
                let old = ranges[r] ?? (v, v)
                ranges[r] = (min(old.0, v), max(old.1, v))
            }
            return
        }
        let cell = hiddenInterior[position]
        for v in 0...min(cap, bound[cell]) {
            value[cell] = v
            if consistent(upTo: position + 1) { visit(position + 1) }
        }
        value[cell] = 0
    }
    // Interior cells that are unassigned count as 0 in partial sums, which only makes pruning safe.
    visit(0)
    return ranges
}
