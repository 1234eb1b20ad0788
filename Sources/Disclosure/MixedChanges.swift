// Changes of both signs between editions (a recategorisation), protected as the reader sees them.

/// The table of changes d = new − old as a reader holding both editions has it, when no sign of
/// the changes may be assumed (issue 17: a correction that moves an incident from one category to
/// another changes one cell by −1 and another by +1).
///
/// Every change obeys the table's sums (both editions add up). Known: the change of every cell
/// shown in both editions (a cell of the new edition that is `fixed` counts as shown). Bounds,
/// since counts are never negative: d ≥ −old where the old value is shown, d ≤ new where the new
/// value is shown; otherwise d is free. A sensitive change is protected when its feasible range
/// (over the reals, rounded inwards) is not inside 1..k−1 and not inside −(k−1)..−1: it reaches
/// 0, or a size of at least k, or is unbounded.
///
/// The one-sign case uses ``SecondarySuppression`` on the table of changes; here the variables
/// are not all non-negative (free changes, and bounds on either side), which its protection LP
/// cannot express, so the ranges come from a small LP of their own (``Simplex``) per cell over
/// the cells connected to it through unknown changes, with each variable shifted to be ≥ 0:
/// d = e − old (old shown), d = new − f (new shown), d = p − q (neither).
struct MixedChanges {
    let system: LinearSystem
    let counts: [Int]
    let revisions: [CellRevision?]
    let fixed: [Bool]
    let threshold: Int

    func oldShown(_ v: Int) -> Bool { revisions[v]?.oldShown ?? false }
    func newShown(_ v: Int, hidden: [Bool]) -> Bool { !hidden[v] || fixed[v] }
    /// The change the reader reads off both editions, nil when it is not shown in both.
    func knownChange(_ v: Int, hidden: [Bool]) -> Int? {
        guard oldShown(v), newShown(v, hidden: hidden), let revision = revisions[v] else { return nil }
        return counts[v] - revision.old
    }

    /// `x` and the cells of unknown change reachable from it through equations, ascending.
    func component(of x: Int, hidden: [Bool]) -> [Int] {
        system.reachable(from: x) { knownChange($0, hidden: hidden) == nil }
    }

    /// The feasible range of the change of `x` (hidden in the new edition): nil ends are unbounded.
    /// Returns nil when the published figures admit no change table at all.
    func range(of x: Int, hidden: [Bool]) -> (lower: Double?, upper: Double?)? {
        if let d = knownChange(x, hidden: hidden) { return (Double(d), Double(d)) }
        let cells = component(of: x, hidden: hidden)
        // Per cell: its columns with their signs, and the constant part of d.
        var columns = 0
        var terms: [Int: (constant: Double, entries: [(column: Int, sign: Double)])] = [:]
        for v in cells {
            let old = oldShown(v), new = newShown(v, hidden: hidden)
            if old, !new {
                terms[v] = (-Double(revisions[v]!.old), [(columns, 1)])
                columns += 1
            } else if new, !old {
                terms[v] = (Double(counts[v]), [(columns, -1)])
                columns += 1
            } else {
                terms[v] = (0, [(columns, 1), (columns + 1, -1)])
                columns += 2
            }
        }
        var equations: [Int] = []
        for v in cells { equations += system.equationsOf[v] }
        var rows: [LPRow] = []
        for e in Array(Set(equations)).sorted() {
            var rhs = 0.0
            var entries: [(column: Int, value: Double)] = []
            for term in system.equations[e].terms {
                let a = Double(term.coefficient)
                if let t = terms[term.variable] {
                    rhs -= a * t.constant
                    for entry in t.entries { entries.append((entry.column, a * entry.sign)) }
                } else if let d = knownChange(term.variable, hidden: hidden) {
                    rhs -= a * Double(d)
                }
            }
            rows.append(LPRow(entries: entries, rhs: rhs))
        }
        guard var simplex = Simplex(columns: columns, rows: rows) else { return nil }
        let t = terms[x]!
        let objective = t.entries.map { (column: $0.column, value: $0.sign) }
        func value() -> Double { t.constant + t.entries.reduce(0) { $0 + $1.sign * simplex.value(of: $1.column) } }
        var lower: Double? = nil
        var upper: Double? = nil
        switch simplex.minimize(objective) {
        case .optimal: lower = value()
        case .unbounded: lower = nil
        default: return nil
        }
        switch simplex.maximize(objective) {
        case .optimal: upper = value()
        case .unbounded: upper = nil
        default: return nil
        }
        return (lower, upper)
    }

    /// Whether a change with this range can be narrowed into 1..k−1 or −(k−1)..−1.
    func isProtected(_ range: (lower: Double?, upper: Double?)) -> Bool {
        guard let lower = range.lower, let upper = range.upper else { return true }
        let tolerance = ProtectionCriterion.tolerance
        let low = Int((lower - tolerance).rounded(.up)), high = Int((upper + tolerance).rounded(.down))
        let small = threshold - 1
        if low >= 1 && high <= small { return false }
        if high <= -1 && low >= -small { return false }
        return true
    }

    /// Hides further new-edition cells until no sensitive change can be narrowed: for the first
    /// unprotected change (ascending), the cheapest published cell (smallest count, then position)
    /// next to its unknown changes whose hiding protects it; when no single cell does, the
    /// cheapest one, and the search repeats. Deterministic: same input, same cells.
    func protect(hidden start: [Bool], sensitive: [Bool], describe: (Int) -> (table: String, cell: String)) throws -> [Bool] {
        var hidden = start
        func unprotected(_ v: Int) throws -> Bool {
            guard let range = range(of: v, hidden: hidden) else {
                let (table, cell) = describe(v)
                throw DisclosureError.cannotProtect(table: table, cell: cell)
            }
            return !isProtected(range)
        }
        // Hiding more only widens every range, so a change found protected stays protected: the
        // search resumes at the cell it last stopped at.
        var next = 0
        func firstUnprotected() throws -> Int? {
            while next < counts.count {
                let v = next
                if hidden[v] && sensitive[v] && !fixed[v], try unprotected(v) { return v }
                next += 1
            }
            return nil
        }
        while let x = try firstUnprotected() {
            var near = Set<Int>()
            for v in component(of: x, hidden: hidden) {
                near.insert(v)
                for u in system.neighbours(of: v) { near.insert(u) }
            }
            let candidates = near.filter { !hidden[$0] && !fixed[$0] }.sorted { (counts[$0], $0) < (counts[$1], $1) }
            guard let cheapest = candidates.first else {
                let (table, cell) = describe(x)
                throw DisclosureError.cannotProtect(table: table, cell: cell)
            }
            var chosen = cheapest
            for c in candidates {
                hidden[c] = true
                let protects = try !unprotected(x)
                hidden[c] = false
                if protects {
                    chosen = c
                    break
                }
            }
            hidden[chosen] = true
        }
        return hidden
    }
}
