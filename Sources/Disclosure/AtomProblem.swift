// The attacker's linear system over atoms, and the searches for certificates and moves.

/// A point the attacker cannot rule out, as far as it differs from the true counts: a value per
/// class of a region (all other classes at their true count). The classes of `split` are cut in
/// two by the cell the point was searched for: `inside` holds the part in that cell.
struct CertificatePoint {
    /// Values times `scale`: a point whose linear programme had no whole vertex is checked
    /// exactly over a common denominator.
    var values: [Int: Int]
    var split: Split?
    var scale = 1

    struct Split {
        let atoms: Set<Int>
        /// Per class that is cut: the atoms of it inside the cell, and their value.
        var count: [Int: Int]
        var inside: [Int: Int]
    }

    static let truth = CertificatePoint(values: [:], split: nil)
}

/// The attacker's system over *classes*: the non-zero atoms grouped by the published cells they
/// lie in. Two atoms of one class are interchangeable for every published equation, so a
/// linear programme over classes is exact (any class value can be spread over its atoms in
/// whole numbers), and a cell that holds only part of a class can take any share of it.
///
/// Every point is checked in whole numbers against every published equation it touches before
/// it certifies anything; a fractional vertex certifies nothing.
struct AtomProblem {
    let atoms: AtomIndex
    /// Per cell, the value the attacker knows; nil when hidden.
    private(set) var known: [Int?]
    /// Per cell, whether this run publishes it for the first time (it may still be hidden).
    let newlyPublished: [Bool]
    let criterion: ProtectionCriterion
    /// Atoms that lie in a published cell of 0: known to be 0.
    private var zero: [Bool] = []
    /// Per atom its class (−1 for a zero atom); per class its atoms, true count and published cells.
    private var classOf: [Int] = []
    private var classAtoms: [[Int]] = []
    private var classTruth: [Int] = []
    private var classCells: [[Int]] = []
    /// Per published cell (when the classes were made), its classes.
    private var cellClasses: [[Int]] = []
    /// Per class, whether the published cells fix its value: some published cell holds it and
    /// otherwise only fixed classes, so every point the attacker allows gives it its true
    /// count. Such classes stay at their true count in every programme (fewer rows and columns,
    /// and a region widens over the classes that can move).
    private var settled: [Bool] = []
    /// The same from the cells that cannot move (published before this run): for moves.
    private var settledByFixed: [Bool] = []

    init(atoms: AtomIndex, known: [Int?], newlyPublished: [Bool], rule: SuppressionRule) {
        self.atoms = atoms
        self.known = known
        self.newlyPublished = newlyPublished
        self.criterion = ProtectionCriterion(rule: rule)
        regroup()
    }

    var classCount: Int { classAtoms.count }
    /// The pivots a programme may take, per row: a programme of these tables takes one or two
    /// per row; one that stalls on degenerate pivots (Bland's rule is slow) is given up, which
    /// only means that it proves nothing.
    static let pivotsPerRow = 60
    /// Classes the published cells fix (for the trace).
    var settledCount: Int { settled.count { $0 } }

    /// Groups the atoms anew: the zero atoms, then the classes.
    private mutating func regroup() {
        var zero = [Bool](repeating: false, count: atoms.count)
        for (c, value) in known.enumerated() where value == 0 { for a in atoms.atomsOf[c] { zero[a] = true } }
        self.zero = zero
        var index: [[Int]: Int] = [:]
        classOf = [Int](repeating: -1, count: atoms.count)
        classAtoms = []
        classTruth = []
        classCells = []
        for a in 0..<atoms.count where !zero[a] {
            let signature = atoms.cellsOf[a].filter { known[$0] != nil }
            if let k = index[signature] {
                classOf[a] = k
                classAtoms[k].append(a)
                classTruth[k] += atoms.truth[a]
            } else {
                index[signature] = classAtoms.count
                classOf[a] = classAtoms.count
                classAtoms.append([a])
                classTruth.append(atoms.truth[a])
                classCells.append(signature)
            }
        }
        cellClasses = [[Int]](repeating: [], count: known.count)
        for (k, cells) in classCells.enumerated() { for c in cells { cellClasses[c].append(k) } }
        settle()
    }

    /// Finds the settled classes: a published cell with one class not yet settled settles it
    /// (its value is the cell's value minus the settled rest), in turn.
    private mutating func settle() {
        settled = settledClasses { known[$0] != nil }
        settledByFixed = settledClasses { known[$0] != nil && !newlyPublished[$0] }
    }

