import Foundation

/// A small deterministic generator (SplitMix64): the demo and the bench must give the same
/// data on every machine and every run, which `SystemRandomNumberGenerator` cannot.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A Poisson draw (Knuth's method; the demo's daily means are small).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let limit = Foundation.exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }

    /// Picks an element with the given weights.
    public mutating func pick<T>(_ weighted: [(T, Double)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var target = unit() * total
        for (value, weight) in weighted {
            if target < weight { return value }
            target -= weight
        }
        return weighted[weighted.count - 1].0
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
