// Comparison of two Poisson rates: the exact conditional test and interval of the rate ratio,
// as R's `poisson.test(c(x1, x2), c(T1, T2), r)`.
//
// Method: conditional on x1 + x2 = n, x1 is binomial with p0 = r·T1 / (r·T1 + T2) under
// H0: λ1/λ2 = r (J. Przyborowski and H. Wileński (1940); R stats `poisson.test`, two samples,
// which calls `binom.test`). The p-value is that of the exact binomial test (`BinomialTest`);
// the interval of the rate ratio is derived from the Clopper–Pearson interval [pL, pU] of the
// binomial probability as pp/(1 − pp) · T2/T1 (R does not divide by r here).

/// The result of `RateRatioTest.test`.
public struct RateRatioTestResult: Sendable, Equatable, Hashable {
    public var count1: Int
    public var exposure1: Double
    public var count2: Int
    public var exposure2: Double
    /// The rate ratio under the null hypothesis.
    public var nullRatio: Double
    /// (x1/T1) / (x2/T2); +∞ when x2 = 0.
    public var rateRatio: Double
    /// Exact interval of the rate ratio (upper end +∞ when x2 = 0).
    public var interval: ConfidenceInterval
    public var pValue: Double
    /// n · p0, the expected count in period 1 under H0 given the total.
    public var expectedCount1: Double
    public var alternative: Alternative
}

/// The exact conditional comparison of two Poisson rates.
public enum RateRatioTest: Sendable {
    /// Tests H0: (rate 1)/(rate 2) = `ratio` for `count1` events over `exposure1` against
    /// `count2` events over `exposure2`. "greater" means rate 1 is higher than `ratio` · rate 2.
    public static func test(
        count1 x1: Int, exposure1 t1: Double, count2 x2: Int, exposure2 t2: Double,
        ratio r: Double = 1, alternative: Alternative = .twoSided, level: Double = 0.95
    ) -> Result<RateRatioTestResult, StatisticsIssue> {
        guard x1 >= 0, x2 >= 0 else { return .failure(.invalidCount) }
        guard t1.isFinite, t1 > 0, t2.isFinite, t2 > 0 else { return .failure(.missingEnrolment) }
        guard r.isFinite, r > 0 else { return .failure(.invalidParameter) }
        let (n, overflow) = x1.addingReportingOverflow(x2)
        guard !overflow else { return .failure(.invalidCount) }
        guard n > 0 else { return .failure(.insufficientData) }
        let p0 = r * t1 / (r * t1 + t2)
        let binomial: BinomialTestResult
        switch BinomialTest.test(successes: x1, trials: n, probability: p0, alternative: alternative, level: level) {
        case .success(let result): binomial = result
        case .failure(let issue): return .failure(issue)
        }
        func ratio(_ pp: Double) -> Double {
            pp >= 1 ? .infinity : pp / (1 - pp) * t2 / t1
        }
        let interval = ConfidenceInterval(
            lower: ratio(binomial.interval.lower), upper: ratio(binomial.interval.upper), level: level)
        let estimate = x2 == 0 ? Double.infinity : (Double(x1) / t1) / (Double(x2) / t2)
        return .success(
            RateRatioTestResult(
                count1: x1, exposure1: t1, count2: x2, exposure2: t2, nullRatio: r,
                rateRatio: estimate, interval: interval, pValue: binomial.pValue,
                expectedCount1: Double(n) * p0, alternative: alternative))
    }
}
