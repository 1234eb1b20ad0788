import Testing

@testable import Disclosure

private func row(_ entries: [Double], _ rhs: Double) -> LPRow {
    LPRow(entries: entries.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }, rhs: rhs)
}

/// The optimum of min c·x, A x = b, x ≥ 0 by enumerating every basis (tiny problems only):
/// nil when infeasible, -infinity is not detected (callers use bounded problems).
private func enumerateBases(_ a: [[Double]], _ b: [Double], _ c: [Double]) -> Double? {
    // Drop rows that depend on earlier ones (consistent systems only), so that bases are m×m.
    var a = a, b = b
    var reduced: [[Double]] = []
    var keep: [Int] = []
    for (i, rowValues) in a.enumerated() {
        var r = rowValues + [b[i]]
        for basisRow in reduced {
            guard let lead = basisRow.firstIndex(where: { abs($0) > 1e-9 }) else { continue }
            let f = r[lead] / basisRow[lead]
            for j in r.indices { r[j] -= f * basisRow[j] }
        }
        if r.dropLast().contains(where: { abs($0) > 1e-9 }) {
            reduced.append(r)
            keep.append(i)
        } else if abs(r.last!) > 1e-9 {
            return nil
        }
    }
    a = keep.map { a[$0] }
    b = keep.map { b[$0] }
    let m = a.count, n = a[0].count
    var best: Double?
    func choose(_ start: Int, _ chosen: [Int]) {
        if chosen.count == m {
            // Solve the m×m system by Gaussian elimination with partial pivoting.
            var matrix = (0..<m).map { i in chosen.map { a[i][$0] } + [b[i]] }
            for col in 0..<m {
                guard let pivot = (col..<m).max(by: { abs(matrix[$0][col]) < abs(matrix[$1][col]) }),
                    abs(matrix[pivot][col]) > 1e-9
                else { return }
                matrix.swapAt(col, pivot)
                for i in 0..<m where i != col {
                    let f = matrix[i][col] / matrix[col][col]
                    for j in col...m { matrix[i][j] -= f * matrix[col][j] }
                }
            }
            let x = (0..<m).map { matrix[$0][m] / matrix[$0][$0] }
            guard x.allSatisfy({ $0 >= -1e-9 }) else { return }
            let value = zip(chosen, x).reduce(0.0) { $0 + c[$1.0] * $1.1 }
            if best == nil || value < best! { best = value }
            return
        }
        guard start < n else { return }
        for j in start..<n { choose(j + 1, chosen + [j]) }
    }
    choose(0, [])
    return best
}

