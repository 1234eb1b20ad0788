// The beta distribution Beta(a, b): density, distribution function and quantile.
//
// Distribution function = regularised incomplete beta I_x(a, b) (`IncompleteBeta`). Quantile by
// safeguarded Newton iteration on [0, 1] (`MonotoneRoot`) from the initial guess of Press et al.,
// Numerical Recipes, 3rd ed., §6.14.10 (`invbetai`), working on the smaller tail. Matches R's
// `qbeta(p, a, b)`; used for the Clopper–Pearson interval of `binom.test`.

import Foundation

/// The beta distribution.
public enum BetaDistribution: Sendable {
    /// Density x^{a−1} (1−x)^{b−1} / B(a, b).
    public static func density(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return x.isNaN || a.isNaN || b.isNaN ? .nan : 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? b : 0) }
        if x == 1 { return b < 1 ? .infinity : (b == 1 ? a : 0) }
        let n = a + b
        return SaddlePoint.binomialDensity(a, n, x, 1 - x) * (a * b / n) / (x * (1 - x))
    }

    /// P(X ≤ x).
    public static func cdf(_ x: Double, a: Double, b: Double) -> Double {
        IncompleteBeta.regularized(x: min(1, max(0, x)), a: a, b: b)
    }

    /// P(X > x).
    public static func survival(_ x: Double, a: Double, b: Double) -> Double {
        IncompleteBeta.complement(x: min(1, max(0, x)), a: a, b: b)
    }

    /// The quantile: x with P(X ≤ x) = p, or P(X > x) = p when `upperTail`. NaN for invalid input.
    public static func quantile(_ p: Double, a: Double, b: Double, upperTail: Bool = false) -> Double {
        guard !p.isNaN, !a.isNaN, !b.isNaN, a > 0, b > 0, a.isFinite, b.isFinite, p >= 0, p <= 1 else {
            return .nan
        }
        let lowerProbability = upperTail ? 1 - p : p
        if (upperTail && p == 1) || (!upperTail && p == 0) { return 0 }
        if (upperTail && p == 0) || (!upperTail && p == 1) { return 1 }
        let useLower = lowerProbability <= 0.5
        let target = useLower ? lowerProbability : (upperTail ? p : 1 - p)
        func f(_ x: Double) -> Double {
            let (lower, upper) = IncompleteBeta.evaluate(x: x, a: a, b: b, complementOfX: 1 - x)
            return useLower ? lower - target : target - upper
        }
        let guess = initialGuess(lowerProbability, a, b)
        return MonotoneRoot.solve(lower: 0, upper: 1, start: guess) { x in
            (f(x), density(x, a: a, b: b))
        }
    }

    /// First guess for the quantile (Numerical Recipes `invbetai`).
    private static func initialGuess(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if a >= 1 && b >= 1 {
            let pp = p < 0.5 ? p : 1 - p
            let t = (-2 * log(pp)).squareRoot()
            var x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5 { x = -x }
            let al = (x * x - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = x * (al + h).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
            return a / (a + b * exp(2 * w))
        }
        let lna = log(a / (a + b))
        let lnb = log(b / (a + b))
        let t = exp(a * lna) / a
        let u = exp(b * lnb) / b
        let w = t + u
        if p < t / w { return pow(a * w * p, 1 / a) }
        return 1 - pow(b * w * (1 - p), 1 / b)
    }
}
