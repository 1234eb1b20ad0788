// Aberration detection for the latest period in the manner of Farrington (flexible variant).
//
// Method: C. P. Farrington, N. J. Andrews, A. D. Beale and M. A. Catchpole (1996), "A statistical
// algorithm for the early detection of outbreaks of infectious disease", J. R. Stat. Soc. A 159,
// 547–563; A. Noufaily et al. (2013), "An improved algorithm for outbreak detection in multiple
// surveillance systems", Statistics in Medicine 32, 1206–1222; implemented as R package
// `surveillance`, function `farringtonFlexible` (1.20.3) with noPeriods = 1, thresholdMethod =
// "delta" and powertrans = "2/3" (the original Farrington threshold, no negative binomial):
//
// 1. Baseline: for each of b years back, the periods t − i·freq − w … t − i·freq + w
//    (i = 1…b), without the current window t − w … t (pastWeeksNotIncluded = w); missing
//    (NaN) baseline counts are dropped, as R drops NA.
// 2. Quasi-Poisson GLM log μ = α + β·time (+ log population when exposures are given), time =
//    the 1-based period number. φ = max(1, Pearson dispersion).
// 3. Reweighting: Anscombe residuals s = 3/2 (y^{2/3} μ^{−1/6} − μ^{1/2}) / √(φ (1 − h));
//    weights γ s^{−2} where s > 2.58, γ otherwise, γ normalising the weights to mean 1
//    (`algo.farrington.assign.weights`); refit with these prior weights, φ = max(1, dispersion).
// 4. Trend kept only when (a) its t-test p-value < 0.05, (b) b ≥ 3 and (c) the prediction for the
//    current period does not exceed the largest baseline count (no extrapolation beyond the
//    data); otherwise the model is refitted without trend (steps 2–3 again).
// 5. Threshold with the 2/3-power transformation: μ0 = prediction, τ = φ + se(μ0)²/μ0,
//    sd = √(4/9 · μ0^{1/3} · τ), upper = (μ0^{2/3} + z_{1−α} sd)^{3/2}. As in R, se(μ0) uses the
//    unclamped dispersion (predict.glm's default). Score = (y − μ0)/(upper − μ0);
//    probability = P(N(μ0^{2/3}, sd) > y^{2/3}).
// 6. Alarm only when score > 1, y > 0 and at least 5 events in the last 4 periods (the current
//    one included; limit54 = c(5, 4)).
//
// Differences from surveillance: when the 5-in-4 rule fails, R blanks the threshold and the
// expected value; here they are kept and `reason` says why there is no alarm. A baseline of only
// zeros gives no result (R fits μ0 ≈ 1e-11 and alarms on any count); the reason says so. Defaults are set
// for quarterly data (freq = 4, b = 3, w = 1) rather than R's weekly defaults (b = 5, w = 3).

import Foundation

/// Settings of `Farrington.evaluate`; defaults for quarterly data.
public struct FarringtonConfiguration: Sendable, Equatable, Hashable {
    /// Periods per year (4 for quarters, 12 for months, 52 for weeks).
    public var periodsPerYear: Int
    /// b: how many years back the baseline reaches.
    public var yearsBack: Int
    /// w: half-width of the window around the same period in earlier years.
    public var windowHalfWidth: Int
    /// Down-weight past outbreaks via Anscombe residuals.
    public var reweight: Bool
    /// Residual threshold above which a point is down-weighted (2.58 as in Farrington 1996).
    public var weightsThreshold: Double
    /// One-sided α of the (1 − α) prediction threshold.
    public var alpha: Double
    /// Try a linear time trend.
    public var trend: Bool
    /// Significance level for keeping the trend.
    public var trendPValueThreshold: Double
    /// Minimum events in the last `recentPeriods` periods for an alarm.
    public var minimumRecentEvents: Int
    /// Number of most recent periods (current included) for the minimum-events rule.
    public var recentPeriods: Int
    /// Reproduce surveillance 1.20.3 exactly after reweighting: there `model$weights` is
    /// overwritten with the prior weights ω, so the dispersion that `predict.glm` (se of μ0) and
    /// `summary.glm` (trend test) see is Σ ω ((y − μ)/μ)² / (n − p) instead of the Pearson
    /// dispersion Σ ω μ ((y − μ)/μ)² / (n − p). Off by default (the documented method); on only to
    /// compare with R.
    public var surveillanceDispersionQuirk: Bool

