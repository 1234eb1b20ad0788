// A dense two-phase simplex for A x = b, x ≥ 0, on Double with tolerances.

/// One equality constraint `Σ entries = rhs` of a linear programme, stored sparsely.
struct LPRow: Sendable {
    var entries: [(column: Int, value: Double)]
    var rhs: Double
}

/// A dense tableau simplex for problems `A x = b, x ≥ 0`.
///
/// Phase 1 finds a feasible basis (with a crash basis from columns that occur in a single row, and
/// artificial columns for the other rows); redundant rows are removed. Each call of ``optimize``
/// then minimises a linear objective, warm-started from the current basis, so that many objectives
/// over the same constraints (min and max of every hidden cell) share one phase 1.
///
/// Pricing is Dantzig's rule; after a run of degenerate pivots it switches to Bland's rule (smallest
/// index), which cannot cycle. Ratio-test ties go to the smallest basic column, so results are
/// deterministic. Coefficients here are small integers, for which Double is numerically benign.
struct Simplex: Sendable {
    enum Outcome: Equatable, Sendable {
        case optimal(Double)
        case unbounded
        /// The caller's stop condition held (the watched column reached its target).
        case stopped
        case iterationLimit
    }

    static let pivotTolerance = 1e-9
    static let feasibilityTolerance = 1e-7
    private static let ratioTolerance = 1e-9
    private static let degenerateRunBeforeBland = 30

    /// Number of structural columns (grows by one with every ``bound(_:upper:to:pivotLimit:)``).
    private(set) var columns: Int
    /// Number of (non-redundant) constraint rows.
    private(set) var rowCount: Int
    /// Row length: columns, the perturbation (see ``perturb()``), then the right-hand side.
    private var width: Int
    /// `rowCount + 1` rows; the last one holds the reduced costs and minus the objective value.
    private var tableau: [Double]
    private var basis: [Int]
    private var rowOfColumn: [Int]
    private var scratch: [Int] = []
    /// Pivots carried out so far (phase 1 included).
    private(set) var pivots = 0
    private let iterationLimit: Int

    /// Sets up the problem and runs phase 1. Returns nil when `A x = b, x ≥ 0` has no solution.
    init?(columns: Int, rows: [LPRow], iterationLimit: Int? = nil) {
        self.columns = columns
        self.iterationLimit = iterationLimit ?? (200 * (rows.count + columns) + 10_000)
        var rows = rows.map { row -> LPRow in
            row.rhs < 0 ? LPRow(entries: row.entries.map { ($0.column, -$0.value) }, rhs: -row.rhs) : row
        }
        // Crash basis: a column that occurs in one row only, with a positive coefficient.
        var occurrences = Array(repeating: 0, count: columns)
        for row in rows { for entry in row.entries where entry.value != 0 { occurrences[entry.column] += 1 } }
        var crash = [Int?](repeating: nil, count: rows.count)
        var used = Array(repeating: false, count: columns)
        for (i, row) in rows.enumerated() {
            if let entry = row.entries.first(where: { $0.value > 0 && occurrences[$0.column] == 1 && !used[$0.column] }) {
                crash[i] = entry.column
                used[entry.column] = true
                rows[i] = LPRow(entries: row.entries.map { ($0.column, $0.value / entry.value) }, rhs: row.rhs / entry.value)
            }
        }
        let artificialRows = rows.indices.filter { crash[$0] == nil }
        let m = rows.count
        let phaseOneWidth = columns + artificialRows.count + 2
        rowCount = m
        width = phaseOneWidth
        tableau = Array(repeating: 0, count: (m + 1) * phaseOneWidth)
        basis = Array(repeating: -1, count: m)
        rowOfColumn = Array(repeating: -1, count: columns + artificialRows.count)
        for (i, row) in rows.enumerated() {
            for entry in row.entries { tableau[i * width + entry.column] += entry.value }
            tableau[i * width + width - 1] = row.rhs
            if let column = crash[i] {
                basis[i] = column
                rowOfColumn[column] = i
            }
        }
        for (a, i) in artificialRows.enumerated() {
            let column = columns + a
            tableau[i * width + column] = 1
            basis[i] = column
            rowOfColumn[column] = i
        }
        // Phase 1: minimise the sum of the artificial columns.
        let objective = m * width
        for i in artificialRows {
            for j in 0..<columns { tableau[objective + j] -= tableau[i * width + j] }
            tableau[objective + width - 1] -= tableau[i * width + width - 1]
        }
        var scale = 1.0
        for row in rows { scale = max(scale, abs(row.rhs)) }
        switch iterate(enteringBelow: columns, watch: nil, stopWhen: nil) {
        case .optimal(let value):
            if value > Self.feasibilityTolerance * scale { return nil }
        case .unbounded, .stopped, .iterationLimit:
            return nil
        }
        // Drive artificial columns out of the basis; rows where that is impossible are redundant.
        var redundant = Array(repeating: false, count: m)
        for i in 0..<m where basis[i] >= columns {
            var best = -1
            var bestValue = Self.pivotTolerance
            for j in 0..<columns where abs(tableau[i * width + j]) > bestValue {
                best = j
                bestValue = abs(tableau[i * width + j])
            }
            if best >= 0 { pivot(row: i, column: best) } else { redundant[i] = true }
        }
        // Compact: drop redundant rows and artificial columns.
        let kept = (0..<m).filter { !redundant[$0] }
        let newWidth = columns + 2
        var compact = Array(repeating: 0.0, count: (kept.count + 1) * newWidth)
        var newBasis: [Int] = []
        var newRowOf = Array(repeating: -1, count: columns)
        for (newRow, i) in kept.enumerated() {
            for j in 0..<columns { compact[newRow * newWidth + j] = tableau[i * width + j] }
            compact[newRow * newWidth + newWidth - 1] = max(0, tableau[i * width + width - 1])
            newBasis.append(basis[i])
            newRowOf[basis[i]] = newRow
        }
        tableau = compact
        width = newWidth
        rowCount = kept.count
        basis = newBasis
        rowOfColumn = newRowOf
    }

