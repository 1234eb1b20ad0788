// The exact one-sample Poisson test of a rate, as R's `poisson.test(x, T, r)`.
//
// Method: R stats `poisson.test` (one sample): under H0 the count is Poisson with mean m = r·T.
// One-sided p-values are P(X ≤ x) ("less") and P(X ≥ x) ("greater"); the two-sided p-value sums
// the probabilities of all outcomes no more likely than x (`ExactTwoSided`). The interval is
// Garwood's exact interval of the count divided by T (`PoissonInterval`).

/// The result of `PoissonTest.test`.
public struct PoissonTestResult: Sendable, Equatable, Hashable {
    public var count: Int
    public var exposure: Double
    /// The rate under the null hypothesis (per unit of exposure).
    public var nullRate: Double
    /// x / T.
    public var estimate: Double
    /// Exact interval of the rate (per unit of exposure); one-sided for one-sided alternatives.
    public var interval: ConfidenceInterval
    public var pValue: Double
    public var alternative: Alternative
}

/// The exact Poisson test for one count.
public enum PoissonTest: Sendable {
    /// Tests H0: rate = `rate` for `count` events over `exposure`.
    public static func test(
        count x: Int, exposure t: Double = 1, rate r: Double = 1,
        alternative: Alternative = .twoSided, level: Double = 0.95
    ) -> Result<PoissonTestResult, StatisticsIssue> {
        guard x >= 0, x <= PoissonInterval.maximumCount else { return .failure(.invalidCount) }
        guard t.isFinite, t > 0 else { return .failure(.missingEnrolment) }
        guard r.isFinite, r > 0, level > 0, level < 1 else { return .failure(.invalidParameter) }
        let m = r * t
        guard m <= ExactTwoSided.maximumMean else { return .failure(.invalidParameter) }
        let pValue: Double
        switch alternative {
        case .less:
            pValue = PoissonDistribution.cdf(x, mean: m)
        case .greater:
            pValue = PoissonDistribution.survival(x - 1, mean: m)
        case .twoSided:
            pValue = ExactTwoSided.pValue(
                x: x, mean: m, upperLimit: nil,
                mass: { PoissonDistribution.probability($0, mean: m) },
                cdf: { PoissonDistribution.cdf($0, mean: m) },
                survival: { PoissonDistribution.survival($0, mean: m) })
        }
        let interval: ConfidenceInterval
        switch alternative {
        case .twoSided:
            switch PoissonInterval.count(x, level: level) {
            case .success(let ci): interval = ci.scaled(by: 1 / t)
            case .failure(let issue): return .failure(issue)
            }
        case .less:
            let upper = GammaDistribution.quantile(1 - level, shape: Double(x) + 1, upperTail: true)
            interval = ConfidenceInterval(lower: 0, upper: upper / t, level: level)
        case .greater:
            let lower = x == 0 ? 0 : GammaDistribution.quantile(1 - level, shape: Double(x))
            interval = ConfidenceInterval(lower: lower / t, upper: .infinity, level: level)
        }
        return .success(
            PoissonTestResult(
                count: x, exposure: t, nullRate: r, estimate: Double(x) / t,
                interval: interval, pValue: pValue, alternative: alternative))
    }
}