    public init(
        periodsPerYear: Int = 4, yearsBack: Int = 3, windowHalfWidth: Int = 1,
        reweight: Bool = true, weightsThreshold: Double = 2.58, alpha: Double = 0.05,
        trend: Bool = true, trendPValueThreshold: Double = 0.05,
        minimumRecentEvents: Int = 5, recentPeriods: Int = 4, surveillanceDispersionQuirk: Bool = false
    ) {
        self.periodsPerYear = periodsPerYear
        self.yearsBack = yearsBack
        self.windowHalfWidth = windowHalfWidth
        self.reweight = reweight
        self.weightsThreshold = weightsThreshold
        self.alpha = alpha
        self.trend = trend
        self.trendPValueThreshold = trendPValueThreshold
        self.minimumRecentEvents = minimumRecentEvents
        self.recentPeriods = recentPeriods
        self.surveillanceDispersionQuirk = surveillanceDispersionQuirk
    }

    /// Number of periods needed before the evaluated one: b · freq + w.
    public var periodsNeeded: Int { yearsBack * periodsPerYear + windowHalfWidth + 1 }
}

/// The outcome for one period. Numbers are nil when they could not be computed; `issue` and
/// `reason` then (or when there is no alarm for a rule-based reason) say why.
public struct FarringtonResult: Sendable, Equatable {
    /// The observed count of the evaluated period.
    public var observed: Double?
    /// μ0, the expected count from the baseline model.
    public var expected: Double?
    /// Upper threshold of the (1 − α) prediction interval.
    public var upperThreshold: Double?
    /// Lower threshold (≥ 0).
    public var lowerThreshold: Double?
    /// (y − μ0)/(upper − μ0); an alarm needs score > 1.
    public var score: Double?
    /// P(N(μ0^{2/3}, sd) > y^{2/3}), the upper-tail probability on the transformed scale.
    public var probability: Double?
    /// φ used for the threshold (≥ 1).
    public var dispersion: Double?
    /// Whether the time trend stayed in the model.
    public var trendUsed: Bool
    /// β of the time trend when used.
    public var trendCoefficient: Double?
    /// Number of baseline periods in the fit.
    public var baselineSize: Int
    /// Events in the last `recentPeriods` periods.
    public var recentEvents: Double?
    public var alarm: Bool
    /// Why there is no result or no possible alarm.
    public var issue: StatisticsIssue?

    /// The Dutch reason, when there is one.
    public var reason: String? { issue?.text }

    static func unavailable(_ issue: StatisticsIssue, observed: Double? = nil) -> FarringtonResult {
        FarringtonResult(
            observed: observed, expected: nil, upperThreshold: nil, lowerThreshold: nil, score: nil,
            probability: nil, dispersion: nil, trendUsed: false, trendCoefficient: nil,
            baselineSize: 0, recentEvents: nil, alarm: false, issue: issue)
    }
}

/// Farrington-type outbreak detection (surveillance::farringtonFlexible, delta method, 2/3 power).
public enum Farrington: Sendable {
    /// Evaluates the last period of `counts`.
    public static func evaluateLatest(
        counts: [Double], exposures: [Double]? = nil, configuration: FarringtonConfiguration = .init()
    ) -> FarringtonResult {
        evaluate(counts: counts, exposures: exposures, at: counts.count - 1, configuration: configuration)
    }

