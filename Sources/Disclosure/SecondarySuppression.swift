// Choosing complementary cells so that no sensitive cell can be derived.

/// Secondary suppression over the whole pack (all tables, hierarchies and earlier editions are one
/// linear system, so a cell is hidden everywhere or nowhere).
///
/// 1. Singleton stage (fast, exact for the common case): while some sensitive hidden cell is
///    determined by elimination (it is the only unknown of a total, directly or through other
///    determined cells), hide one more cell of the equation that determines it, or of the equation
///    that determines another hidden cell in it. Candidates are ranked by the number of equations
///    they would leave with a single hidden cell minus the number they repair, then by their count
///    (smallest first: least information lost), then by position (deterministic).
/// 2. LP stage: the interval audit (with the true counts as a feasible point) lists the sensitive
///    cells that can still be narrowed into the sensitive range. For each, a protection LP looks for
///    the cheapest way to move the cell to 0 or to the threshold while keeping every equation
///    satisfied: published cells near the cell (1, 2, 3 equation steps, then all) may deviate from
///    their values at a cost of (1 + value) per unit, hidden cells connected to it move freely, all
///    other cells keep their true values. The published cells that had to move are hidden. The
///    point the LP found is then feasible for the attacker, so the cell is protected, and hiding
///    more cells never undoes the protection of another.
/// 3. Repeat until the audit finds nothing.
/// 4. Cells hidden for having fewer than `min_schools` schools (`needsRange`) must stay
///    unresolvable to within ±p % of their count (``ProtectionCriterion/coversRange(_:truth:)``):
///    their exact intervals are computed, and for each that falls short the protection LP moves
///    the cell to `v·(1 − p/100)` and to `v·(1 + p/100)` in turn; the published cells of both moves
///    are hidden.
struct SecondarySuppression {
    let system: LinearSystem
    let truth: [Int]
    let criterion: ProtectionCriterion
    /// Cells the attacker knows whatever is written (own cells; unchanged cells of earlier editions).
    let fixed: [Bool]
    /// Cells whose protection is required (sensitive and not already disclosed before).
    let needsProtection: [Bool]
    /// Cells that must stay unresolvable to within ±p % when hidden (fewer than `min_schools`
    /// schools); nil: none.
    var needsRange: [Bool]? = nil

    /// The attacker's known values for a given set of hidden cells.
    func known(hidden: [Bool]) -> [Int?] {
        truth.indices.map { hidden[$0] && !fixed[$0] ? nil : truth[$0] }
    }

    /// Extends the hidden cells until the audit passes. `describe` names a cell for errors.
    func run(hidden start: [Bool], describe: (Int) -> (table: String, cell: String)) throws -> [Bool] {
        var hidden = start
        let point = truth.map(Double.init)
        let audit = IntervalAudit(system: system, criterion: criterion)
        while true {
            singletonStage(&hidden)
            let checked = hidden.indices.filter { hidden[$0] && needsProtection[$0] }
            let failures = try audit.failures(known: known(hidden: hidden), checked: checked, feasiblePoint: point)
            if failures.isEmpty {
                if try protectRanges(&hidden, audit: audit, describe: describe) { continue }
                return hidden
            }
            var progress = false
            // Points found by the protection LPs of this round: feasible for the attacker after
            // their complements are hidden, so they also certify later failures of the round.
            var points: [[Int: Double]] = []
            for failure in failures {
                if points.contains(where: { criterion.certifies($0[failure.variable] ?? point[failure.variable]) }) { continue }
                let move = try protect(failure.variable, hidden: hidden, describe: describe)
                points.append(move.point)
                for c in move.cells where !hidden[c] {
                    hidden[c] = true
                    progress = true
                }
            }
            if !progress {
                let (table, cell) = describe(failures[0].variable)
                throw DisclosureError.cannotProtect(table: table, cell: cell)
            }
        }
    }

    // MARK: - ±p % protection

