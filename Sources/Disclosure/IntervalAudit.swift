// Feasible intervals of hidden cells by linear programming: the ground truth of the audit.

/// Computes, for hidden cells, whether the published figures narrow them into the sensitive range.
///
/// The attacker's knowledge is the system of equations of the pack with every published (or
/// otherwise known) cell fixed and every hidden cell a non-negative unknown. A hidden cell's
/// feasible interval is [min, max] of the cell over that polyhedron. Steps:
/// 1. Elimination of single unknowns (exact; a cell determined this way has a point interval).
/// 2. The remaining unknowns are split into components that share no equation.
/// 3. Cheap certificates: any feasible point in which a cell is 0 (when zeros may be published) or
///    at least the threshold proves that cell protected. Feasible points come from the true values
///    (when given) and from every basic solution the simplex visits.
/// 4. For cells without a certificate: min and max over the whole component (one phase 1 per
///    component, warm-started objectives, early exit as soon as the criterion is met). A cell whose
///    min and max both stay in the sensitive range fails, with its exact interval.
struct IntervalAudit {
    let system: LinearSystem
    let criterion: ProtectionCriterion

    struct Finding: Sendable, Equatable {
        let variable: Int
        let interval: FeasibleInterval
    }

    /// The checked cells that fail the criterion, with their exact intervals, ascending.
    /// - Parameters:
    ///   - known: the attacker's known values; nil for hidden cells.
    ///   - checked: hidden cells that must satisfy the criterion.
    ///   - feasiblePoint: a complete assignment satisfying all equations and `known` (the true
    ///     counts), or nil.
    func failures(known: [Int?], checked: [Int], feasiblePoint: [Double]? = nil) throws -> [Finding] {
        let elimination = try system.eliminate(known: known)
        var findings: [Finding] = []
        var certified = Array(repeating: false, count: system.variableCount)
        var pending: [Int] = []
        for v in checked.sorted() {
            if let value = elimination.value[v] {
                let interval = FeasibleInterval(lower: Double(value), upper: Double(value))
                if !criterion.isProtected(interval) { findings.append(Finding(variable: v, interval: interval)) }
            } else if let point = feasiblePoint, criterion.certifies(point[v]) {
                certified[v] = true
            } else {
                pending.append(v)
            }
        }
        guard !pending.isEmpty else { return findings }
        let isUnknown = { (v: Int) in elimination.value[v] == nil }
        // Whole components.
        let unknown = (0..<system.variableCount).filter(isUnknown)
        let components = system.components(
            unknown: unknown, openEquations: elimination.openEquations,
            isUnknown: isUnknown)
        let pendingSet = Set(pending)
        for component in components where component.contains(where: { pendingSet.contains($0) && !certified[$0] }) {
            guard var lp = problem(free: component, elimination: elimination) else {
                let equation = system.equationsOf[component[0]].first { elimination.openEquations.contains($0) } ?? 0
                throw Inconsistency(equation: equation)
            }
            certify(lp.simplex, free: component, column: lp.column, certified: &certified)
            for v in component where pendingSet.contains(v) && !certified[v] {
                if let interval = check(v, in: &lp.simplex, column: lp.column, certified: &certified, free: component) {
                    findings.append(Finding(variable: v, interval: interval))
                }
            }
        }
        return findings.sorted { $0.variable < $1.variable }
    }

    /// The exact feasible interval of every hidden cell in `variables`.
    func intervals(known: [Int?], of variables: [Int]) throws -> [Int: FeasibleInterval] {
        let elimination = try system.eliminate(known: known)
        var result: [Int: FeasibleInterval] = [:]
        let isUnknown = { (v: Int) in elimination.value[v] == nil }
        let unknown = (0..<system.variableCount).filter(isUnknown)
        let components = system.components(
            unknown: unknown, openEquations: elimination.openEquations,
            isUnknown: isUnknown)
        let wanted = Set(variables)
        for v in variables.sorted() {
            if let value = elimination.value[v] { result[v] = FeasibleInterval(lower: Double(value), upper: Double(value)) }
        }
        for component in components where component.contains(where: wanted.contains) {
            guard var lp = problem(free: component, elimination: elimination) else {
                throw Inconsistency(equation: system.equationsOf[component[0]].first ?? 0)
            }
            for v in component where wanted.contains(v) {
                let column = lp.column[v]!
                var lower = 0.0
                var upper: Double? = nil
                if case .optimal(let value) = lp.simplex.minimize([(column, 1)]) { lower = value }
                if case .optimal(let value) = lp.simplex.maximize([(column, 1)]) { upper = value }
                result[v] = FeasibleInterval(lower: max(0, lower), upper: upper)
            }
        }
        return result
    }

    // MARK: - Pieces

    /// Minimises, then maximises, the cell with early exits; returns its interval when it fails.
    private func check(
        _ v: Int, in simplex: inout Simplex, column: [Int: Int], certified: inout [Bool],
        free: [Int]
    ) -> FeasibleInterval? {
        guard let c = column[v] else { return nil }
        let zeroMatters = criterion.smallestSensitive > 0
        var lower = simplex.value(of: c)
        if zeroMatters {
            switch simplex.minimize([(c, 1)], watch: c, stopWhen: { criterion.reachesZero($0) }) {
            case .stopped: certified[v] = true
            case .optimal(let value): lower = value
            case .unbounded, .iterationLimit: break
            }
            certify(simplex, free: free, column: column, certified: &certified)
            if certified[v] { return nil }
        }
        var upper: Double?
        switch simplex.maximize([(c, 1)], watch: c, stopWhen: { criterion.reachesThreshold($0) }) {
        case .stopped, .unbounded: certified[v] = true
        case .optimal(let value): upper = value
        case .iterationLimit: upper = simplex.value(of: c)
        }
        certify(simplex, free: free, column: column, certified: &certified)
        if certified[v] { return nil }
        if !zeroMatters, case .optimal(let value) = simplex.minimize([(c, 1)]) { lower = value }
        return FeasibleInterval(lower: max(0, lower), upper: upper)
    }

    /// Marks every free cell whose value in the current basic solution proves it protected.
    private func certify(_ simplex: Simplex, free: [Int], column: [Int: Int], certified: inout [Bool]) {
        for v in free where !certified[v] {
            if let c = column[v], criterion.certifies(simplex.value(of: c)) { certified[v] = true }
        }
    }

    /// The LP over the `free` cells (a whole component): every equation touching them, with all
    /// other cells at their known value.
    private func problem(free: [Int], elimination: LinearSystem.Elimination)
        -> (simplex: Simplex, column: [Int: Int])?
    {
        var column: [Int: Int] = [:]
        for (c, v) in free.enumerated() { column[v] = c }
        var equations: [Int] = []
        for v in free { equations.append(contentsOf: system.equationsOf[v]) }
        var rows: [LPRow] = []
        for e in Array(Set(equations)).sorted() {
            let equation = system.equations[e]
            var rhs = Double(equation.rhs)
            var entries: [(column: Int, value: Double)] = []
            for term in equation.terms {
                if let c = column[term.variable] {
                    entries.append((c, Double(term.coefficient)))
                } else if let known = elimination.value[term.variable] {
                    rhs -= Double(term.coefficient * known)
                }
            }
            rows.append(LPRow(entries: entries, rhs: rhs))
        }
        guard let simplex = Simplex(columns: free.count, rows: rows) else { return nil }
        return (simplex, column)
    }
}
