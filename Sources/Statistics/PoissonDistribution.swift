// The Poisson distribution: probability mass, distribution function and upper tail.
//
// Mass by Loader's saddle-point expansion (R's `dpois`); P(X ≤ k) = Q(k+1, λ) and
// P(X > k) = P(k+1, λ) through the regularised incomplete gamma function (R's `ppois`).

/// The Poisson distribution with mean λ.
public enum PoissonDistribution: Sendable {
    /// P(X = k).
    public static func probability(_ k: Int, mean lambda: Double) -> Double {
        guard lambda >= 0, !lambda.isNaN else { return .nan }
        if k < 0 { return 0 }
        return SaddlePoint.poissonDensity(Double(k), lambda)
    }

    /// P(X ≤ k).
    public static func cdf(_ k: Int, mean lambda: Double) -> Double {
        guard lambda >= 0, !lambda.isNaN else { return .nan }
        if k < 0 { return 0 }
        if lambda == 0 { return 1 }
        return IncompleteGamma.q(Double(k) + 1, lambda)
    }

    /// P(X > k).
    public static func survival(_ k: Int, mean lambda: Double) -> Double {
        guard lambda >= 0, !lambda.isNaN else { return .nan }
        if k < 0 { return 1 }
        if lambda == 0 { return 0 }
        return IncompleteGamma.p(Double(k) + 1, lambda)
    }
}
