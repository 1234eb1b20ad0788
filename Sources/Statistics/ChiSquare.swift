// The chi-square distribution with ν degrees of freedom.
//
// χ²_ν is Γ(shape ν/2, scale 2): cdf(x) = P(ν/2, x/2), quantile = 2 · qgamma(p, ν/2), as in
// R's `pchisq`/`qchisq` (central case). Garwood's exact Poisson interval is usually written with
// these quantiles: [χ²_{2x}(α/2)/2, χ²_{2x+2}(1−α/2)/2].

/// The central chi-square distribution.
public enum ChiSquare: Sendable {
    /// P(X ≤ x) for X ~ χ²_ν.
    public static func cdf(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.cdf(x / 2, shape: nu / 2)
    }

    /// P(X > x) for X ~ χ²_ν.
    public static func survival(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GammaDistribution.survival(x / 2, shape: nu / 2)
    }

    /// The quantile: x with P(X ≤ x) = p (or P(X > x) = p when `upperTail`).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double, upperTail: Bool = false) -> Double {
        2 * GammaDistribution.quantile(p, shape: nu / 2, upperTail: upperTail)
    }
}