    /// Evaluates period `index` (0-based) of `counts`, using only earlier periods as baseline.
    ///
    /// - Parameters:
    ///   - counts: counts per period, oldest first; NaN marks a missing count.
    ///   - exposures: optional population (pupils) per period; when given, the model has the
    ///     offset log(population) (surveillance's populationOffset = TRUE).
    public static func evaluate(
        counts: [Double], exposures: [Double]? = nil, at index: Int,
        configuration c: FarringtonConfiguration = .init()
    ) -> FarringtonResult {
        guard c.periodsPerYear > 0, c.yearsBack > 0, c.windowHalfWidth >= 0,
            2 * c.windowHalfWidth < c.periodsPerYear, c.alpha > 0, c.alpha < 1,
            c.recentPeriods > 0, c.minimumRecentEvents >= 0, c.weightsThreshold.isFinite
        else { return .unavailable(.invalidParameter) }
        guard !counts.isEmpty, index >= 0, index < counts.count else { return .unavailable(.insufficientData) }
        if let exposures, exposures.count != counts.count { return .unavailable(.missingEnrolment) }
        let y0 = counts[index]
        guard y0.isFinite, y0 >= 0 else { return .unavailable(.invalidCount) }
        guard index + 1 >= c.periodsNeeded else {
            return .unavailable(.seriesTooShort(needed: c.periodsNeeded, available: index + 1), observed: y0)
        }

        // 1. Baseline periods.
        var marked = Set<Int>()
        for year in 1...c.yearsBack {
            let reference = index - year * c.periodsPerYear
            for t in (reference - c.windowHalfWidth)...(reference + c.windowHalfWidth) { marked.insert(t) }
        }
        let baseline =
            marked
            .filter { $0 >= 0 && $0 < index - c.windowHalfWidth && !counts[$0].isNaN }
            .sorted()
        guard baseline.allSatisfy({ counts[$0] >= 0 && counts[$0].isFinite }) else {
            return .unavailable(.invalidCount, observed: y0)
        }
        var offsets: [Double]? = nil
        var currentOffset = 0.0
        if let exposures {
            let needed = baseline + [index]
            guard needed.allSatisfy({ exposures[$0].isFinite && exposures[$0] > 0 }) else {
                return .unavailable(.missingEnrolment, observed: y0)
            }
            offsets = baseline.map { log(exposures[$0]) }
            currentOffset = log(exposures[index])
        }
        let response = baseline.map { counts[$0] }
        guard response.count >= 3 else { return .unavailable(.insufficientData, observed: y0) }
        guard response.contains(where: { $0 > 0 }) else { return .unavailable(.allZeroBaseline, observed: y0) }
        let time = baseline.map { Double($0 + 1) }  // R's wtime: 1-based period number
        let currentTime = Double(index + 1)

        // 2–4. Fit, reweight, decide on the trend.
        guard var model = fitModel(response: response, time: time, offsets: offsets, trend: c.trend, configuration: c) else {
            return .unavailable(.noConvergence, observed: y0)
        }
        var trendUsed = false
        if model.hasTrend {
            let prediction = model.predict(time: currentTime, offset: currentOffset)
            let t = model.fit.coefficients[1] / (model.rawDispersion * model.fit.unscaledCovariance[1][1]).squareRoot()
            let df = Double(model.fit.residualDegreesOfFreedom)
            let pTrend = 2 * StudentT.cdf(-abs(t), degreesOfFreedom: df)
            let significant = pTrend < c.trendPValueThreshold
            let atLeastThreeYears = c.yearsBack >= 3
            let noExtrapolation = prediction.mean <= (response.max() ?? 0)
            trendUsed = significant && atLeastThreeYears && noExtrapolation
            if !trendUsed {
                guard let refit = fitModel(response: response, time: time, offsets: offsets, trend: false, configuration: c) else {
                    return .unavailable(.noConvergence, observed: y0)
                }
                model = refit
            }
        }

        // 5. Threshold on the 2/3-power scale.
        let prediction = model.predict(time: currentTime, offset: currentOffset)
        let mu0 = prediction.mean
        let seFit = prediction.standardError
        guard mu0.isFinite, mu0 > 0, seFit.isFinite else { return .unavailable(.noConvergence, observed: y0) }
        let phi = model.phi
        let tau = phi + seFit * seFit / mu0
        let sd = (4.0 / 9.0 * pow(mu0, 1.0 / 3.0) * tau).squareRoot()
        let z = Normal.upperQuantile(c.alpha)
        let centre = pow(mu0, 2.0 / 3.0)
        let upper = pow(centre + z * sd, 1.5)
        let lowerBase = centre - z * sd
        let lower = lowerBase > 0 ? pow(lowerBase, 1.5) : 0
        let probability = Normal.survival((pow(y0, 2.0 / 3.0) - centre) / sd)
        let score = (y0 - mu0) / (upper - mu0)

        // 6. Alarm rule: enough recent events.
        let recentStart = max(0, index - c.recentPeriods + 1)
        let recent = counts[recentStart...index]
        let recentSum = recent.reduce(0, +)
        var issue: StatisticsIssue? = nil
        var enough = false
        if recent.contains(where: { $0 < 0 || $0.isInfinite }) {
            issue = .invalidCount
        } else if recentSum.isNaN {
            issue = .insufficientData
        } else if recentSum < Double(c.minimumRecentEvents) {
            issue = .tooFewRecentEvents(
                minimum: c.minimumRecentEvents, periods: c.recentPeriods, observed: Int(recentSum))
        } else {
            enough = true
        }
        let alarm = enough && score > 1 && y0 != 0
        return FarringtonResult(
            observed: y0, expected: mu0, upperThreshold: upper, lowerThreshold: lower, score: score,
            probability: probability, dispersion: phi, trendUsed: trendUsed,
            trendCoefficient: trendUsed ? model.fit.coefficients[1] : nil,
            baselineSize: response.count, recentEvents: recentSum.isNaN ? nil : recentSum,
            alarm: alarm, issue: issue)
    }

