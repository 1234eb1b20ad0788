// Garwood intervals for counts and rates: published values, edge cases, large counts and
// properties (monotonicity, exact and simulated coverage with a seeded generator).
//
// Values marked "R" come from R 4.2.2, `poisson.test(x)$conf.int` (options(digits = 17)).

import Foundation
import Testing

@testable import Statistics

@Suite("Garwood intervals")
struct PoissonIntervalTests {
    @Test("x = 0 gives 0 – 3.688879 (= −log 0.025) and x = 10 gives 4.795389 – 18.390356")
    func publishedValues() throws {
        let zero = try #require(PoissonInterval.count(0).value)
        #expect(zero.lower == 0)
        expectClose(zero.upper, 3.688879, relative: 1e-6)
        expectClose(zero.upper, -log(0.025), relative: 1e-13)  // closed form
        let ten = try #require(PoissonInterval.count(10).value)
        expectClose(ten.lower, 4.795389, relative: 1e-6)
        expectClose(ten.upper, 18.390356, relative: 1e-6)
        #expect(ten.level == 0.95)
    }

    @Test(
        "more counts against R's poisson.test(x)$conf.int",
        arguments: [
            (1, 0.025317807984289897, 5.571643390938898932),
            (2, 0.24220927854396501, 7.22468766772395821),
            (5, 1.6234863901184209, 11.6683320793226670),
            (20, 12.216519585403944, 30.888377902674595),
            (50, 37.110963737461866, 65.918766664336829),
        ])
    func rValues(x: Int, lower: Double, upper: Double) throws {
        let ci = try #require(PoissonInterval.count(x).value)
        expectClose(ci.lower, lower, relative: 1e-12)
        expectClose(ci.upper, upper, relative: 1e-12)
    }

    @Test("x = 1: lower end has the closed form −log(1 − 0.025); 90% for x = 0 is −log 0.05")
    func closedForms() throws {
        let one = try #require(PoissonInterval.count(1).value)
        expectClose(one.lower, -log1p(-0.025), relative: 1e-13)
        let zero90 = try #require(PoissonInterval.count(0, level: 0.90).value)
        expectClose(zero90.upper, -log(0.05), relative: 1e-13)
    }

    @Test("x = 10^6: R's interval, and close to x ± 1.96 √x")
    func largeCount() throws {
        let ci = try #require(PoissonInterval.count(1_000_000).value)
        expectClose(ci.lower, 998040.98334029387, relative: 1e-10)  // R
        expectClose(ci.upper, 1001961.91194543219, relative: 1e-10)  // R
        let half = 1.959963984540054 * 1000.0
        #expect(abs(ci.lower - (1_000_000 - half)) < 2)
        #expect(abs(ci.upper - (1_000_000 + half)) < 2)
    }

    @Test("x = 10^9, the largest supported count: still x ± 1.96 √x (+ 1/3 skew shift); above it a reason")
    func largestCount() throws {
        let x = Double(PoissonInterval.maximumCount)
        let ci = try #require(PoissonInterval.count(PoissonInterval.maximumCount).value)
        let half = 1.959963984540054 * x.squareRoot()
        // Wilson–Hilferty: the exact ends are x − z√x + (z² − 1)/3 … x + z√x + (z² + 2)/3 to O(1/√x).
        let z2 = 1.959963984540054 * 1.959963984540054
        #expect(abs(ci.lower - (x - half + (z2 - 1) / 3)) < 0.01)
        #expect(abs(ci.upper - (x + half + (z2 + 2) / 3)) < 0.01)
        expectClose(ci.lower, 999938021.44392788, relative: 1e-12)  // R poisson.test(1e9)$conf.int
        expectClose(ci.upper, 1000061981.45040894, relative: 1e-12)
        #expect(PoissonInterval.count(PoissonInterval.maximumCount + 1).issue == .invalidCount)
        #expect(PoissonTest.test(count: 5, exposure: 1e10, rate: 1e10).issue == .invalidParameter)
        #expect(BinomialTest.test(successes: 1, trials: BinomialTest.maximumTrials + 1).issue == .invalidCount)
    }

