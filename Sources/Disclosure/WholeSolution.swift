// A solution in whole numbers of A y = b, y ≥ 0, by a small branch and bound over the simplex.

enum WholeSolution {
    /// The values of every column of a solution of `rows` (y ≥ 0) whose first `structural` columns
    /// are whole numbers, minimising `costs` where given (each node's optimum; the first whole
    /// one found is returned, not necessarily the cheapest). Depth first, at most `nodes` linear
    /// programmes; nil when none was found. Only whole values within the tolerance count; the
    /// caller checks the result in integers. `root` is the first programme's solution (nil when
    /// it has none). With `pivotsPerRow`, a programme may take that many pivots per row (plus
    /// ten rows' worth) before it is given up as a node without a solution.
    static func find(
        columns: Int, rows: [LPRow], structural: Int, costs: [(column: Int, value: Double)]?, nodes: Int = 12,
        pivotsPerRow: Int? = nil
    ) -> (whole: [Double]?, root: [Double]?) {
        var root: [Double]?
        // A branch: column ≤ bound (upper) or column ≥ bound.
        typealias Branch = (column: Int, upper: Bool, bound: Double)
        var stack: [[Branch]] = [[]]
        var solved = 0
        while let branches = stack.popLast(), solved < nodes {
            solved += 1
            var all = rows
            var width = columns
            for branch in branches {
                // y + s = bound, or y − s = bound, with a new column s ≥ 0.
                all.append(LPRow(entries: [(branch.column, 1), (width, branch.upper ? 1 : -1)], rhs: branch.bound))
                width += 1
            }
            let limit = pivotsPerRow.map { $0 * (all.count + 10) }
            guard var simplex = Simplex(columns: width, rows: all, iterationLimit: limit) else { continue }
            if let costs, case .optimal = simplex.minimize(costs) {
            } else if costs != nil {
                continue
            }
            let values = (0..<columns).map { simplex.value(of: $0) }
            if solved == 1 { root = values }
            guard
                let fractional = (0..<structural).first(where: {
                    abs(values[$0] - values[$0].rounded()) > ProtectionCriterion.tolerance
                })
            else { return (values, root) }
            let value = values[fractional]
            let down: Branch = (fractional, true, value.rounded(.down))
            let up: Branch = (fractional, false, value.rounded(.up))
            // The nearer side first (last on the stack).
            if value - value.rounded(.down) < 0.5 {
                stack += [branches + [up], branches + [down]]
            } else {
                stack += [branches + [down], branches + [up]]
            }
        }
        return (nil, root)
    }
}