    /// Checks the hidden cells of `needsRange` against ±p % and hides the complements of those
    /// that fall short. Returns whether anything was hidden (then the whole check runs again).
    private func protectRanges(_ hidden: inout [Bool], audit: IntervalAudit, describe: (Int) -> (table: String, cell: String)) throws
        -> Bool
    {
        guard let needsRange else { return false }
        let cells = hidden.indices.filter { hidden[$0] && needsRange[$0] && !fixed[$0] && truth[$0] > 0 }
        guard !cells.isEmpty else { return false }
        let intervals = try audit.intervals(known: known(hidden: hidden), of: cells)
        var progress = false
        for x in cells {
            guard let interval = intervals[x], !criterion.coversRange(interval, truth: truth[x]) else { continue }
            let range = criterion.protectionRange(truth: truth[x])
            let moved = widening(from: x, hidden: hidden) { region -> [Int]? in
                guard let down = cheapestMove(x, region: region, hidden: hidden, low: range.low, high: nil),
                    let up = cheapestMove(x, region: region, hidden: hidden, low: nil, high: range.high)
                else { return nil }
                return Array(Set(down.cells + up.cells)).sorted()
            }
            guard let moved else {
                let (table, cell) = describe(x)
                throw DisclosureError.cannotProtect(table: table, cell: cell)
            }
            // A move that needs no new cells: an earlier move of this round freed the cell already
            // (its points reach both ends of the range, so it is protected).
            for c in moved where !hidden[c] {
                hidden[c] = true
                progress = true
            }
        }
        return progress
    }

    // MARK: - Singleton stage

    private func singletonStage(_ hidden: inout [Bool]) {
        var stuck = Array(repeating: false, count: truth.count)
        while true {
            guard let elimination = try? system.eliminate(known: known(hidden: hidden)) else { return }
            guard
                let v = truth.indices.first(where: {
                    hidden[$0] && needsProtection[$0] && !fixed[$0] && !stuck[$0] && elimination.determinedBy[$0] != nil
                })
            else { return }
            let equation = elimination.determinedBy[v]!
            var candidates: [Int] = []
            for term in system.equations[equation].terms where term.variable != v {
                let u = term.variable
                if !hidden[u] && !fixed[u] {
                    candidates.append(u)
                } else if hidden[u], let other = elimination.determinedBy[u] {
                    candidates += system.equations[other].terms.map(\.variable).filter { !hidden[$0] && !fixed[$0] }
                }
            }
            guard !candidates.isEmpty else {
                stuck[v] = true
                continue
            }
            var hiddenCount = Array(repeating: 0, count: system.equations.count)
            for (e, eq) in system.equations.enumerated() {
                hiddenCount[e] = eq.terms.reduce(0) { $0 + (hidden[$1.variable] && !fixed[$1.variable] ? 1 : 0) }
            }
            func score(_ p: Int) -> (Int, Int, Int) {
                let singletons = system.equationsOf[p].reduce(0) {
                    $0 + (hiddenCount[$1] == 0 ? 1 : hiddenCount[$1] == 1 ? -1 : 0)
                }
                return (singletons, truth[p], p)
            }
            let best = Array(Set(candidates)).min { score($0) < score($1) }!
            hidden[best] = true
        }
    }

    // MARK: - Protection LP

    /// A way to protect a cell: the published cells to hide, what that costs, and the values of
    /// the region's cells in the attacker-feasible point that proves it.
    struct Move {
        let cost: Double
        let cells: [Int]
        let point: [Int: Double]
    }

    /// The published cells to hide so that `x` can reach 0 or the threshold. The candidates are the
    /// eligible published cells within 1, 2, 3 equation steps of `x`, then all of them; the free
    /// cells are the hidden cells connected to `x` through hidden cells and candidates. Everything
    /// else stays at its true value, which keeps any solution feasible for the whole pack.
    private func protect(_ x: Int, hidden: [Bool], describe: (Int) -> (table: String, cell: String)) throws -> Move {
        if let move = widening(from: x, hidden: hidden, { cheapestMove(x, region: $0, hidden: hidden) }) { return move }
        let (table, cell) = describe(x)
        throw DisclosureError.cannotProtect(table: table, cell: cell)
    }

