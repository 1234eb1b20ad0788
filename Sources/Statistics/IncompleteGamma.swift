// Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
//
// Method: the power series for P when x < a + 1 and the continued fraction for Q (modified
// Lentz) otherwise, as in Press et al., Numerical Recipes, 3rd ed., §6.2 (`gser`, `gcf`), and
// Cephes `igam`/`igamc`. The prefactor x^a e^{−x} / Γ(a+1) is computed with Loader's saddle-point
// expansion (see `SaddlePoint.poissonDensity`), as R's pgamma.c does, so large arguments such as
// a = x = 10^6 keep their precision. The smaller of P and Q is always computed directly.

import Foundation

/// The regularised incomplete gamma function.
public enum IncompleteGamma: Sendable {
    /// P(a, x) = γ(a, x) / Γ(a), the lower regularised incomplete gamma function (a > 0, x ≥ 0).
    /// Returns NaN for invalid arguments.
    public static func p(_ a: Double, _ x: Double) -> Double {
        evaluate(a, x).lower
    }

    /// Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x), the upper regularised incomplete gamma function.
    /// Returns NaN for invalid arguments.
    public static func q(_ a: Double, _ x: Double) -> Double {
        evaluate(a, x).upper
    }

    /// Both P(a, x) and Q(a, x); the smaller one is computed directly, the other as its complement.
    static func evaluate(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        guard !a.isNaN, !x.isNaN, a > 0, a.isFinite, x >= 0 else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        if x < a + 1 {
            let lower = series(a, x)
            return (lower, 1 - lower)
        }
        let upper = continuedFraction(a, x)
        return (1 - upper, upper)
    }

    /// Maximum number of terms: both expansions need O(√a) terms when x ≈ a.
    private static func maxIterations(_ a: Double) -> Int {
        Int(min(1.0e7, 1000 + 50 * a.squareRoot()))
    }

    /// P(a, x) = x^a e^{−x} / Γ(a+1) · Σ_{n≥0} x^n / ((a+1)…(a+n)), for x < a + 1.
    private static func series(_ a: Double, _ x: Double) -> Double {
        let prefactor = SaddlePoint.poissonDensity(a, x)
        if prefactor == 0 { return 0 }
        var sum = 1.0
        var term = 1.0
        var ap = a
        for _ in 0..<maxIterations(a) {
            ap += 1
            term *= x / ap
            sum += term
            if term < sum * 1e-17 { break }
        }
        return min(1, prefactor * sum)
    }

    /// Q(a, x) = x^a e^{−x} / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− …)), for x ≥ a + 1 (Lentz).
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let prefactor = a * SaddlePoint.poissonDensity(a, x)
        if prefactor == 0 { return 0 }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        for _ in 0..<maxIterations(a) {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 3e-16 { break }
            i += 1
        }
        return min(1, prefactor * h)
    }
}
