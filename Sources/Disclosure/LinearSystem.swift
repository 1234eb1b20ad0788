// The linear equations of a pack and what follows from them by elimination alone.

/// One term `coefficient · x[variable]` of a linear equation.
struct Term: Sendable, Equatable {
    let variable: Int
    let coefficient: Int
}

/// `Σ terms = rhs`.
struct LinearEquation: Sendable, Equatable {
    var terms: [Term]
    var rhs: Int
}

/// The published figures contradict equation `equation` (no non-negative completion).
struct Inconsistency: Error, Sendable {
    let equation: Int
}

/// A system of linear equations over the cells of a pack, with the index from each variable to the
/// equations it occurs in.
struct LinearSystem: Sendable {
    let variableCount: Int
    let equations: [LinearEquation]
    /// Per variable, the equations it occurs in, ascending.
    let equationsOf: [[Int]]

    init(variableCount: Int, equations: [LinearEquation]) {
        self.variableCount = variableCount
        self.equations = equations
        var equationsOf = Array(repeating: [Int](), count: variableCount)
        for (e, equation) in equations.enumerated() {
            for term in equation.terms { equationsOf[term.variable].append(e) }
        }
        self.equationsOf = equationsOf
    }

    /// parent − Σ children = 0 for every relation of the structure.
    init(structure: LongTableStructure) {
        self.init(
            variableCount: structure.keys.count,
            equations: structure.equations.map { relation in
                LinearEquation(
                    terms: [Term(variable: relation.parent, coefficient: 1)]
                        + relation.children.map { Term(variable: $0, coefficient: -1) },
                    rhs: 0)
            })
    }

    /// `start` and every variable reachable from it through equations, passing only through
    /// variables that `passable` admits; ascending.
    func reachable(from start: Int, through passable: (Int) -> Bool) -> [Int] {
        var seen = Array(repeating: false, count: equationsOf.count)
        seen[start] = true
        var stack = [start]
        var result = [start]
        while let u = stack.popLast() {
            for e in equationsOf[u] {
                for term in equations[e].terms where !seen[term.variable] && passable(term.variable) {
                    seen[term.variable] = true
                    stack.append(term.variable)
                    result.append(term.variable)
                }
            }
        }
        return result.sorted()
    }

    /// The cells that share an equation with `variable`, ascending, without `variable` itself.
    func neighbours(of variable: Int) -> [Int] {
        var result: [Int] = []
        for e in equationsOf[variable] {
            for term in equations[e].terms where term.variable != variable { result.append(term.variable) }
        }
        return Array(Set(result)).sorted()
    }

    /// What follows by repeatedly solving equations with a single unknown (the exact shortcut for
    /// "the cell is the total minus the published rest").
    struct Elimination: Sendable {
        /// Known values: the given ones plus the determined ones.
        var value: [Int?]
        /// For each determined variable, the equation that determined it.
        var determinedBy: [Int?]
        /// Equations with two or more unknowns left.
        var openEquations: [Int]
    }

    /// Eliminates single unknowns. Throws ``Inconsistency`` when the known values contradict an
    /// equation or force a negative count.
    func eliminate(known: [Int?]) throws -> Elimination {
        var value = known
        var determinedBy = [Int?](repeating: nil, count: variableCount)
        var rhs = equations.map(\.rhs)
        var unknownCount = Array(repeating: 0, count: equations.count)
        var queue: [Int] = []
        for (e, equation) in equations.enumerated() {
            for term in equation.terms {
                if let v = value[term.variable] { rhs[e] -= term.coefficient * v } else { unknownCount[e] += 1 }
            }
            if unknownCount[e] == 0 && rhs[e] != 0 { throw Inconsistency(equation: e) }
            if unknownCount[e] == 1 { queue.append(e) }
        }
        var head = 0
        while head < queue.count {
            let e = queue[head]
            head += 1
            guard unknownCount[e] == 1,
                let term = equations[e].terms.first(where: { value[$0.variable] == nil })
            else { continue }
            guard rhs[e] % term.coefficient == 0, rhs[e] / term.coefficient >= 0 else { throw Inconsistency(equation: e) }
            let solved = rhs[e] / term.coefficient
            value[term.variable] = solved
            determinedBy[term.variable] = e
            for other in equationsOf[term.variable] {
                let coefficient = equations[other].terms.first { $0.variable == term.variable }!.coefficient
                rhs[other] -= coefficient * solved
                unknownCount[other] -= 1
                if unknownCount[other] == 1 { queue.append(other) }
                if unknownCount[other] == 0 && rhs[other] != 0 { throw Inconsistency(equation: other) }
            }
        }
        return Elimination(
            value: value, determinedBy: determinedBy,
            openEquations: unknownCount.indices.filter { unknownCount[$0] >= 2 })
    }

    /// Groups the unknown variables into sets that share no equation, each sorted, ordered by their
    /// smallest variable. Unknowns in no open equation form a set of their own.
    func components(unknown: [Int], openEquations: [Int], isUnknown: (Int) -> Bool) -> [[Int]] {
        var parent = Array(0..<variableCount)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for e in openEquations {
            let members = equations[e].terms.map(\.variable).filter(isUnknown)
            guard let first = members.first else { continue }
            for other in members.dropFirst() {
                let a = find(first), b = find(other)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for v in unknown.sorted() { groups[find(v), default: []].append(v) }
        return groups.keys.sorted().map { groups[$0]! }
    }
}