    private func settledClasses(rows isRow: (Int) -> Bool) -> [Bool] {
        var settled = [Bool](repeating: false, count: classAtoms.count)
        var unsettled = cellClasses.map(\.count)
        var queue = cellClasses.indices.filter { isRow($0) && unsettled[$0] == 1 }
        while let c = queue.popLast() {
            guard unsettled[c] == 1, let k = cellClasses[c].first(where: { !settled[$0] }) else { continue }
            settled[k] = true
            for other in classCells[k] where isRow(other) {
                unsettled[other] -= 1
                if unsettled[other] == 1 { queue.append(other) }
            }
        }
        return settled
    }

    mutating func hide(_ cell: Int) {
        let wasZero = known[cell] == 0
        known[cell] = nil
        // The classes stay valid (finer than needed); a hidden 0 no longer fixes its atoms.
        if wasZero { regroup() } else { settle() }
    }

    /// Whether no published cell holds the class any more: its count is free.
    private func isFree(_ k: Int) -> Bool { classCells[k].allSatisfy { known[$0] == nil } }

    /// The classes of a cell with, per class, how many of its atoms lie in the cell.
    private func parts(of c: Int) -> [(cls: Int, count: Int)] {
        var count: [Int: Int] = [:]
        for a in atoms.atomsOf[c] where classOf[a] >= 0 { count[classOf[a], default: 0] += 1 }
        return count.keys.sorted().map { ($0, count[$0]!) }
    }

    // MARK: Certifying

    /// Whether the point proves cell `c` protected: the cell's smallest and largest value over
    /// the ways of spreading each class's value over its atoms (a class wholly in the cell
    /// counts fully; one partly in it gives 0 up to its value; a free class anything).
    func certifies(_ point: CertificatePoint, cell c: Int) -> Bool {
        var groups: [Int: Int] = [:]
        for a in atoms.atomsOf[c] {
            let k = classOf[a]
            guard k >= 0 else { continue }
            let inside = point.split.map { $0.count[k] != nil && $0.atoms.contains(a) } ?? false
            groups[2 * k + (inside ? 1 : 0), default: 0] += 1
        }
        var low = 0
        var high = 0
        for (key, count) in groups {
            let k = key / 2
            if isFree(k) { return true }
            let scaledTruth: Int = classTruth[k] * point.scale
            let total: Int = point.values[k] ?? scaledTruth
            var value = total
            var size = classAtoms[k].count
            if let split = point.split, let inCount = split.count[k] {
                let inValue = split.inside[k]!
                value = key % 2 == 1 ? inValue : total - inValue
                size = key % 2 == 1 ? inCount : size - inCount
            }
            if count == size { low += value }
            high += value
        }
        let bar: Int = criterion.threshold * point.scale
        return (criterion.smallestSensitive > 0 && low == 0) || high >= bar
    }

    /// The open cells among `cells` that the point touches (or all, for the true counts).
    func touched(by point: CertificatePoint, open: [Bool]) -> [Int] {
        var result = Set<Int>()
        for k in point.values.keys { for a in classAtoms[k] { for c in atoms.cellsOf[a] where open[c] { result.insert(c) } } }
        return result.sorted()
    }

    /// The published cells that always equal `c`: they hold exactly the same classes, each
    /// wholly. Hiding `c` alone while one of them stays published would change nothing.
    func twins(of c: Int) -> [Int] {
        let own = parts(of: c)
        guard let first = own.first, own.allSatisfy({ $0.count == classAtoms[$0.cls].count }) else { return [] }
        let classes = own.map(\.cls)
        return classCells[first.cls].filter { d in d != c && known[d] != nil && cellClasses[d] == classes }
    }

    /// This run's newly published cells that lie wholly in the region of up to `cap` classes
    /// around `x` (its classes, widened by the smallest published cells touching them, settled
    /// classes included): what a run can still give up when no move frees `x`.
    func newCells(around x: Int, cap: Int) -> [Int] {
        var region = Set(parts(of: x).map(\.cls))
        var frontier = Array(region).sorted()
        while !frontier.isEmpty && region.count < cap {
            var touching = Set<Int>()
            for k in frontier { for c in classCells[k] where known[c] != nil { touching.insert(c) } }
            frontier = []
            for c in touching.sorted(by: { (cellClasses[$0].count, $0) < (cellClasses[$1].count, $1) }) {
                let fresh = cellClasses[c].filter { !region.contains($0) }
                if fresh.isEmpty || region.count + fresh.count > cap { continue }
                region.formUnion(fresh)
                frontier += fresh
            }
        }
        var cells = Set<Int>()
        for k in region {
            for c in classCells[k] where known[c] != nil && newlyPublished[c] && cellClasses[c].allSatisfy(region.contains) {
                cells.insert(c)
            }
        }
        return cells.sorted()
    }

