// Regularised incomplete beta function I_x(a, b).
//
// Method: the continued fraction of Press et al., Numerical Recipes, 3rd ed., §6.4 (`betacf`,
// modified Lentz), evaluated at x or at 1 − x with the symmetry I_x(a, b) = 1 − I_{1−x}(b, a),
// whichever converges fast (x < (a+1)/(a+b+2)); Cephes `incbet` uses the same expansion. The
// prefactor x^a (1−x)^b / B(a, b) comes from Loader's saddle-point binomial density
// (`SaddlePoint.binomialDensity`), as R's dbeta does, so large a and b keep their precision.

import Foundation

/// The regularised incomplete beta function.
public enum IncompleteBeta: Sendable {
    /// I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1; NaN for invalid arguments.
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        evaluate(x: x, a: a, b: b, complementOfX: 1 - x).lower
    }

    /// 1 − I_x(a, b) = I_{1−x}(b, a), computed directly (no cancellation when I_x is near 1).
    public static func complement(x: Double, a: Double, b: Double) -> Double {
        evaluate(x: x, a: a, b: b, complementOfX: 1 - x).upper
    }

    /// I_x(a, b) and 1 − I_x(a, b); `complementOfX` is 1 − x, passed separately when the caller
    /// knows it more precisely than `1 - x`.
    static func evaluate(x: Double, a: Double, b: Double, complementOfX y: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN, !a.isNaN, !b.isNaN, a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, x <= 1 else {
            return (.nan, .nan)
        }
        if x == 0 { return (0, 1) }
        if y == 0 || x == 1 { return (1, 0) }
        // x^a y^b / B(a, b) = dbinom_raw(a; a+b, x) · ab / (a+b)
        let n = a + b
        let front = SaddlePoint.binomialDensity(a, n, x, y) * (a * b / n)
        if x < (a + 1) / (n + 2) {
            let lower = min(1, front * continuedFraction(x: x, a: a, b: b) / a)
            return (lower, 1 - lower)
        }
        let upper = min(1, front * continuedFraction(x: y, a: b, b: a) / b)
        return (1 - upper, upper)
    }

    /// The continued fraction for I_x(a, b) · a B(a, b) / (x^a (1−x)^b) (Lentz's method).
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let maxIterations = Int(min(1.0e7, 1000 + 50 * max(a, b).squareRoot()))
        var m = 1.0
        for _ in 0..<maxIterations {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 3e-16 { break }
            m += 1
        }
        return h
    }
}
