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
///    satisfied: published cells may deviate from their values at a cost of (1 + value) per unit,
///    hidden cells move freely. The published cells that had to move are hidden. The point the LP
///    found is then feasible for the attacker, so the cell is protected, and hiding more cells never
///    undoes the protection of another.
/// 3. Repeat until the audit finds nothing.
struct SecondarySuppression {
    let system: LinearSystem
    let truth: [Int]
    let criterion: ProtectionCriterion
    /// Cells the attacker knows whatever is written (own cells; unchanged cells of earlier editions).
    let fixed: [Bool]
    /// Cells whose protection is required (sensitive and not already disclosed before).
    let needsProtection: [Bool]

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
            if failures.isEmpty { return hidden }
            var progress = false
            for failure in failures {
                let complements = try protect(failure.variable, hidden: hidden, describe: describe)
                for c in complements where !hidden[c] {
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

    // MARK: - Singleton stage

    private func singletonStage(_ hidden: inout [Bool]) {
        var stuck = Array(repeating: false, count: truth.count)
        while true {
            guard let elimination = try? system.eliminate(known: known(hidden: hidden)) else { return }
            guard let v = truth.indices.first(where: {
                hidden[$0] && needsProtection[$0] && !fixed[$0] && !stuck[$0] && elimination.determinedBy[$0] != nil
            }) else { return }
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

    /// The published cells to hide so that `x` can reach 0 or the threshold. Tries growing
    /// neighbourhoods of `x` (cells outside stay at their true values, which keeps any solution
    /// feasible for the whole pack) before the whole pack.
    private func protect(_ x: Int, hidden: [Bool], describe: (Int) -> (table: String, cell: String)) throws -> [Int] {
        var targets: [Double] = []
        if criterion.smallestSensitive > 0 { targets.append(0) }
        targets.append(Double(criterion.threshold))
        var previousSize = -1
        for radius in [2, 3, 4, Int.max] {
            let region = neighbourhood(of: x, radius: radius)
            if region.count == previousSize { continue }
            previousSize = region.count
            var best: (cost: Double, cells: [Int])?
            for target in targets {
                guard let solution = cheapestMove(x, to: target, region: region, hidden: hidden) else { continue }
                if best == nil || solution.cost < best!.cost - 1e-9
                    || (abs(solution.cost - best!.cost) <= 1e-9 && solution.cells.count < best!.cells.count)
                {
                    best = solution
                }
            }
            if let best { return best.cells }
            if radius == Int.max { break }
        }
        let (table, cell) = describe(x)
        throw DisclosureError.cannotProtect(table: table, cell: cell)
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

    /// min Σ (1 + value)·|deviation of published cells| subject to all equations, x = target,
    /// hidden cells of the region ≥ 0 and free, cells outside the region at their true values.
    /// Returns the cost and the published cells that deviate, or nil when infeasible.
    private func cheapestMove(_ x: Int, to target: Double, region: [Int], hidden: [Bool])
        -> (cost: Double, cells: [Int])?
    {
        // Columns: free hidden cells; for candidates an increase u and, when positive, a decrease w
        // with a slack s for w ≤ value.
        var freeColumn: [Int: Int] = [:]
        var increase: [Int: Int] = [:]
        var decrease: [Int: Int] = [:]
        var boundRows: [LPRow] = []
        var columns = 0
        var costs: [(column: Int, value: Double)] = []
        for v in region where v != x && !fixed[v] {
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
                    boundRows.append(LPRow(entries: [(columns, 1), (columns + 1, 1)], rhs: Double(truth[v])))
                    columns += 2
                }
            }
        }
        var equations: [Int] = []
        for v in region where v == x || freeColumn[v] != nil || increase[v] != nil {
            equations.append(contentsOf: system.equationsOf[v])
        }
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
                    rhs -= a * target
                } else {
                    rhs -= a * Double(truth[v])
                }
            }
            rows.append(LPRow(entries: entries, rhs: rhs))
        }
        guard var simplex = Simplex(columns: columns, rows: rows + boundRows),
              case .optimal(let cost) = simplex.minimize(costs) else { return nil }
        let moved = increase.keys.filter { v in
            simplex.value(of: increase[v]!) > 1e-7 || (decrease[v].map { simplex.value(of: $0) > 1e-7 } ?? false)
        }.sorted()
        return (cost, moved)
    }
}