    // MARK: Regions

    /// How a region grows: for a certificate, through every published cell over the classes
    /// they do not settle; for a move (this run's cells may deviate, so only the cells published
    /// before settle classes), either through the cells published before only (the constraints a
    /// move cannot escape) or through every published cell (the classes that can make up for a
    /// change of `x` without moving a larger cell).
    enum Widening { case certificate, fixedCells, allCells }

    /// The regions around `x`: its classes, widened by the classes of the smallest published
    /// cells touching the region, up to each cap (see ``Widening``). Settled classes stay out,
    /// except those that `x` cuts in two (the split is free).
    private func regions(around x: Int, caps: [Int], widening: Widening) -> [[Int]] {
        let fixedOnly = widening == .fixedCells
        let settled = widening == .certificate ? self.settled : settledByFixed
        var region = parts(of: x).filter { !settled[$0.cls] || $0.count < classAtoms[$0.cls].count }.map(\.cls)
        var inRegion = Set(region)
        var result: [[Int]] = []
        for cap in caps {
            var grew = true
            while grew && region.count < cap {
                grew = false
                var touching = Set<Int>()
                for k in region {
                    for c in classCells[k] where known[c] != nil && !(fixedOnly && newlyPublished[c]) { touching.insert(c) }
                }
                let ordered = touching.sorted { (cellClasses[$0].count, $0) < (cellClasses[$1].count, $1) }
                for c in ordered {
                    let fresh = cellClasses[c].filter { !inRegion.contains($0) && !settled[$0] }
                    if fresh.isEmpty || region.count + fresh.count > cap { continue }
                    region += fresh
                    inRegion.formUnion(fresh)
                    grew = true
                }
            }
            if result.last?.count != region.count { result.append(region.sorted()) }
        }
        return result
    }

    // MARK: Linear programmes

    /// A linear programme over a region: a column per class, a second one for the part of each
    /// class that is cut by `x`, one row per published cell touching the region (the classes
    /// outside at their true count), then the target row.
    private struct Programme {
        var column: [Int: Int] = [:]
        var insideColumn: [Int: Int] = [:]
        var split: CertificatePoint.Split
        var rows: [LPRow] = []
        var rowCells: [Int] = []
        var rowTruth: [Int] = []
        var columns = 0
        /// The columns of x's part.
        var own: [Int] = []
        /// The true count of x's settled classes (not in the region).
        var ownConstant = 0
    }

    private func programme(for x: Int, region: [Int]) -> Programme {
        let xParts = parts(of: x)
        var split = CertificatePoint.Split(atoms: [], count: [:], inside: [:])
        var p = Programme(split: split)
        for (i, k) in region.enumerated() { p.column[k] = i }
        p.columns = region.count
        var splitAtoms = Set<Int>()
        for part in xParts {
            if part.count < classAtoms[part.cls].count {
                p.insideColumn[part.cls] = p.columns
                p.own.append(p.columns)
                p.columns += 1
                split.count[part.cls] = part.count
                for a in atoms.atomsOf[x] where classOf[a] == part.cls { splitAtoms.insert(a) }
            } else if let col = p.column[part.cls] {
                p.own.append(col)
            } else {
                p.ownConstant += classTruth[part.cls]
            }
        }
        p.split = CertificatePoint.Split(atoms: splitAtoms, count: split.count, inside: [:])
        var touching = Set<Int>()
        for k in region { for c in classCells[k] where known[c] != nil { touching.insert(c) } }
        for c in touching.sorted() {
            var entries: [(column: Int, value: Double)] = []
            var rhs = 0
            for k in cellClasses[c] {
                guard let col = p.column[k] else { continue }
                entries.append((col, 1))
                if let inside = p.insideColumn[k] { entries.append((inside, 1)) }
                rhs += classTruth[k]
            }
            p.rows.append(LPRow(entries: entries, rhs: Double(rhs)))
            p.rowCells.append(c)
            p.rowTruth.append(rhs)
        }
        return p
    }