    /// The value of a column in the current basic solution.
    func value(of column: Int) -> Double {
        let row = rowOfColumn[column]
        return row < 0 ? 0 : tableau[row * width + width - 1]
    }

    /// The current basic solution.
    func solution() -> [Double] {
        (0..<columns).map(value(of:))
    }

    /// Minimises `Σ costs`, starting from the current basis. When `watch` and `stopWhen` are
    /// given, stops as soon as the watched column's value satisfies the condition (checked before
    /// the first pivot as well), returning `.stopped`.
    mutating func minimize(
        _ costs: [(column: Int, value: Double)], watch: Int? = nil,
        stopWhen: ((Double) -> Bool)? = nil
    ) -> Outcome {
        var cost = Array(repeating: 0.0, count: columns)
        for entry in costs { cost[entry.column] += entry.value }
        let objective = rowCount * width
        for j in 0..<columns { tableau[objective + j] = cost[j] }
        tableau[objective + width - 1] = 0
        for entry in costs {
            let i = rowOfColumn[entry.column]
            guard i >= 0, entry.value != 0 else { continue }
            let c = cost[entry.column]
            guard c != 0 else { continue }
            // Only rows whose basic column has a cost contribute: d_j = c_j − Σ c_B(i) t_ij.
            for j in 0..<width { tableau[objective + j] -= c * tableau[i * width + j] }
            cost[entry.column] = 0  // count each basic column once
        }
        return iterate(enteringBelow: columns, watch: watch, stopWhen: stopWhen)
    }

    /// Maximises `Σ costs` (minimises the negation); an optimal value is returned un-negated.
    mutating func maximize(
        _ costs: [(column: Int, value: Double)], watch: Int? = nil,
        stopWhen: ((Double) -> Bool)? = nil
    ) -> Outcome {
        let outcome = minimize(costs.map { ($0.column, -$0.value) }, watch: watch, stopWhen: stopWhen)
        if case .optimal(let value) = outcome { return .optimal(-value) }
        return outcome
    }

    /// Adds the bound `column ≤ value` (upper) or `column ≥ value` as the row `column ± s = value`
    /// with a new column s ≥ 0 (the last structural column), keeping the current basis: the row is
    /// expressed in it, and the dual simplex restores feasibility. The reduced costs stay
    /// non-negative, so an optimal basis stays optimal: a branch of a branch and bound without a
    /// new phase 1. Returns `.optimal` with the objective, nil when the bounded programme has no
    /// solution, `.iterationLimit` after `pivotLimit` pivots.
    mutating func bound(_ column: Int, upper: Bool, to value: Double, pivotLimit: Int) -> Outcome? {
        let oldWidth = width
        let newWidth = width + 1
        let slack = columns
        let rows = rowCount
        // The tableau with one more row (before the objective) and one more column (before the rhs).
        var grown = Array(repeating: 0.0, count: (rows + 2) * newWidth)
        for i in 0...rows {
            let target = i == rows ? rows + 1 : i
            for j in 0..<slack { grown[target * newWidth + j] = tableau[i * oldWidth + j] }
            grown[target * newWidth + newWidth - 2] = tableau[i * oldWidth + oldWidth - 2]
            grown[target * newWidth + newWidth - 1] = tableau[i * oldWidth + oldWidth - 1]
        }
        // The new row: ±column + s = ±value, with the basic column eliminated.
        let sign = upper ? 1.0 : -1.0
        let newRow = rows * newWidth
        grown[newRow + column] = sign
        grown[newRow + slack] = 1
        grown[newRow + newWidth - 1] = sign * value
        let basic = rowOfColumn[column]
        if basic >= 0 {
            for j in 0..<newWidth where grown[basic * newWidth + j] != 0 {
                grown[newRow + j] -= sign * grown[basic * newWidth + j]
            }
            grown[newRow + column] = 0
        }
        tableau = grown
        width = newWidth
        columns += 1
        rowCount += 1
        basis.append(slack)
        rowOfColumn.append(rows)
        return dualIterate(pivotLimit: pivotLimit)
    }

