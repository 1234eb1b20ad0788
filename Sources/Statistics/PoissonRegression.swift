// Poisson regression (log link) with an offset and prior weights, fitted by IRLS.
//
// Method: iteratively reweighted least squares as R's `glm.fit` (family = poisson or
// quasipoisson): start μ = y + 0.1, working response z = η − offset + (y − μ)/μ, working weights
// w = prior · μ, solve XᵀWX β = XᵀWz (Cholesky), stop when |dev − dev_old| / (|dev| + 0.1) < 1e-8,
// at most 25 iterations; step halving when the deviance is not finite. As in R, the covariance,
// the hat values and the dispersion use the working weights of the last iteration:
// dispersion = Σ w (y − μ)²/μ² / (n − p), the Pearson χ²/(n − p) of `summary.glm`
// (McCullagh and Nelder, Generalized Linear Models, 2nd ed., §2.5 and §4.5).

import Foundation

/// The result of `PoissonRegression.fit`.
public struct PoissonRegressionFit: Sendable, Equatable {
    /// β, one per design column.
    public var coefficients: [Double]
    /// (XᵀWX)⁻¹ without the dispersion factor.
    public var unscaledCovariance: [[Double]]
    /// μ̂ per observation (including the offset).
    public var fitted: [Double]
    /// Working weights prior · μ of the last iteration.
    public var workingWeights: [Double]
    /// Diagonal of the hat matrix W^{1/2} X (XᵀWX)⁻¹ Xᵀ W^{1/2}.
    public var hatValues: [Double]
    /// Residual deviance 2 Σ prior (y log(y/μ) − (y − μ)).
    public var deviance: Double
    /// Σ w (y − μ)²/μ² (working weights), the Pearson χ² statistic of `summary.glm`.
    public var pearsonChiSquare: Double
    /// n − p (observations with positive prior weight minus coefficients).
    public var residualDegreesOfFreedom: Int
    /// Pearson χ² / (n − p); NaN when n = p.
    public var dispersion: Double
    public var iterations: Int
    public var converged: Bool

    /// Standard errors √(φ · diag (XᵀWX)⁻¹) for a dispersion φ (1 for Poisson).
    public func standardErrors(dispersion phi: Double) -> [Double] {
        unscaledCovariance.indices.map { (phi * unscaledCovariance[$0][$0]).squareRoot() }
    }

    /// The linear predictor x·β (without offset) and its unscaled variance xᵀ(XᵀWX)⁻¹x at a new row.
    public func predictLink(_ row: [Double]) -> (value: Double, unscaledVariance: Double) {
        var eta = 0.0
        var variance = 0.0
        for i in coefficients.indices {
            eta += row[i] * coefficients[i]
            for j in coefficients.indices { variance += row[i] * unscaledCovariance[i][j] * row[j] }
        }
        return (eta, variance)
    }
}