    /// The values of a solution times the smallest common denominator (up to 60) that makes
    /// them whole, or nil when there is none or a value is negative.
    private func exact(_ values: [Double]) -> (y: [Int], scale: Int)? {
        let scales: [Int] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 60]
        for scale in scales {
            if let y = Self.scaled(values, by: scale) { return (y, scale) }
        }
        // A vertex of these programmes is rational with a larger denominator now and then: each
        // value's own (continued fractions, denominators up to 1,000), their least common multiple
        // up to 10^6. The caller checks the point in integers, so a wrong guess certifies nothing.
        var scale = 1
        for value in values {
            guard let q = Self.denominator(of: value, upTo: 1_000) else { return nil }
            scale = scale / Self.gcd(scale, q) * q
            if scale > 1_000_000 { return nil }
        }
        return Self.scaled(values, by: scale).map { ($0, scale) }
    }

    /// The denominator of the simplest fraction within the tolerance of `value`, when it is at
    /// most `limit`.
    private static func denominator(of value: Double, upTo limit: Int) -> Int? {
        var (h0, h1, k0, k1) = (0.0, 1.0, 1.0, 0.0)
        var x = value
        for _ in 0..<20 {
            let a = x.rounded(.down)
            (h0, h1) = (h1, a * h1 + h0)
            (k0, k1) = (k1, a * k1 + k0)
            if k1 > Double(limit) { return nil }
            if abs(value - h1 / k1) <= ProtectionCriterion.tolerance / 10 { return Int(k1) }
            let rest = x - a
            if rest < 1e-12 { return nil }
            x = 1 / rest
        }
        return nil
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The values times `scale` when they are all whole and non-negative then.
    private static func scaled(_ values: [Double], by scale: Int) -> [Int]? {
        let factor = Double(scale)
        let tolerance: Double = ProtectionCriterion.tolerance * factor
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for value in values {
            let scaled: Double = value * factor
            let rounded: Double = scaled.rounded()
            if abs(scaled - rounded) > tolerance || rounded < 0 { return nil }
            result.append(Int(rounded))
        }
        return result
    }

    /// The point of the exact values `y` (times `scale`) over the programme's columns; `moved`
    /// lists the cells of the rows that do not keep their value. Nil when the target is missed.
    private func point(_ y: [Int], scale: Int, _ p: Programme, target: Target, moved: inout [Int]) -> CertificatePoint? {
        for (r, row) in p.rows.enumerated() {
            let sum = row.entries.reduce(0) { $1.column < p.columns ? $0 + y[$1.column] : $0 }
            if sum != p.rowTruth[r] * scale { moved.append(p.rowCells[r]) }
        }
        let own = p.own.reduce(p.ownConstant * scale) { $0 + y[$1] }
        switch target {
        case .zero: guard own == 0 else { return nil }
        case .threshold: guard own >= criterion.threshold * scale else { return nil }
        }
        var values: [Int: Int] = [:]
        var split = p.split
        for (k, col) in p.column {
            let inside = p.insideColumn[k].map { y[$0] }
            values[k] = y[col] + (inside ?? 0)
            if let inside { split.inside[k] = inside }
        }
        return CertificatePoint(values: values, split: split, scale: scale)
    }

    /// The point of a solution: in whole numbers when there is one, else exactly over a common
    /// denominator (safe over the reals; `fractional` counts those).
    private func solutionPoint(
        _ found: (whole: [Double]?, root: [Double]?), _ p: Programme, target: Target, moved: inout [Int]
    ) -> CertificatePoint? {
        let candidates: [[Double]] = [found.whole, found.root].compactMap { $0 }
        for values in candidates {
            guard let scaled = exact(Array(values[0..<p.columns])) else { continue }
            var cells: [Int] = []
            if let point = self.point(scaled.y, scale: scaled.scale, p, target: target, moved: &cells) {
                moved = cells
                return point
            }
        }
        return nil
    }

    enum Target { case zero, threshold }

    private func targets() -> [Target] { criterion.smallestSensitive > 0 ? [.zero, .threshold] : [.threshold] }

    private func targetRow(_ target: Target, _ p: Programme, surplus: Int) -> LPRow {
        switch target {
        case .zero: LPRow(entries: p.own.map { ($0, 1) }, rhs: Double(-p.ownConstant))
        case .threshold:
            LPRow(entries: p.own.map { ($0, 1) } + [(surplus, -1)], rhs: Double(criterion.threshold - p.ownConstant))
        }
    }

    /// The targets worth a programme: none when x's count is settled, no 0 when its settled part is not.
    private func targets(_ p: Programme) -> [Target] {
        guard !p.own.isEmpty else { return [] }
        return targets().filter { $0 == .threshold || p.ownConstant == 0 }
    }

    /// A point, checked exactly, in which `x` is 0 or at least the threshold while every
    /// published cell keeps its value; nil when no region holds one.
    func certificate(for x: Int, caps: [Int]) -> CertificatePoint? {
        for region in regions(around: x, caps: caps, widening: .certificate) {
            let p = programme(for: x, region: region)
            for target in targets(p) {
                let found = WholeSolution.find(
                    columns: p.columns + 1, rows: p.rows + [targetRow(target, p, surplus: p.columns)], structural: p.columns,
                    costs: nil, nodes: 6, pivotsPerRow: Self.pivotsPerRow)
                var moved: [Int] = []
                if let point = solutionPoint(found, p, target: target, moved: &moved), moved.isEmpty { return point }
            }
        }
        return nil
    }

    /// The cheapest set of this run's newly published cells whose values must be free for `x` to
    /// reach 0 or the threshold; with the point, checked exactly, when the programme gave one.
    /// Without one (a fractional vertex, or a branch and bound that found no whole one in time)
    /// the cells that the programme's solution moves are returned alone: hiding them is only a
    /// choice, and `x` still needs its own certificate afterwards.
    /// Regions of both kinds of move widening are tried; of the moves with a point, the cheapest
    /// (then the smaller) is taken.
    func cheapestMove(for x: Int, caps: [Int]) -> (cells: [Int], point: CertificatePoint?)? {
        var fallback: Move?
        var best: Move?
        for widening in [Widening.fixedCells, .allCells] {
            for region in regions(around: x, caps: caps, widening: widening) {
                guard let move = cheapestMove(for: x, region: region) else { continue }
                if move.point != nil {
                    if best.map({ Self.isBetter(move, than: $0) }) ?? true { best = move }
                    break
                }
                if fallback == nil && !move.cells.isEmpty { fallback = move }
            }
        }
        return (best ?? fallback).map { ($0.cells, $0.point) }
    }

    private typealias Move = (cost: Double, cells: [Int], point: CertificatePoint?)

    /// A move with a proof before one without; then the cheaper, then the smaller.
    private static func isBetter(_ move: Move, than other: Move) -> Bool {
        if (move.point == nil) != (other.point == nil) { return move.point != nil }
        return move.cost + 1e-9 < other.cost || abs(move.cost - other.cost) <= 1e-9 && move.cells.count < other.cells.count
    }

    private func cheapestMove(for x: Int, region: [Int]) -> Move? {
        var p = programme(for: x, region: region)
        let surplus = p.columns
        var columns = p.columns + 1
        var costs: [(column: Int, value: Double)] = []
        var slacks: [(cell: Int, columns: (Int, Int))] = []
        for (r, c) in p.rowCells.enumerated() where newlyPublished[c] {
            p.rows[r].entries += [(columns, -1), (columns + 1, 1)]
            let cost = 1 + Double(known[c]!)
            costs += [(columns, cost), (columns + 1, cost)]
            slacks.append((c, (columns, columns + 1)))
            columns += 2
        }
        var best: (cost: Double, cells: [Int], point: CertificatePoint?)?
        for target in targets(p) {
            let all = p.rows + [targetRow(target, p, surplus: surplus)]
            let found = WholeSolution.find(
                columns: columns, rows: all, structural: p.columns, costs: costs, nodes: 8, pivotsPerRow: Self.pivotsPerRow)
            guard let values = found.whole ?? found.root else { continue }
            var cells: [Int] = []
            var point = solutionPoint(found, p, target: target, moved: &cells)
            // Only this run's new cells may move.
            if point != nil && !cells.allSatisfy({ newlyPublished[$0] }) { point = nil }
            if point == nil {
                // The solution rounded: the cells whose sums then change may move as well (their
                // deviation columns take up the difference), so it is a move whenever the cells
                // published before and the target still hold, checked in integers.
                var rounded: [Int] = []
                let whole = values[0..<p.columns].map { Swift.max(0, Int($0.rounded())) }
                if let candidate = self.point(whole, scale: 1, p, target: target, moved: &rounded),
                    rounded.allSatisfy({ newlyPublished[$0] })
                {
                    point = candidate
                    cells = rounded
                }
            }
            if point == nil {
                let tolerance = ProtectionCriterion.tolerance
                cells = slacks.filter { values[$0.columns.0] > tolerance || values[$0.columns.1] > tolerance }.map(\.cell)
                if cells.isEmpty {
                    // Safe over the reals only: free the new cells that hold a fractional class.
                    let fractional = (0..<p.columns).filter { abs(values[$0] - values[$0].rounded()) > tolerance }
                    let wanted = Set(fractional)
                    for (r, c) in p.rowCells.enumerated() where newlyPublished[c] {
                        if p.rows[r].entries.contains(where: { wanted.contains($0.column) }) { cells.append(c) }
                    }
                }
            }
            var cost = 0.0
            for entry in costs { cost += entry.value * values[entry.column] }
            cells.sort()
            let move: Move = (cost, cells, point)
            if best.map({ Self.isBetter(move, than: $0) }) ?? true { best = move }
        }
        return best
    }
}
