// The two-sided p-value of an exact test of a discrete unimodal distribution, as R computes it.
//
// Method: R's `binom.test` and `poisson.test` (stats package): the p-value is the total
// probability of all outcomes k whose probability d(k) is at most d(x)·(1 + 1e-7), where x is
// the observed outcome (the minimum-likelihood rule), with R's relative tolerance against
// rounding. Outcomes on the far side of the mean are located by
// binary search, which is valid because the mass function is monotone on each side of the
// mean; the result equals R's counting loop.

enum ExactTwoSided {
    /// R's relative tolerance for "as or less likely than the observed outcome".
    static let relativeError = 1 + 1e-7

    /// The two-sided p-value for observed `x` of a unimodal distribution with mean `mean`.
    ///
    /// - Parameters:
    ///   - x: the observed outcome.
    ///   - mean: the mean of the distribution (n·p or λ).
    ///   - upperLimit: the largest outcome (n for the binomial); nil for unbounded (Poisson),
    ///     in which case the search doubles N from ⌈2·mean − x⌉ as R does.
    ///   - mass: P(X = k).
    ///   - cdf: P(X ≤ k).
    ///   - survival: P(X > k).
    /// Largest mean handled (so that outcome indices stay far from Int overflow).
    static let maximumMean = 1e12

    static func pValue(
        x: Int, mean: Double, upperLimit: Int?,
        mass: (Int) -> Double, cdf: (Int) -> Double, survival: (Int) -> Double
    ) -> Double {
        guard mean.isFinite, mean >= 0, mean <= maximumMean else { return .nan }
        if Double(x) == mean { return 1 }
        let threshold = mass(x) * relativeError
        if Double(x) < mean {
            // Far side: k in ⌈mean⌉ ... N, where the mass decreases in k.
            let start = Int(mean.rounded(.up))
            var end: Int
            if let n = upperLimit {
                end = n
            } else {
                end = max(start, Int((2 * mean - Double(x)).rounded(.up)))
                while mass(end) > threshold && end < Int(1) << 50 { end *= 2 }
            }
            // First k in [start, end] with mass(k) <= threshold (end + 1 if none).
            var lo = start
            var hi = end + 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if mass(mid) <= threshold { hi = mid } else { lo = mid + 1 }
            }
            // R: cdf(x) + P(X > N − y) with y = end − lo + 1 outcomes counted.
            return min(1, cdf(x) + survival(lo - 1))
        }
        // Far side: k in 0 ... ⌊mean⌋, where the mass increases in k.
        let end = Int(mean.rounded(.down))
        var lo = 0
        var hi = end + 1
        // Count y = number of k in [0, end] with mass(k) <= threshold (a prefix).
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if mass(mid) <= threshold { lo = mid + 1 } else { hi = mid }
        }
        let y = lo
        return min(1, cdf(y - 1) + survival(x - 1))
    }
}