    /// A fitted baseline model: the GLM, φ = max(1, dispersion) and the raw dispersion.
    private struct Model {
        var fit: PoissonRegressionFit
        var hasTrend: Bool
        var phi: Double
        var rawDispersion: Double

        /// μ0 and se(μ0) on the response scale, as predict.glm(type = "response", se.fit = TRUE).
        func predict(time: Double, offset: Double) -> (mean: Double, standardError: Double) {
            let row = hasTrend ? [1.0, time] : [1.0]
            let (eta, variance) = fit.predictLink(row)
            let mean = exp(eta + offset)
            return (mean, mean * (rawDispersion * variance).squareRoot())
        }
    }

    /// surveillance's `algo.farrington.fitGLM.flexible`: fit (falling back to no trend when the
    /// trend model does not converge), then optionally reweight and refit.
    private static func fitModel(
        response: [Double], time: [Double], offsets: [Double]?, trend: Bool,
        configuration c: FarringtonConfiguration
    ) -> Model? {
        func design(_ withTrend: Bool) -> [[Double]] {
            time.map { withTrend ? [1.0, $0] : [1.0] }
        }
        var withTrend = trend
        var first = try? PoissonRegression.fit(design: design(withTrend), counts: response, offsets: offsets).get()
        if first?.converged != true && withTrend {
            withTrend = false
            first = try? PoissonRegression.fit(design: design(false), counts: response, offsets: offsets).get()
        }
        guard let initial = first, initial.converged else { return nil }
        var fit = initial
        var phi = max(dispersionOrOne(fit.dispersion), 1)
        var raw = dispersionOrOne(fit.dispersion)
        if c.reweight {
            let weights = reweighting(fit: fit, response: response, phi: phi, threshold: c.weightsThreshold)
            guard
                let refit = try? PoissonRegression.fit(
                    design: design(withTrend), counts: response, offsets: offsets, weights: weights
                ).get()
            else { return nil }
            fit = refit
            phi = max(dispersionOrOne(fit.dispersion), 1)
            raw = dispersionOrOne(fit.dispersion)
            if c.surveillanceDispersionQuirk, fit.residualDegreesOfFreedom > 0 {
                var sum = 0.0
                for i in response.indices {
                    let r = (response[i] - fit.fitted[i]) / fit.fitted[i]
                    sum += weights[i] * r * r
                }
                raw = sum / Double(fit.residualDegreesOfFreedom)
            }
        }
        return Model(fit: fit, hasTrend: withTrend, phi: phi, rawDispersion: raw)
    }

    private static func dispersionOrOne(_ value: Double) -> Double {
        value.isFinite ? value : 1
    }

    /// Anscombe residuals and the weights of `algo.farrington.assign.weights`.
    static func reweighting(fit: PoissonRegressionFit, response: [Double], phi: Double, threshold: Double) -> [Double] {
        let s: [Double] = response.indices.map { i in
            let mu = fit.fitted[i]
            let raw = 1.5 * (pow(response[i], 2.0 / 3.0) * pow(mu, -1.0 / 6.0) - mu.squareRoot())
            return raw / (phi * (1 - fit.hatValues[i])).squareRoot()
        }
        let terms = s.map { $0 > threshold ? 1 / ($0 * $0) : 1 }
        let total = terms.reduce(0, +)
        let gamma = total > 0 ? Double(s.count) / total : 1
        return terms.map { gamma * $0 }
    }
}