    /// The first answer of `attempt` over widening regions around `x`: the cells within 1, 2, 3
    /// equation steps, then all of them (each distinct set of candidates once), as the free cells
    /// connected to `x` through hidden cells and candidates.
    private func widening<Answer>(from x: Int, hidden: [Bool], _ attempt: ([Int]) -> Answer?) -> Answer? {
        var previous: [Int]? = nil
        for radius in [1, 2, 3, Int.max] {
            let candidates = neighbourhood(of: x, radius: radius).filter { !hidden[$0] && !fixed[$0] }
            if candidates == previous { continue }
            previous = candidates
            if let answer = attempt(connected(from: x, hidden: hidden, candidates: Set(candidates))) { return answer }
        }
        return nil
    }

    /// Cells within `radius` equation steps of `x`, ascending.
    private func neighbourhood(of x: Int, radius: Int) -> [Int] {
        var seen = Array(repeating: false, count: truth.count)
        seen[x] = true
        var frontier = [x]
        var result = [x]
        var step = 0
        while !frontier.isEmpty && step < radius {
            var next: [Int] = []
            for u in frontier {
                for e in system.equationsOf[u] {
                    for term in system.equations[e].terms where !seen[term.variable] {
                        seen[term.variable] = true
                        next.append(term.variable)
                        result.append(term.variable)
                    }
                }
            }
            frontier = next
            step += 1
        }
        return result.sorted()
    }

    /// `x` and the hidden (not fixed) cells and candidates reachable from it through equations,
    /// passing only through such cells; ascending.
    private func connected(from x: Int, hidden: [Bool], candidates: Set<Int>) -> [Int] {
        system.reachable(from: x) { (hidden[$0] && !fixed[$0]) || candidates.contains($0) }
    }

