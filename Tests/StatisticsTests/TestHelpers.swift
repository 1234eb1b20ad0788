// Shared helpers for the statistics tests: tolerant comparison and a seeded random generator.

import Foundation
import Testing

/// Asserts |actual − expected| ≤ relative · |expected| (or ≤ absolute when expected is 0).
func expectClose(
    _ actual: Double, _ expected: Double, relative: Double = 1e-6, absolute: Double = 0,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    let tolerance = max(relative * abs(expected), absolute)
    let ok = actual == expected || abs(actual - expected) <= tolerance
    #expect(
        ok, "\(comment.map { "\($0): " } ?? "")got \(actual), expected \(expected) (tolerance \(tolerance))",
        sourceLocation: sourceLocation)
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator so that simulations are
/// reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A Poisson variate by inversion (sequential search); fine for the small means tested.
    mutating func poisson(mean: Double) -> Int {
        let u = uniform()
        var k = 0
        var p = exp(-mean)
        var cumulative = p
        while u > cumulative && k < 10_000 {
            k += 1
            p *= mean / Double(k)
            cumulative += p
        }
        return k
    }
}

extension Result {
    /// The success value, or nil (tests then fail on the `#require`).
    var value: Success? {
        if case .success(let v) = self { return v }
        return nil
    }

    /// The failure, or nil.
    var issue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
