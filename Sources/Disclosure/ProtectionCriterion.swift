// When a hidden cell counts as protected: a test on its feasible interval alone.

/// The range of values a hidden cell can take given everything published: the minimum and
/// maximum of the cell over the real solutions of the published equations with all hidden counts
/// non-negative. `upper == nil` means unbounded.
public struct FeasibleInterval: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double?

    public init(lower: Double, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// The smallest whole count in the interval (counts are integers, so 0.5 already excludes 0).
    public var lowestCount: Int { Int((lower - ProtectionCriterion.tolerance).rounded(.up)) }
    /// The largest whole count in the interval, nil when unbounded.
    public var highestCount: Int? { upper.map { Int(($0 + ProtectionCriterion.tolerance).rounded(.down)) } }

    /// "2–2", "0–7", "3–onbegrensd".
    public var description: String {
        "\(lowestCount)–\(highestCount.map(String.init) ?? "onbegrensd")"
    }
}

/// The protection criterion of the audit.
///
/// A hidden cell is protected when its feasible interval (see ``FeasibleInterval``), rounded
/// inwards to whole counts, is *not* contained in the sensitive range `[s, k−1]`, where `k` is the
/// threshold and `s` is 1 (or 0 when zeros are disclosive). In words: an attacker who knows every
/// published figure cannot conclude that the cell holds a small count, because a value of at least
/// `k` — or, when zeros may be published, the value 0 — remains possible.
///
/// The criterion uses the interval only, never the true value, so the audit needs nothing but the
/// tables as written. It is applied to every hidden cell: a secondary cell with a true value of 0
/// or of at least `k` satisfies it automatically, because its true value lies in its interval.
///
/// Intervals are computed over the reals (a linear programme), which is exact for two-way tables
/// with margins and their hierarchies (their constraint matrices are totally unimodular); for
/// three-way tables the integer range can in rare cases be narrower than the real one.
public struct ProtectionCriterion: Sendable, Equatable {
    /// Absolute tolerance for rounding LP results to whole counts.
    static let tolerance = 1e-6

    public let threshold: Int
    public let smallestSensitive: Int
    /// p of the ±p % protection of a cell hidden for having few schools.
    public let protectionPercent: Int

    public init(rule: SuppressionRule) {
        threshold = rule.threshold
        smallestSensitive = rule.smallestSensitive
        protectionPercent = rule.protectionPercent
    }

    /// The range a cell hidden for having fewer than `min_schools` schools must not be narrowed
    /// into: its true count ±p %. Its feasible interval must reach both ends (issue 17), so nobody
    /// can tell the count to within p % either way.
    public func protectionRange(truth: Int) -> (low: Double, high: Double) {
        let margin = Double(truth) * Double(protectionPercent) / 100
        return (Double(truth) - margin, Double(truth) + margin)
    }

    /// Whether a cell hidden for having few schools, with this feasible interval, stays
    /// unresolvable to within ±p % of its true count.
    public func coversRange(_ interval: FeasibleInterval, truth: Int) -> Bool {
        let range = protectionRange(truth: truth)
        return interval.lower <= range.low + Self.tolerance && (interval.upper.map { $0 >= range.high - Self.tolerance } ?? true)
    }

    /// Whether a cell with this feasible interval is protected.
    public func isProtected(_ interval: FeasibleInterval) -> Bool {
        reachesZero(interval.lower) || reachesThreshold(interval.upper)
    }

    /// Whether a lower bound leaves a non-sensitive small value (0) possible.
    func reachesZero(_ lower: Double) -> Bool {
        smallestSensitive > 0 && lower <= Self.tolerance
    }

    /// Whether an upper bound (nil: unbounded) leaves a value of at least the threshold possible.
    func reachesThreshold(_ upper: Double?) -> Bool {
        guard let upper else { return true }
        return upper >= Double(threshold) - Self.tolerance
    }

    /// Whether one known feasible value of a cell already proves it protected.
    func certifies(_ value: Double) -> Bool {
        reachesZero(value) || value >= Double(threshold) - Self.tolerance
    }
}