/// IRLS for Poisson GLMs with log link.
public enum PoissonRegression: Sendable {
    /// Fits log μ_i = offset_i + x_i·β.
    ///
    /// - Parameters:
    ///   - design: n rows of p covariates (include a column of ones for the intercept).
    ///   - counts: n non-negative responses (counts; non-integers allowed as in quasi-Poisson).
    ///   - offsets: n offsets (e.g. log enrolment); zero when nil.
    ///   - weights: n non-negative prior weights; one when nil. Zero weights drop a row.
    /// - Returns: the fit (check `converged`), or an issue for invalid input or a singular design.
    public static func fit(
        design: [[Double]], counts: [Double], offsets: [Double]? = nil, weights: [Double]? = nil,
        maxIterations: Int = 25, tolerance: Double = 1e-8
    ) -> Result<PoissonRegressionFit, StatisticsIssue> {
        let n = counts.count
        guard n > 0, design.count == n, let p = design.first?.count, p > 0,
            design.allSatisfy({ $0.count == p && $0.allSatisfy(\.isFinite) })
        else { return .failure(.insufficientData) }
        guard counts.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return .failure(.invalidCount) }
        let offset = offsets ?? [Double](repeating: 0, count: n)
        guard offset.count == n, offset.allSatisfy(\.isFinite) else { return .failure(.missingEnrolment) }
        let prior = weights ?? [Double](repeating: 1, count: n)
        guard prior.count == n, prior.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return .failure(.invalidParameter) }
        let used = (0..<n).filter { prior[$0] > 0 }
        guard used.count >= p else { return .failure(.insufficientData) }

        func deviance(_ mu: [Double]) -> Double {
            var d = 0.0
            for i in used {
                let y = counts[i]
                let term = y > 0 ? y * log(y / mu[i]) - (y - mu[i]) : mu[i]
                d += 2 * prior[i] * term
            }
            return d
        }
        func linearPredictor(_ beta: [Double]) -> [Double] {
            (0..<n).map { i in
                var eta = offset[i]
                for j in 0..<p { eta += design[i][j] * beta[j] }
                return eta
            }
        }

        var mu = counts.map { $0 + 0.1 }
        var eta = mu.map { log($0) }
        var devOld = deviance(mu)
        var beta = [Double](repeating: 0, count: p)
        var betaOld: [Double]? = nil
        var lastWeights = [Double](repeating: 0, count: n)
        var lastFactor: Cholesky? = nil
        var converged = false
        var iterations = 0

        for iteration in 1...max(1, maxIterations) {
            iterations = iteration
            var xtwx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var xtwz = [Double](repeating: 0, count: p)
            var w = [Double](repeating: 0, count: n)
            for i in used {
                w[i] = prior[i] * mu[i]
                let z = eta[i] - offset[i] + (counts[i] - mu[i]) / mu[i]
                for a in 0..<p {
                    xtwz[a] += design[i][a] * w[i] * z
                    for b in 0...a { xtwx[a][b] += design[i][a] * w[i] * design[i][b] }
                }
            }
            for a in 0..<p { for b in (a + 1)..<p { xtwx[a][b] = xtwx[b][a] } }
            guard let cholesky = Cholesky(xtwx) else { return .failure(.noConvergence) }
            beta = cholesky.solve(xtwz)
            lastWeights = w
            lastFactor = cholesky
            eta = linearPredictor(beta)
            mu = eta.map { exp($0) }
            var dev = deviance(mu)
            // Step halving towards the previous coefficients when the deviance is not finite.
            var halvings = 0
            while !dev.isFinite, let old = betaOld, halvings < 30 {
                beta = zip(beta, old).map { ($0 + $1) / 2 }
                eta = linearPredictor(beta)
                mu = eta.map { exp($0) }
                dev = deviance(mu)
                halvings += 1
            }
            guard dev.isFinite, mu.allSatisfy({ $0.isFinite }) else { return .failure(.noConvergence) }
            if abs(dev - devOld) / (abs(dev) + 0.1) < tolerance {
                converged = true
                break
            }
            devOld = dev
            betaOld = beta
        }
        guard let factor = lastFactor else { return .failure(.noConvergence) }
        let covariance = factor.inverse()
        var hat = [Double](repeating: 0, count: n)
        var pearson = 0.0
        for i in used {
            var quad = 0.0
            for a in 0..<p { for b in 0..<p { quad += design[i][a] * covariance[a][b] * design[i][b] } }
            hat[i] = lastWeights[i] * quad
            let r = (counts[i] - mu[i]) / mu[i]
            pearson += lastWeights[i] * r * r
        }
        let df = used.count - p
        return .success(
            PoissonRegressionFit(
                coefficients: beta, unscaledCovariance: covariance, fitted: mu,
                workingWeights: lastWeights, hatValues: hat, deviance: deviance(mu),
                pearsonChiSquare: pearson, residualDegreesOfFreedom: df,
                dispersion: df > 0 ? pearson / Double(df) : .nan,
                iterations: iterations, converged: converged))
    }
}