    /// The cheapest way to move `x` to 0 (when zeros may be published) or to at least the
    /// threshold: min Σ (1 + value)·|deviation| over the published cells of the region, subject to
    /// all equations, hidden cells of the region free and ≥ 0, published cells ≥ 0, every other
    /// cell at its true value. Returns the published cells that deviate in the cheaper of the two
    /// moves, or nil when neither is possible.
    ///
    /// One LP serves both targets: `x` is a column, and `y = min(x, k)` is modelled by
    /// `y + s1 = k`, `x − y − s2 = 0`. The true counts are feasible, so phase 1 always succeeds;
    /// then `M·x + cost` and `−M·y + cost` are minimised in turn (exact penalties: M exceeds the
    /// cost of moving `x` by one). The bounds "decrease ≤ value" of published cells are added
    /// lazily, only for cells that a solution drives below zero.
    ///
    /// With `low` or `high` given (the ±p % protection), only that one move is made: `x` to at
    /// most `low`, or to at least `high`.
    private func cheapestMove(_ x: Int, region: [Int], hidden: [Bool], low: Double? = nil, high: Double? = nil) -> Move? {
        let ranged = low != nil || high != nil
        var freeColumn: [Int: Int] = [:]
        var increase: [Int: Int] = [:]
        var decrease: [Int: Int] = [:]
        var columns = 0
        var costs: [(column: Int, value: Double)] = []
        for v in region where v != x {
            if hidden[v] {
                freeColumn[v] = columns
                columns += 1
            } else {
                let cost = 1 + Double(truth[v])
                increase[v] = columns
                costs.append((columns, cost))
                columns += 1
                if truth[v] > 0 {
                    decrease[v] = columns
                    costs.append((columns, cost))
                    columns += 1
                }
            }
        }
        let xColumn = columns, yColumn = columns + 1
        columns += 4  // x, y, s1, s2
        // For a move to at most `low`: x − u + s = low, the excess u penalised.
        let excessColumn = columns
        if low != nil { columns += 2 }
        var equations: [Int] = []
        for v in region { equations.append(contentsOf: system.equationsOf[v]) }
        var rows: [LPRow] = []
        for e in Array(Set(equations)).sorted() {
            let equation = system.equations[e]
            var rhs = Double(equation.rhs)
            var entries: [(column: Int, value: Double)] = []
            for term in equation.terms {
                let a = Double(term.coefficient)
                let v = term.variable
                if let c = freeColumn[v] {
                    entries.append((c, a))
                } else if let up = increase[v] {
                    rhs -= a * Double(truth[v])
                    entries.append((up, a))
                    if let down = decrease[v] { entries.append((down, -a)) }
                } else if v == x {
                    entries.append((xColumn, a))
                } else {
                    rhs -= a * Double(truth[v])
                }
            }
            rows.append(LPRow(entries: entries, rhs: rhs))
        }
        let k = high ?? Double(criterion.threshold)
        rows.append(LPRow(entries: [(yColumn, 1), (yColumn + 1, 1)], rhs: k))
        if let low { rows.append(LPRow(entries: [(xColumn, 1), (excessColumn, -1), (excessColumn + 1, 1)], rhs: low)) }
        rows.append(LPRow(entries: [(xColumn, 1), (yColumn, -1), (yColumn + 2, -1)], rhs: 0))
        let penalty = 4 * (1 + costs.reduce(0) { $0 + $1.value })
        let tolerance = ProtectionCriterion.tolerance
        var bounded: [Int] = []
        while true {
            var boundRows: [LPRow] = []
            for (i, v) in bounded.enumerated() {
                boundRows.append(LPRow(entries: [(decrease[v]!, 1), (columns + i, 1)], rhs: Double(truth[v])))
            }
            guard var simplex = Simplex(columns: columns + bounded.count, rows: rows + boundRows) else { return nil }
            var moves: [Move] = []
            var negative: Set<Int> = []
            func record() {
                for v in decrease.keys
                where Double(truth[v]) + simplex.value(of: increase[v]!) - simplex.value(of: decrease[v]!) < -tolerance {
                    negative.insert(v)
                }
                let cost = costs.reduce(0) { $0 + $1.value * simplex.value(of: $1.column) }
                let cells = increase.keys.filter { v in
                    simplex.value(of: increase[v]!) > tolerance || (decrease[v].map { simplex.value(of: $0) > tolerance } ?? false)
                }
                var values: [Int: Double] = [x: simplex.value(of: xColumn)]
                for (v, c) in freeColumn { values[v] = simplex.value(of: c) }
                for (v, up) in increase {
                    values[v] = Double(truth[v]) + simplex.value(of: up) - (decrease[v].map { simplex.value(of: $0) } ?? 0)
                }
                moves.append(Move(cost: cost, cells: cells.sorted(), point: values))
            }
            if let low {
                if case .optimal = simplex.minimize(costs + [(excessColumn, penalty)]), simplex.value(of: xColumn) <= low + tolerance {
                    record()
                }
            } else if !ranged, criterion.smallestSensitive > 0,
                case .optimal = simplex.minimize(costs + [(xColumn, penalty)]), simplex.value(of: xColumn) <= tolerance
            {
                record()
            }
            if low == nil, case .optimal = simplex.minimize(costs + [(yColumn, -penalty)]), simplex.value(of: yColumn) >= k - tolerance {
                record()
            }
            if !negative.isEmpty {
                bounded += negative.sorted().filter { !bounded.contains($0) }
                continue
            }
            // The cheaper move; on equal cost the one that hides fewer cells, then moving to 0.
            return moves.min { ($0.cost + 1e-9 < $1.cost) || (abs($0.cost - $1.cost) <= 1e-9 && $0.cells.count < $1.cells.count) }
        }
    }
}
