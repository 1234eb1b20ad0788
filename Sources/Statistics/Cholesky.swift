// Cholesky factorisation of a small symmetric positive definite matrix, with solve and inverse.
//
// Method: the textbook Cholesky–Banachiewicz algorithm (Golub and Van Loan, Matrix
// Computations, 4th ed., §4.2). Used for the normal equations XᵀWX β = XᵀWz of the IRLS solver,
// where p (the number of coefficients) is 1–3. A pivot that is not clearly positive marks the
// matrix as singular (collinear design, or all weight on too few points).

import Foundation

struct Cholesky: Sendable {
    /// Lower triangular factor L with A = L Lᵀ, row-major.
    let factor: [[Double]]

    /// Factorises `matrix`; nil when it is not (numerically) positive definite.
    init?(_ matrix: [[Double]]) {
        let n = matrix.count
        guard n > 0, matrix.allSatisfy({ $0.count == n }) else { return nil }
        let scale = (0..<n).map { abs(matrix[$0][$0]) }.max() ?? 0
        guard scale.isFinite, scale > 0 else { return nil }
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum.isFinite, sum > 1e-12 * scale else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        factor = l
    }

    /// Solves A x = b.
    func solve(_ b: [Double]) -> [Double] {
        let n = factor.count
        var y = b
        for i in 0..<n {
            var sum = y[i]
            for k in 0..<i { sum -= factor[i][k] * y[k] }
            y[i] = sum / factor[i][i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<n { sum -= factor[k][i] * x[k] }
            x[i] = sum / factor[i][i]
        }
        return x
    }

    /// A⁻¹.
    func inverse() -> [[Double]] {
        let n = factor.count
        var columns: [[Double]] = []
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            columns.append(solve(e))
        }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }
}
