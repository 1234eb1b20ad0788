// Multi-year trend: the yearly change factor of a count with enrolment as exposure.
//
// Method: Poisson regression log μ_t = log(enrolment_t) + β0 + β1 · t over the years t
// (`PoissonRegression`, IRLS as R's `glm(count ~ year + offset(log(enrolment)), poisson)`).
// Overdispersion: φ = Pearson χ²/(n − 2) (as `summary.glm` for quasipoisson); φ is used only
// when φ > 1 (quasi-Poisson), otherwise the plain Poisson standard errors are kept.
// The yearly change factor is exp(β1) with a Wald interval on the log scale:
//   Poisson (φ ≤ 1):       exp(β1 ± z_{1−α/2} · SE),            p = 2 Φ(−|β1/SE|)
//   quasi-Poisson (φ > 1): exp(β1 ± t_{n−2, 1−α/2} · √φ · SE),   p = 2 T_{n−2}(−|β1/(√φ SE)|)
// The t quantile with n − 2 df is the choice for quasi-Poisson, consistent with the t test that
// `summary.glm` reports for quasi families (R's `confint.default` would use z instead).

import Foundation

/// The estimated yearly trend of a count.
public struct TrendEstimate: Sendable, Equatable {
    /// exp(β1): the factor by which the rate changes per year.
    public var changeFactor: Double
    /// Wald interval of the change factor (see the file header for the quantile used).
    public var interval: ConfidenceInterval
    /// Two-sided p-value for H0: no trend (β1 = 0).
    public var pValue: Double
    /// β1 (log scale).
    public var slope: Double
    /// Standard error of β1, including √φ when quasi-Poisson is used.
    public var standardError: Double
    /// Pearson χ²/(n − 2), whether or not it was used.
    public var dispersion: Double
    /// True when φ > 1 and the quasi-Poisson (t-based) interval is reported.
    public var quasiPoisson: Bool
    /// n − 2.
    public var degreesOfFreedom: Int
    /// Number of years in the series.
    public var years: Int
}

/// Poisson / quasi-Poisson trend over yearly counts with a log-enrolment offset.
public enum YearlyTrend: Sendable {
    /// Minimum number of years (two coefficients plus at least one residual degree of freedom).
    public static let minimumYears = 3

    /// Estimates the yearly change factor.
    ///
    /// - Parameters:
    ///   - counts: one count per consecutive year (non-negative whole numbers).
    ///   - enrolments: pupils per year (the exposure), same length; positive.
    ///   - level: confidence level of the interval.
    public static func estimate(
        counts: [Double], enrolments: [Double], level: Double = 0.95
    ) -> Result<TrendEstimate, StatisticsIssue> {
        guard level > 0, level < 1 else { return .failure(.invalidParameter) }
        guard counts.count == enrolments.count else { return .failure(.insufficientData) }
        guard counts.count >= minimumYears else {
            return .failure(.seriesTooShort(needed: minimumYears, available: counts.count))
        }
        guard counts.allSatisfy({ $0.isFinite && $0 >= 0 && $0 == $0.rounded() }) else {
            return .failure(.invalidCount)
        }
        guard enrolments.allSatisfy({ $0.isFinite && $0 > 0 }) else { return .failure(.missingEnrolment) }
        guard counts.contains(where: { $0 > 0 }) else { return .failure(.allZero) }

        let n = counts.count
        let centre = Double(n - 1) / 2
        let design = (0..<n).map { [1.0, Double($0) - centre] }
        let fit: PoissonRegressionFit
        switch PoissonRegression.fit(design: design, counts: counts, offsets: enrolments.map { log($0) }) {
        case .success(let f): fit = f
        case .failure(let issue): return .failure(issue)
        }
        guard fit.converged, fit.coefficients.allSatisfy(\.isFinite) else { return .failure(.noConvergence) }

        let df = fit.residualDegreesOfFreedom
        let phi = fit.dispersion
        let quasi = phi.isFinite && phi > 1
        let slope = fit.coefficients[1]
        let se = fit.standardErrors(dispersion: quasi ? phi : 1)[1]
        guard se.isFinite, se > 0 else { return .failure(.noConvergence) }
        let alpha = 1 - level
        let quantile: Double
        let pValue: Double
        if quasi {
            quantile = StudentT.quantile(1 - alpha / 2, degreesOfFreedom: Double(df))
            pValue = 2 * StudentT.cdf(-abs(slope / se), degreesOfFreedom: Double(df))
        } else {
            quantile = Normal.upperQuantile(alpha / 2)
            pValue = 2 * Normal.cdf(-abs(slope / se))
        }
        let interval = ConfidenceInterval(
            lower: exp(slope - quantile * se), upper: exp(slope + quantile * se), level: level)
        return .success(
            TrendEstimate(
                changeFactor: exp(slope), interval: interval, pValue: min(1, pValue), slope: slope,
                standardError: se, dispersion: phi, quasiPoisson: quasi, degreesOfFreedom: df, years: n))
    }
}
