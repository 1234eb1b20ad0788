// The alternative hypothesis of a test, as R's `alternative` argument.

/// The alternative hypothesis: "two.sided", "greater" or "less" in R.
public enum Alternative: String, Sendable, Equatable, Hashable, CaseIterable {
    case twoSided
    /// The true value (rate, ratio, probability) is greater than the null value.
    case greater
    /// The true value is less than the null value.
    case less
}