@Suite("Simplex: hand-solved and enumerated linear programmes")
struct SimplexTests {
    @Test("the textbook problem max 3x + 5y with three resource limits has optimum 36 at (2, 6)")
    func textbook() throws {
        // x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 with slacks s1, s2, s3.
        var lp = try #require(
            Simplex(
                columns: 5,
                rows: [
                    row([1, 0, 1, 0, 0], 4), row([0, 2, 0, 1, 0], 12), row([3, 2, 0, 0, 1], 18),
                ]))
        #expect(lp.maximize([(0, 3), (1, 5)]) == .optimal(36))
        #expect(abs(lp.value(of: 0) - 2) < 1e-9)
        #expect(abs(lp.value(of: 1) - 6) < 1e-9)
        // Warm start: a second objective over the same constraints.
        #expect(lp.minimize([(0, 1), (1, 1)]) == .optimal(0))
        #expect(lp.maximize([(0, 1)]) == .optimal(4))
    }

    @Test("a cell of a 2×2 table with published margins ranges between the Fréchet bounds")
    func frechet() throws {
        // x11 + x12 = 5, x21 + x22 = 4, x11 + x21 = 2, x12 + x22 = 7: x11 ∈ [max(0, 5−7), min(5, 2)] = [0, 2].
        var lp = try #require(
            Simplex(
                columns: 4,
                rows: [
                    row([1, 1, 0, 0], 5), row([0, 0, 1, 1], 4), row([1, 0, 1, 0], 2), row([0, 1, 0, 1], 7),
                ]))
        #expect(lp.minimize([(0, 1)]) == .optimal(0))
        #expect(lp.maximize([(0, 1)]) == .optimal(2))
        #expect(lp.minimize([(3, 1)]) == .optimal(2))
        #expect(lp.maximize([(3, 1)]) == .optimal(4))
        // The fourth equation is the sum of the others minus one: one row is redundant.
        #expect(lp.rowCount == 3)
    }

    @Test("infeasible systems are recognised")
    func infeasible() {
        #expect(Simplex(columns: 2, rows: [row([1, 1], 2), row([1, 1], 3)]) == nil)
        #expect(Simplex(columns: 2, rows: [row([1, 1], -1)]) == nil)
        #expect(Simplex(columns: 3, rows: [row([1, -1, 0], 5), row([0, 1, 1], 2), row([1, 0, 1], 1)]) == nil)
    }

    @Test("an unbounded direction is reported, and stop conditions fire")
    func unboundedAndStop() throws {
        var lp = try #require(Simplex(columns: 2, rows: [row([1, -1], 1)]))
        #expect(lp.maximize([(0, 1)]) == .unbounded)
        var bounded = try #require(Simplex(columns: 3, rows: [row([1, 1, 1], 10)]))
        #expect(bounded.maximize([(0, 1)], watch: 0, stopWhen: { $0 >= 5 }) == .stopped)
        #expect(bounded.value(of: 0) >= 5)
        #expect(bounded.maximize([(0, 1)], watch: 0, stopWhen: { $0 >= 11 }) == .optimal(10))
    }

    @Test("Beale's cycling example terminates at the optimum")
    func beale() throws {
        // min −3/4 x4 + 20 x5 − 1/2 x6 + 6 x7 (columns 0…6 are x1…x7).
        let a: [[Double]] = [
            [1, 0, 0, 0.25, -8, -1, 9],
            [0, 1, 0, 0.5, -12, -0.5, 3],
            [0, 0, 1, 0, 0, 1, 0],
        ]
        let b: [Double] = [0, 0, 1]
        let c: [Double] = [0, 0, 0, -0.75, 20, -0.5, 6]
        var lp = try #require(Simplex(columns: 7, rows: zip(a, b).map { row($0, $1) }))
        let expected = try #require(enumerateBases(a, b, c))
        guard case .optimal(let value) = lp.minimize(c.enumerated().map { ($0.offset, $0.element) }) else {
            Issue.record("no optimum")
            return
        }
        #expect(abs(value - expected) < 1e-9)
        #expect(abs(value - -1.25) < 1e-9)
    }

    /// A feasible, bounded problem: a non-negative point satisfies the rows, and a row of all ones
    /// with a positive right-hand side bounds every column.
    static func randomProgramme(_ rng: inout SplitMix64, maxColumns: Int) -> (a: [[Double]], b: [Double], c: [Double], n: Int) {
        let m = rng.int(1...3), n = rng.int(m + 1...maxColumns)
        let point = (0..<n).map { _ in Double(rng.int(0...3)) }
        var a = (0..<m).map { _ in (0..<n).map { _ in Double(rng.int(-2...2)) } }
        a.append(Array(repeating: 1, count: n))
        let b = a.map { zip($0, point).reduce(0) { $0 + $1.0 * $1.1 } }
        let c = (0..<n).map { _ in Double(rng.int(-3...3)) }
        return (a, b, c, n)
    }

    @Test("random small programmes agree with enumeration of all bases", arguments: 0..<60)
    func randomAgainstEnumeration(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        let (a, b, c, n) = Self.randomProgramme(&rng, maxColumns: 6)
        let expected = enumerateBases(a, b, c)
        let lp = Simplex(columns: n, rows: zip(a, b).map { row($0, $1) })
        #expect((lp == nil) == (expected == nil))
        guard var lp, let expected else { return }
        guard case .optimal(let value) = lp.minimize(c.enumerated().map { ($0.offset, $0.element) }) else {
            Issue.record("no optimum for seed \(seed)")
            return
        }
        #expect(abs(value - expected) < 1e-7, "seed \(seed): \(value) vs \(expected)")
    }

    @Test("a bound added to a solved programme (dual simplex from its basis) agrees with enumeration", arguments: 0..<60)
    func boundAgainstEnumeration(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 104_729 &+ 3)
        let (a, b, c, n) = Self.randomProgramme(&rng, maxColumns: 5)
        let costs = c.enumerated().map { ($0.offset, $0.element) }
        guard var lp = Simplex(columns: n, rows: zip(a, b).map { row($0, $1) }), case .optimal = lp.minimize(costs) else {
            Issue.record("seed \(seed): the unbounded programme has a solution")
            return
        }
        // Bound a column to either side of its value (or of a value it does not have).
        let column = rng.int(0...(n - 1))
        let upper = rng.int(0...1) == 0
        let bound = Double(rng.int(0...4))
        // The bounded programme in full: column ± s = bound, with s a new last column.
        let boundedA = a.map { $0 + [0] } + [(0..<n).map { $0 == column ? 1 : 0 } + [upper ? 1 : -1]]
        let expected = enumerateBases(boundedA, b + [bound], c + [0])
        let outcome = lp.bound(column, upper: upper, to: bound, pivotLimit: 1_000)
        guard let expected else {
            #expect(outcome == nil, "seed \(seed): \(String(describing: outcome)) for an infeasible bound")
            return
        }
        guard case .optimal(let value) = outcome else {
            Issue.record("seed \(seed): \(String(describing: outcome)), expected \(expected)")
            return
        }
        #expect(abs(value - expected) < 1e-7, "seed \(seed): \(value) vs \(expected)")
        let x = lp.value(of: column)
        #expect(upper ? x <= bound + 1e-9 : x >= bound - 1e-9)
        // The basis found is the bounded programme's: minimising again changes nothing.
        guard case .optimal(let again) = lp.minimize(costs) else {
            Issue.record("seed \(seed): no optimum after the bound")
            return
        }
        #expect(abs(again - value) < 1e-9)
    }
}
