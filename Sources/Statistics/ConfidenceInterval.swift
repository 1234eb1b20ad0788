// A two-sided (or one-sided, with an infinite or zero end) confidence interval.

/// A confidence interval [lower, upper] at a confidence level (e.g. 0.95).
public struct ConfidenceInterval: Sendable, Equatable, Hashable {
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// The interval with both ends multiplied by a positive factor.
    public func scaled(by factor: Double) -> ConfidenceInterval {
        ConfidenceInterval(lower: lower * factor, upper: upper * factor, level: level)
    }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}