    /// The dual simplex: while a basic column is negative, it leaves, and the entering column keeps
    /// every reduced cost non-negative (smallest ratio; ties to the largest pivot element, then the
    /// smallest column). Nil when a negative row has no negative entry: no solution.
    private mutating func dualIterate(pivotLimit: Int) -> Outcome? {
        let rhs = width - 1
        var steps = 0
        while true {
            var leaving = -1
            var worst = -Self.feasibilityTolerance
            for i in 0..<rowCount where tableau[i * width + rhs] < worst {
                leaving = i
                worst = tableau[i * width + rhs]
            }
            let objective = rowCount * width
            if leaving < 0 { return .optimal(-tableau[objective + rhs]) }
            var entering = -1
            var bestRatio = Double.infinity
            var bestPivot = 0.0
            let row = leaving * width
            for j in 0..<columns {
                let a = tableau[row + j]
                guard a < -Self.pivotTolerance else { continue }
                let ratio = Swift.max(0, tableau[objective + j]) / -a
                if ratio < bestRatio - Self.ratioTolerance
                    || ratio <= bestRatio + Self.ratioTolerance && -a > bestPivot + Self.pivotTolerance
                {
                    entering = j
                    bestRatio = Swift.min(ratio, bestRatio)
                    bestPivot = -a
                }
            }
            if entering < 0 { return nil }
            pivot(row: leaving, column: entering)
            steps += 1
            if steps > pivotLimit { return .iterationLimit }
        }
    }

    private mutating func iterate(enteringBelow limit: Int, watch: Int?, stopWhen: ((Double) -> Bool)?) -> Outcome {
        let objective = rowCount * width
        let rhs = width - 1
        var bland = false
        var perturbed = false
        var degenerateRun = 0
        // Ends a run: a perturbation is taken out again, and feasibility restored (dual simplex).
        func finish(_ outcome: Outcome) -> Outcome {
            guard perturbed else { return outcome }
            removePerturbation()
            guard (0..<rowCount).contains(where: { tableau[$0 * width + rhs] < -Self.feasibilityTolerance }) else {
                if case .optimal = outcome { return .optimal(-tableau[objective + rhs]) }
                return outcome
            }
            guard case .optimal = outcome, case .optimal(let value)? = dualIterate(pivotLimit: 10 * (rowCount + 10)) else {
                return .iterationLimit
            }
            return .optimal(value)
        }
        while true {
            if let watch, let stopWhen, stopWhen(value(of: watch)) { return .stopped }
            let (entering, leaving, bestRatio) = tableau.withUnsafeBufferPointer { t in
                basis.withUnsafeBufferPointer { b in
                    Self.choosePivot(
                        t.baseAddress!, basis: b.baseAddress!, rows: rowCount, width: width, limit: limit,
                        bland: bland)
                }
            }
            if entering < 0 { return finish(.optimal(-tableau[objective + rhs])) }
            if leaving < 0 { return finish(.unbounded) }
            // A step that does not move the objective noticeably counts as degenerate. After a run
            // of those the right-hand side is perturbed (once per optimisation, and not while a
            // column is watched), which ends most such runs; after another run, Bland's rule stays
            // on for the rest of this optimisation.
            if bestRatio * -tableau[objective + entering] <= Self.ratioTolerance {
                degenerateRun += 1
                if degenerateRun > Self.degenerateRunBeforeBland {
                    if !perturbed && watch == nil {
                        perturb()
                        perturbed = true
                        degenerateRun = 0
                    } else {
                        bland = true
                    }
                }
            } else {
                degenerateRun = 0
            }
            pivot(row: leaving, column: entering)
            if pivots > iterationLimit {
                if perturbed { removePerturbation() }
                return .iterationLimit
            }
        }
    }

