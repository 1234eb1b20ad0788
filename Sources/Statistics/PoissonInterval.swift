// Exact (Garwood) confidence intervals for a Poisson count and for a rate per 1000 pupils.
//
// Method: F. Garwood (1936), "Fiducial limits for the Poisson distribution", Biometrika 28,
// 437–442: for an observed count x the 100(1−α)% interval for the mean is
// [χ²_{2x}(α/2)/2, χ²_{2x+2}(1−α/2)/2] = [qgamma(α/2, x), qgamma(1−α/2, x+1)], with lower end 0
// for x = 0. This is the interval of R's `poisson.test(x, T)` (which divides by T). The interval
// of a rate is the interval of the count divided by the exposure, times `per` (1000 pupils).

/// A rate (events per `per` units of exposure) with its exact interval.
public struct RateEstimate: Sendable, Equatable, Hashable {
    public var count: Int
    public var exposure: Double
    public var per: Double
    /// count / exposure · per.
    public var rate: Double
    public var interval: ConfidenceInterval
}

/// Garwood's exact Poisson intervals.
public enum PoissonInterval: Sendable {
    /// Largest count handled (the incomplete gamma expansions need O(√x) terms).
    public static let maximumCount = 1_000_000_000

    /// The exact interval for the mean of a Poisson count `x` (0 ≤ x ≤ `maximumCount`).
    public static func count(_ x: Int, level: Double = 0.95) -> Result<ConfidenceInterval, StatisticsIssue> {
        guard x >= 0, x <= maximumCount else { return .failure(.invalidCount) }
        guard level > 0, level < 1 else { return .failure(.invalidParameter) }
        let alpha = (1 - level) / 2
        let lower = x == 0 ? 0 : GammaDistribution.quantile(alpha, shape: Double(x))
        let upper = GammaDistribution.quantile(alpha, shape: Double(x) + 1, upperTail: true)
        guard lower.isFinite, upper.isFinite else { return .failure(.invalidParameter) }
        return .success(ConfidenceInterval(lower: lower, upper: upper, level: level))
    }

    /// The rate `count / exposure · per` with the exact interval of the count scaled the same way.
    /// Exposure (enrolment) must be a positive finite number.
    public static func rate(
        count: Int, exposure: Double, per: Double = 1000, level: Double = 0.95
    ) -> Result<RateEstimate, StatisticsIssue> {
        guard exposure.isFinite, exposure > 0 else { return .failure(.missingEnrolment) }
        guard per.isFinite, per > 0 else { return .failure(.invalidParameter) }
        return self.count(count, level: level).map { interval in
            RateEstimate(
                count: count, exposure: exposure, per: per,
                rate: Double(count) / exposure * per,
                interval: interval.scaled(by: per / exposure))
        }
    }
}
