// Student's t distribution with ν degrees of freedom: distribution function and quantile.
//
// P(T ≤ −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1 via the incomplete beta
// function, as in Numerical Recipes §6.14.9 and R's `pt`). Quantile: first guess from the beta
// quantile, then safeguarded Newton on the distribution function. Used for the quasi-Poisson
// Wald interval and the trend test of `summary.glm` (t with n − p df).

import Foundation

/// Student's t distribution.
public enum StudentT: Sendable {
    /// Density Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^{−(ν+1)/2}.
    public static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        let logNorm = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * log(nu * Double.pi)
        return exp(logNorm - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// P(T ≤ t).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN, !nu.isNaN else { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let tail = lowerTail(-abs(t), nu)
        return t < 0 ? tail : 1 - tail
    }

    /// P(T > t).
    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        cdf(-t, degreesOfFreedom: nu)
    }

    /// P(T ≤ −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½).
    private static func lowerTail(_ t: Double, _ nu: Double) -> Double {
        if !nu.isFinite { return Normal.cdf(t) }
        let t2 = t * t
        let x = nu / (nu + t2)
        let y = t2 / (nu + t2)
        return 0.5 * IncompleteBeta.evaluate(x: x, a: nu / 2, b: 0.5, complementOfX: y).lower
    }

    /// The quantile t with P(T ≤ t) = p.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard !p.isNaN, !nu.isNaN, nu > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if !nu.isFinite { return Normal.quantile(p) }
        // Solve for the negative quantile of the smaller tail, then mirror.
        let tail = min(p, 1 - p)
        let x = BetaDistribution.quantile(2 * tail, a: nu / 2, b: 0.5)
        var guess = -(nu * (1 - x) / x).squareRoot()
        if !guess.isFinite || guess >= 0 { guess = -1 }
        var lo = min(guess, -1)
        var doublings = 0
        while lowerTail(lo, nu) > tail && doublings < 2000 {
            lo *= 2
            doublings += 1
        }
        if !lo.isFinite { return p < 0.5 ? -.infinity : .infinity }
        let root = MonotoneRoot.solve(lower: lo, upper: 0, start: guess) { t in
            (lowerTail(t, nu) - tail, density(t, degreesOfFreedom: nu))
        }
        return p < 0.5 ? root : -root
    }
}
