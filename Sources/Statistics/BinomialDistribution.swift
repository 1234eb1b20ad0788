// The binomial distribution: probability mass, distribution function and upper tail.
//
// Mass by Loader's saddle-point expansion (R's `dbinom`); P(X ≤ k) = I_{1−p}(n−k, k+1) and
// P(X > k) = I_p(k+1, n−k) through the regularised incomplete beta function (R's `pbinom`).

/// The binomial distribution with n trials and success probability p.
public enum BinomialDistribution: Sendable {
    /// P(X = k).
    public static func probability(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard n >= 0, p >= 0, p <= 1 else { return .nan }
        if k < 0 || k > n { return 0 }
        return SaddlePoint.binomialDensity(Double(k), Double(n), p, 1 - p)
    }

    /// P(X ≤ k).
    public static func cdf(_ k: Int, trials n: Int, probability p: Double) -> Double {
        tails(k, n, p).atMost
    }

    /// P(X > k).
    public static func survival(_ k: Int, trials n: Int, probability p: Double) -> Double {
        tails(k, n, p).above
    }

    private static func tails(_ k: Int, _ n: Int, _ p: Double) -> (atMost: Double, above: Double) {
        guard n >= 0, p >= 0, p <= 1 else { return (.nan, .nan) }
        if k < 0 { return (0, 1) }
        if k >= n { return (1, 0) }
        if p == 0 { return (1, 0) }
        if p == 1 { return (0, 1) }
        let (above, atMost) = IncompleteBeta.evaluate(
            x: p, a: Double(k) + 1, b: Double(n - k), complementOfX: 1 - p)
        return (atMost, above)
    }
}
