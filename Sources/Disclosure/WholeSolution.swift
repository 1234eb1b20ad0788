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
        let limit = pivotsPerRow.map { $0 * (rows.count + 10) }
        guard var first = Simplex(columns: columns, rows: rows, iterationLimit: limit) else { return (nil, nil) }
        if let costs {
            guard case .optimal = first.minimize(costs) else { return (nil, nil) }
        }
        let root = (0..<columns).map { first.value(of: $0) }
        // A node to solve: its parent's solved programme and the bound that makes it a branch.
        // Every node starts from its parent's optimal basis (the dual simplex restores
        // feasibility), so no node but the root runs a phase 1.
        typealias Node = (parent: Simplex, column: Int, upper: Bool, bound: Double)
        var stack: [Node] = []
        var solved = 1
        var current = first
        var values = root
        while true {
            if let fractional = (0..<structural).first(where: {
                abs(values[$0] - values[$0].rounded()) > ProtectionCriterion.tolerance
            }) {
                let value = values[fractional]
                let down: Node = (current, fractional, true, value.rounded(.down))
                let up: Node = (current, fractional, false, value.rounded(.up))
                // The nearer side first (last on the stack).
                stack += value - value.rounded(.down) < 0.5 ? [up, down] : [down, up]
            } else {
                return (values, root)
            }
            var next: Simplex?
            while next == nil, solved < nodes, let node = stack.popLast() {
                solved += 1
                var simplex = node.parent
                let pivots = pivotsPerRow.map { $0 * (simplex.rowCount + 10) } ?? 200 * (simplex.rowCount + simplex.columns)
                if case .optimal = simplex.bound(node.column, upper: node.upper, to: node.bound, pivotLimit: pivots) {
                    next = simplex
                }
            }
            guard let next else { return (nil, root) }
            current = next
            values = (0..<columns).map { current.value(of: $0) }
        }
    }
}
