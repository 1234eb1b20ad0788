// The gamma distribution with shape a and scale 1: density, distribution function, quantile.
//
// Distribution function = regularised incomplete gamma P(a, x) (`IncompleteGamma`). Quantile by
// safeguarded Newton iteration (`MonotoneRoot`) from the initial guess of Press et al.,
// Numerical Recipes, 3rd ed., §6.2.1 (`invgammp`, Wilson–Hilferty for a > 1), working on the
// smaller tail so that both tails keep full relative precision. Matches R's `qgamma(p, a)`.

import Foundation

/// The gamma distribution Γ(shape a, scale 1).
public enum GammaDistribution: Sendable {
    /// Density x^{a−1} e^{−x} / Γ(a).
    public static func density(_ x: Double, shape a: Double) -> Double {
        guard a > 0, x >= 0, x.isFinite else { return x.isNaN || a.isNaN ? .nan : 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? 1 : 0) }
        return a * SaddlePoint.poissonDensity(a, x) / x
    }

    /// P(X ≤ x).
    public static func cdf(_ x: Double, shape a: Double) -> Double {
        IncompleteGamma.p(a, max(0, x))
    }

    /// P(X > x).
    public static func survival(_ x: Double, shape a: Double) -> Double {
        IncompleteGamma.q(a, max(0, x))
    }

    /// The quantile: x with P(X ≤ x) = p, or with P(X > x) = p when `upperTail` is true.
    /// NaN for invalid arguments.
    public static func quantile(_ p: Double, shape a: Double, upperTail: Bool = false) -> Double {
        guard !p.isNaN, !a.isNaN, a > 0, a.isFinite, p >= 0, p <= 1 else { return .nan }
        let lowerProbability = upperTail ? 1 - p : p
        if (upperTail && p == 1) || (!upperTail && p == 0) { return 0 }
        if (upperTail && p == 0) || (!upperTail && p == 1) { return .infinity }
        // Work on the smaller tail: f increasing in x in both cases.
        let useLower = lowerProbability <= 0.5
        let target = useLower ? lowerProbability : (upperTail ? p : 1 - p)
        func f(_ x: Double) -> Double {
            let (lower, upper) = IncompleteGamma.evaluate(a, x)
            return useLower ? lower - target : target - upper
        }
        let guess = initialGuess(lowerProbability, a)
        var lo = 0.0
        var hi = guess
        if f(guess) < 0 {
            lo = guess
            hi = max(2 * guess, 1)
            var doublings = 0
            while f(hi) < 0 && doublings < 2000 {
                lo = hi
                hi *= 2
                doublings += 1
            }
            if !hi.isFinite { return .infinity }
        }
        return MonotoneRoot.solve(lower: lo, upper: hi, start: guess) { x in
            (f(x), density(x, shape: a))
        }
    }

    /// First guess for the quantile (Numerical Recipes `invgammp`).
    private static func initialGuess(_ p: Double, _ a: Double) -> Double {
        if a > 1 {
            let pp = p < 0.5 ? p : 1 - p
            let t = (-2 * log(pp)).squareRoot()
            var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5 { z = -z }
            let cube = 1 - 1 / (9 * a) - z / (3 * a.squareRoot())
            return max(1e-3, a * cube * cube * cube)
        }
        let t = 1 - a * (0.253 + a * 0.12)
        if p < t { return max(Double.leastNormalMagnitude, pow(p / t, 1 / a)) }
        return 1 - log(1 - (p - t) / (1 - t))
    }
}