    /// Adds a small, distinct amount to every row's right-hand side, and the same to the
    /// perturbation column, which the pivots carry along like the right-hand side: the right-hand
    /// side minus it is the unperturbed one in whatever basis follows. Ties in the ratio test,
    /// the cause of degenerate pivots, mostly disappear.
    private mutating func perturb() {
        let perturbation = width - 2
        let rhs = width - 1
        for i in 0..<rowCount {
            let delta = 1e-5 * (1 + Double((i &* 40_503) & 1_023) / 1_024)
            tableau[i * width + rhs] += delta
            tableau[i * width + perturbation] += delta
        }
    }

    /// Takes the perturbation out of every row, the objective's included.
    private mutating func removePerturbation() {
        let perturbation = width - 2
        let rhs = width - 1
        for i in 0...rowCount {
            tableau[i * width + rhs] -= tableau[i * width + perturbation]
            tableau[i * width + perturbation] = 0
        }
        for i in 0..<rowCount where tableau[i * width + rhs] < 0 && tableau[i * width + rhs] > -1e-9 {
            tableau[i * width + rhs] = 0
        }
    }

    /// Entering column (Dantzig: most negative reduced cost; Bland: the first negative one) and
    /// leaving row (minimum ratio; among near ties Dantzig mode takes the largest pivot element,
    /// which is numerically safest, Bland mode the smallest basic column, which cannot cycle).
    /// Returns entering −1 at optimality and leaving −1 when the entering column is unbounded.
    @_optimize(speed)
    private static func choosePivot(
        _ t: UnsafePointer<Double>, basis: UnsafePointer<Int>, rows: Int, width: Int,
        limit: Int, bland: Bool
    ) -> (entering: Int, leaving: Int, ratio: Double) {
        let objective = t + rows * width
        var entering = -1
        var best = -pivotTolerance
        var j = 0
        while j < limit {
            let d = objective[j]
            if d < best {
                entering = j
                if bland { break }
                best = d
            }
            j += 1
        }
        if entering < 0 { return (-1, -1, 0) }
        let rhs = width - 1
        var leaving = -1
        var bestRatio = Double.infinity
        var bestPivot = 0.0
        var i = 0
        while i < rows {
            let a = t[i * width + entering]
            if a > pivotTolerance {
                let ratio = t[i * width + rhs] / a
                if ratio < bestRatio - ratioTolerance {
                    leaving = i
                    bestRatio = ratio
                    bestPivot = a
                } else if ratio <= bestRatio + ratioTolerance && (bland ? basis[i] < basis[leaving] : a > bestPivot) {
                    leaving = i
                    bestRatio = Swift.min(ratio, bestRatio)
                    bestPivot = a
                }
            }
            i += 1
        }
        return (entering, leaving, bestRatio)
    }

    private mutating func pivot(row r: Int, column q: Int) {
        pivots += 1
        let width = self.width
        let rows = rowCount + 1
        if scratch.count < width { scratch = Array(repeating: 0, count: width) }
        tableau.withUnsafeMutableBufferPointer { t in
            scratch.withUnsafeMutableBufferPointer { nonzero in
                Self.pivot(t.baseAddress!, rows: rows, width: width, row: r, column: q, nonzero: nonzero.baseAddress!)
            }
        }
        let old = basis[r]
        if old >= 0 && old < rowOfColumn.count { rowOfColumn[old] = -1 }
        basis[r] = q
        rowOfColumn[q] = r
    }

    /// The arithmetic of a pivot on raw memory (kept free of generics so that it is fast even in
    /// unoptimised builds).
    @_optimize(speed)
    private static func pivot(
        _ t: UnsafeMutablePointer<Double>, rows: Int, width: Int, row r: Int, column q: Int,
        nonzero: UnsafeMutablePointer<Int>
    ) {
        let base = t + r * width
        let inverse = 1 / base[q]
        var count = 0
        var j = 0
        while j < width {
            let value = base[j]
            if value != 0 {
                base[j] = value * inverse
                nonzero[count] = j
                count += 1
            }
            j += 1
        }
        base[q] = 1
        var i = 0
        while i < rows {
            if i != r {
                let target = t + i * width
                let factor = target[q]
                if factor != 0 {
                    var k = 0
                    while k < count {
                        let column = nonzero[k]
                        let updated = target[column] - factor * base[column]
                        target[column] = (updated < 1e-11 && updated > -1e-11) ? 0 : updated
                        k += 1
                    }
                    target[q] = 0
                }
            }
            i += 1
        }
        let rhs = width - 1
        i = 0
        while i < rows - 1 {
            let value = t[i * width + rhs]
            if value < 0 && value > -1e-9 { t[i * width + rhs] = 0 }
            i += 1
        }
    }
}
