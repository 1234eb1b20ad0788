// Safeguarded Newton iteration for the root of an increasing function on a bracket.
//
// Method: Newton–Raphson with bisection fallback ("rtsafe", Press et al., Numerical Recipes,
// 3rd ed., §9.4). Used to invert the gamma, beta and Student t distribution functions. The
// bracket always shrinks, so the iteration ends even where Newton steps misbehave.

enum MonotoneRoot {
    /// Finds x in [lower, upper] with f(x) = 0, for an increasing f with f(lower) ≤ 0 ≤ f(upper).
    ///
    /// - Parameters:
    ///   - lower: finite lower end of the bracket.
    ///   - upper: finite upper end of the bracket.
    ///   - start: first guess; replaced by the midpoint when outside the bracket.
    ///   - evaluate: returns f(x) and f'(x).
    /// - Returns: the root, or NaN when f returned NaN.
    static func solve(
        lower: Double, upper: Double, start: Double,
        relativeTolerance: Double = 1e-15, maxIterations: Int = 5000,
        evaluate: (Double) -> (value: Double, derivative: Double)
    ) -> Double {
        var lo = lower
        var hi = upper
        var x = (start > lo && start < hi) ? start : 0.5 * (lo + hi)
        for _ in 0..<maxIterations {
            let (f, d) = evaluate(x)
            if f.isNaN { return .nan }
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            var next = x - f / d
            if !(d > 0) || !next.isFinite || next <= lo || next >= hi {
                next = (lo > 0 && hi > 16 * lo) ? (lo * hi).squareRoot() : 0.5 * (lo + hi)
            }
            if abs(next - x) <= relativeTolerance * abs(next) { return next }
            if hi - lo <= relativeTolerance * max(abs(lo), abs(hi)) || next == lo || next == hi {
                return next
            }
            x = next
        }
        return x
    }
}
