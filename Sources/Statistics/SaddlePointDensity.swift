// Saddle-point expansions for the Poisson and binomial densities.
//
// Method: C. Loader (2000), "Fast and Accurate Computation of Binomial Probabilities", as used by
// R's nmath (`stirlerr.c`, `bd0.c`, `dpois.c`, `dbinom.c`). These give the densities with a
// relative error near machine precision even for large arguments, where the naive
// `exp(x log λ − λ − lgamma(x+1))` loses digits to cancellation. They also serve as the
// prefactors of the incomplete gamma and beta functions (non-integer arguments allowed).

import Foundation

enum SaddlePoint {
    /// log(sqrt(2π)).
    static let logSqrt2Pi = 0.918938533204672741780329736406
    /// log(2π).
    static let log2Pi = 1.837877066409345483560659472811

    /// Stirling's error: stirlerr(n) = log Γ(n+1) − [(n + ½) log n − n + log √(2π)], n > 0.
    ///
    /// For n ≤ 15 computed directly from lgamma (absolute error ≈ 1e-15, which is what matters
    /// in the exponent of a density); above 15 from the asymptotic series as in R's stirlerr.c.
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            return logGamma(n + 1) - (n + 0.5) * log(n) + n - logSqrt2Pi
        }
        let s0 = 1.0 / 12
        let s1 = 1.0 / 360
        let s2 = 1.0 / 1260
        let s3 = 1.0 / 1680
        let s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// Deviance term bd0(x, np) = x log(x/np) + np − x, computed without cancellation.
    static func bd0(_ x: Double, _ np: Double) -> Double {
        if abs(x - np) < 0.1 * (x + np) {
            var v = (x - np) / (x + np)
            var s = (x - np) * v
            if abs(s) < Double.leastNormalMagnitude { return s }
            var ej = 2 * x * v
            v *= v
            var j = 1
            while j < 1000 {
                ej *= v
                let s1 = s + ej / Double(2 * j + 1)
                if s1 == s { return s1 }
                s = s1
                j += 1
            }
        }
        return x * log(x / np) + np - x
    }

    /// The Poisson density λ^x e^{−λ} / Γ(x+1) for real x ≥ 0 (R's dpois_raw).
    static func poissonDensity(_ x: Double, _ lambda: Double) -> Double {
        if lambda == 0 { return x == 0 ? 1 : 0 }
        if !lambda.isFinite || x < 0 { return 0 }
        if x <= lambda * Double.leastNormalMagnitude { return exp(-lambda) }
        if lambda < x * Double.leastNormalMagnitude {
            return exp(-lambda + x * log(lambda) - logGamma(x + 1))
        }
        return exp(-stirlingError(x) - bd0(x, lambda)) / (2 * Double.pi * x).squareRoot()
    }

    /// The binomial density Γ(n+1)/(Γ(x+1)Γ(n−x+1)) p^x q^(n−x) for real 0 ≤ x ≤ n
    /// (R's dbinom_raw); q = 1 − p is passed separately to keep its precision.
    static func binomialDensity(_ x: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return x == 0 ? 1 : 0 }
        if q == 0 { return x == n ? 1 : 0 }
        if x == 0 {
            if n == 0 { return 1 }
            let lc = p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q)
            return exp(lc)
        }
        if x == n {
            let lc = q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p)
            return exp(lc)
        }
        if x < 0 || x > n { return 0 }
        let lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
        let lf = log2Pi + log(x) + log1p(-x / n)
        return exp(lc - 0.5 * lf)
    }
}
