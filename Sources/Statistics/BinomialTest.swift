// The exact binomial test with the Clopper–Pearson interval, as R's `binom.test(x, n, p)`.
//
// Method: R stats `binom.test`: one-sided p-values P(X ≤ x) ("less") and P(X ≥ x) ("greater");
// two-sided: the total probability of outcomes no more likely than x (`ExactTwoSided`), capped
// at 1. Interval: C. J. Clopper and E. S. Pearson (1934), Biometrika 26, 404–413:
// [qbeta(α/2, x, n−x+1), qbeta(1−α/2, x+1, n−x)] with ends 0 (x = 0) and 1 (x = n).

/// The result of `BinomialTest.test`.
public struct BinomialTestResult: Sendable, Equatable, Hashable {
    public var successes: Int
    public var trials: Int
    public var nullProbability: Double
    /// x / n.
    public var estimate: Double
    /// Clopper–Pearson interval of the probability (one-sided for one-sided alternatives).
    public var interval: ConfidenceInterval
    public var pValue: Double
    public var alternative: Alternative
}

/// The exact binomial test.
public enum BinomialTest: Sendable {
    /// Largest number of trials handled (the incomplete beta expansion needs O(√n) terms).
    public static let maximumTrials = 1_000_000_000

    /// Tests H0: probability = `probability` for `successes` out of `trials`.
    public static func test(
        successes x: Int, trials n: Int, probability p: Double = 0.5,
        alternative: Alternative = .twoSided, level: Double = 0.95
    ) -> Result<BinomialTestResult, StatisticsIssue> {
        guard n >= 1, n <= maximumTrials, x >= 0, x <= n else { return .failure(.invalidCount) }
        guard !p.isNaN, p >= 0, p <= 1, level > 0, level < 1 else { return .failure(.invalidParameter) }
        let pValue: Double
        switch alternative {
        case .less:
            pValue = BinomialDistribution.cdf(x, trials: n, probability: p)
        case .greater:
            pValue = BinomialDistribution.survival(x - 1, trials: n, probability: p)
        case .twoSided:
            if p == 0 {
                pValue = x == 0 ? 1 : 0
            } else if p == 1 {
                pValue = x == n ? 1 : 0
            } else {
                pValue = ExactTwoSided.pValue(
                    x: x, mean: Double(n) * p, upperLimit: n,
                    mass: { BinomialDistribution.probability($0, trials: n, probability: p) },
                    cdf: { BinomialDistribution.cdf($0, trials: n, probability: p) },
                    survival: { BinomialDistribution.survival($0, trials: n, probability: p) })
            }
        }
        // p.L(x, a): P(Bin(n, p) ≥ x) = a; p.U(x, a): P(Bin(n, p) ≤ x) = a.
        func lowerLimit(_ a: Double) -> Double {
            x == 0 ? 0 : BetaDistribution.quantile(a, a: Double(x), b: Double(n - x + 1))
        }
        func upperLimit(_ a: Double) -> Double {
            x == n ? 1 : BetaDistribution.quantile(a, a: Double(x + 1), b: Double(n - x), upperTail: true)
        }
        let interval: ConfidenceInterval
        switch alternative {
        case .twoSided:
            let a = (1 - level) / 2
            interval = ConfidenceInterval(lower: lowerLimit(a), upper: upperLimit(a), level: level)
        case .less:
            interval = ConfidenceInterval(lower: 0, upper: upperLimit(1 - level), level: level)
        case .greater:
            interval = ConfidenceInterval(lower: lowerLimit(1 - level), upper: 1, level: level)
        }
        return .success(
            BinomialTestResult(
                successes: x, trials: n, nullProbability: p, estimate: Double(x) / Double(n),
                interval: interval, pValue: min(1, pValue), alternative: alternative))
    }
}