    @Test("rate per unit: R's poisson.test(137, 24.19893) gives 5.661407 (4.753125 – 6.692709)")
    func rate() throws {
        let r = try #require(PoissonInterval.rate(count: 137, exposure: 24.19893, per: 1).value)
        expectClose(r.rate, 5.661407, relative: 1e-6)
        expectClose(r.interval.lower, 4.753125, relative: 1e-6)
        expectClose(r.interval.upper, 6.692709, relative: 1e-6)
        expectClose(r.interval.lower, 4.7531248048487482, relative: 1e-12)
        expectClose(r.interval.upper, 6.6927093341760706, relative: 1e-12)
    }

    @Test("rate per 1000 pupils is the count interval / enrolment × 1000")
    func ratePerThousand() throws {
        let r = try #require(PoissonInterval.rate(count: 10, exposure: 2500).value)
        expectClose(r.rate, 4, relative: 1e-15)
        expectClose(r.interval.lower, 4.7953886961324343 / 2.5, relative: 1e-12)
        expectClose(r.interval.upper, 18.3903560420177783 / 2.5, relative: 1e-12)
    }

    @Test("bad input gives a Dutch reason instead of a crash")
    func badInput() {
        #expect(PoissonInterval.rate(count: 3, exposure: 0).issue == .missingEnrolment)
        #expect(PoissonInterval.rate(count: 3, exposure: .nan).issue == .missingEnrolment)
        #expect(PoissonInterval.rate(count: 3, exposure: -5).issue == .missingEnrolment)
        #expect(PoissonInterval.rate(count: 3, exposure: .infinity).issue == .missingEnrolment)
        #expect(PoissonInterval.count(-1).issue == .invalidCount)
        #expect(PoissonInterval.count(3, level: 1).issue == .invalidParameter)
        #expect(PoissonInterval.count(3, level: .nan).issue == .invalidParameter)
        #expect(StatisticsIssue.missingEnrolment.text == "leerlingaantal ontbreekt")
        #expect(StatisticsIssue.insufficientData.text == "te weinig gegevens")
    }

    @Test("lower(x) < x < upper(x), both ends strictly increasing in x (x = 0 … 2000)")
    func monotonicity() throws {
        var previous = try #require(PoissonInterval.count(0).value)
        for x in 1...2000 {
            let ci = try #require(PoissonInterval.count(x).value)
            #expect(ci.lower < Double(x) && Double(x) < ci.upper, "x = \(x)")
            #expect(ci.lower > previous.lower && ci.upper > previous.upper, "x = \(x)")
            previous = ci
        }
    }

    @Test("exact coverage ≥ 95% for means 0.5 … 60 (sum of Poisson masses over covering x)")
    func exactCoverage() throws {
        var intervals: [ConfidenceInterval] = []
        for x in 0...200 { intervals.append(try #require(PoissonInterval.count(x).value)) }
        var mean = 0.5
        while mean <= 60 {
            var coverage = 0.0
            for x in 0...200 where intervals[x].contains(mean) {
                coverage += PoissonDistribution.probability(x, mean: mean)
            }
            #expect(coverage >= 0.95, "mean \(mean): coverage \(coverage)")
            mean += 0.25
        }
    }

    @Test("simulated coverage ≥ 95% (seeded SplitMix64, 20 000 draws per mean)", arguments: [0.8, 3.0, 7.5, 25.0])
    func simulatedCoverage(mean: Double) throws {
        var rng = SplitMix64(seed: 20_250_903)
        var intervals: [Int: ConfidenceInterval] = [:]
        var covered = 0
        let draws = 20_000
        for _ in 0..<draws {
            let x = rng.poisson(mean: mean)
            let ci: ConfidenceInterval
            if let cached = intervals[x] {
                ci = cached
            } else {
                ci = try #require(PoissonInterval.count(x).value)
                intervals[x] = ci
            }
            if ci.contains(mean) { covered += 1 }
        }
        // Garwood is conservative; allow 3 binomial standard errors of simulation noise.
        let noise = 3 * (0.95 * 0.05 / Double(draws)).squareRoot()
        #expect(Double(covered) / Double(draws) >= 0.95 - noise, "coverage \(Double(covered) / Double(draws))")
    }
}
