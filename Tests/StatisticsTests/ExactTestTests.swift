// The exact one-sample Poisson test, the exact binomial test and the comparison of two rates,
// against R's `poisson.test` and `binom.test` (R 4.2.2, options(digits = 17)).

import Foundation
import Testing

@testable import Statistics

@Suite("Exact Poisson and binomial tests")
struct ExactTestTests {
    @Test("poisson.test(10, T = 1, r = 5): two-sided p = 0.0385660, greater p = 0.0318281")
    func oneSample() throws {
        let two = try #require(PoissonTest.test(count: 10, exposure: 1, rate: 5).value)
        expectClose(two.pValue, 0.0385660, relative: 1e-6)
        expectClose(two.pValue, 0.03856600430529028, relative: 1e-12)
        expectClose(two.interval.lower, 4.7953886961324343, relative: 1e-12)
        expectClose(two.interval.upper, 18.3903560420177783, relative: 1e-12)
        let greater = try #require(PoissonTest.test(count: 10, exposure: 1, rate: 5, alternative: .greater).value)
        // R prints 0.0318281 (6 significant digits): allow half a unit in the last printed digit.
        expectClose(greater.pValue, 0.0318281, relative: 0, absolute: 5e-8)
        expectClose(greater.pValue, 0.031828057306204811, relative: 1e-12)
        expectClose(greater.interval.lower, 5.4254056970912945, relative: 1e-12)
        #expect(greater.interval.upper == .infinity)
        let less = try #require(PoissonTest.test(count: 10, exposure: 1, rate: 5, alternative: .less).value)
        expectClose(less.pValue, 0.98630473140161701, relative: 1e-12)
        #expect(less.interval.lower == 0)
        expectClose(less.interval.upper, 16.962219235721896, relative: 1e-12)
        // Closed form check of the two-sided rule: P(X = 0) + P(X ≥ 10) for mean 5.
        let closed = exp(-5.0) + PoissonDistribution.survival(9, mean: 5)
        expectClose(two.pValue, closed, relative: 1e-13)
    }

    @Test("more one-sample p-values from R (x below the mean, x = 0, non-unit exposure)")
    func oneSampleMore() throws {
        expectClose(try #require(PoissonTest.test(count: 2, rate: 8).value).pValue, 0.031010958141969414, relative: 1e-12)
        expectClose(try #require(PoissonTest.test(count: 0, rate: 3).value).pValue, 0.08329560367670516, relative: 1e-12)
        expectClose(
            try #require(PoissonTest.test(count: 7, exposure: 2.5, rate: 1.3).value).pValue,
            0.047725258750725141, relative: 1e-12)
        #expect(try #require(PoissonTest.test(count: 4, exposure: 2, rate: 2).value).pValue == 1)
        #expect(PoissonTest.test(count: 4, exposure: 0).issue == .missingEnrolment)
    }

    @Test(
        "binom.test values from R",
        arguments: [
            (682, 925, 0.75, 0.38249155957485192, 0.70766826407903904, 0.76540655824152526),
            (7, 20, 0.3, 0.62949796667667735, 0.15390920478454115, 0.59218853453282816),
            (0, 10, 0.3, 0.038839603299999984, 0.0, 0.30849710781876083),
            (10, 10, 0.3, 5.9048999999999915e-06, 0.69150289218123917, 1.0),
        ])
    func binomial(x: Int, n: Int, p: Double, pValue: Double, lower: Double, upper: Double) throws {
        let r = try #require(BinomialTest.test(successes: x, trials: n, probability: p).value)
        expectClose(r.pValue, pValue, relative: 1e-11)
        expectClose(r.interval.lower, lower, relative: 1e-11)
        expectClose(r.interval.upper, upper, relative: 1e-11)
    }

    @Test("poisson.test(c(11, 21), c(800, 3011)): ratio 1.971488, CI 0.8584264–4.2772659, p = 0.07967")
    func rateRatio() throws {
        let r = try #require(RateRatioTest.test(count1: 11, exposure1: 800, count2: 21, exposure2: 3011).value)
        expectClose(r.rateRatio, 1.971488, relative: 1e-6)
        expectClose(r.interval.lower, 0.8584264, relative: 1e-6)
        expectClose(r.interval.upper, 4.2772659, relative: 1e-6)
        expectClose(r.pValue, 0.07967, relative: 1e-4)
        // Full precision from R.
        expectClose(r.rateRatio, 1.9714880952380953, relative: 1e-14)
        expectClose(r.interval.lower, 0.85842640339163923, relative: 1e-11)
        expectClose(r.interval.upper, 4.27726594365407120, relative: 1e-11)
        expectClose(r.pValue, 0.079668633033329522, relative: 1e-11)
        expectClose(r.expectedCount1, 32 * 800 / 3811.0, relative: 1e-14)
    }

    @Test("one-sided rate ratio tests and a non-unit null ratio (R)")
    func rateRatioOneSided() throws {
        let greater = try #require(RateRatioTest.test(count1: 11, exposure1: 800, count2: 21, exposure2: 3011, alternative: .greater).value)
        expectClose(greater.pValue, 0.056008659787699693, relative: 1e-11)
        expectClose(greater.interval.lower, 0.97758434749674539, relative: 1e-11)
        #expect(greater.interval.upper == .infinity)
        let less = try #require(RateRatioTest.test(count1: 11, exposure1: 800, count2: 21, exposure2: 3011, alternative: .less).value)
        expectClose(less.pValue, 0.97593182322731198, relative: 1e-11)
        #expect(less.interval.lower == 0)
        expectClose(less.interval.upper, 3.827386407850879, relative: 1e-11)
        let r2 = try #require(RateRatioTest.test(count1: 11, exposure1: 800, count2: 21, exposure2: 3011, ratio: 2).value)
        #expect(r2.pValue == 1)
        expectClose(r2.interval.lower, 0.85842640339163923, relative: 1e-11)
    }

    @Test(
        "school-sized comparisons (R)",
        arguments: [
            (14, 1.0, 5, 1.0, 2.7999999999999998, 0.95301306280503484, 9.93305000344649436, 0.063568115234374986),
            (14, 5200.0, 5, 5100.0, 2.7461538461538462, 0.93468588852032253, 9.74202981107252342, 0.063802278944272928),
            (3, 4000.0, 12, 4100.0, 0.25625000000000003, 0.046404685195609537, 0.949537648560646930, 0.035359483354951121),
        ])
    func schoolSized(x1: Int, t1: Double, x2: Int, t2: Double, ratio: Double, lower: Double, upper: Double, p: Double) throws {
        let r = try #require(RateRatioTest.test(count1: x1, exposure1: t1, count2: x2, exposure2: t2).value)
        expectClose(r.rateRatio, ratio, relative: 1e-14)
        expectClose(r.interval.lower, lower, relative: 1e-11)
        expectClose(r.interval.upper, upper, relative: 1e-11)
        expectClose(r.pValue, p, relative: 1e-11)
    }

    @Test("a zero count on either side (R): 6 vs 0 and 0 vs 6, p = 1/32")
    func zeroCounts() throws {
        let up = try #require(RateRatioTest.test(count1: 6, exposure1: 1000, count2: 0, exposure2: 1000).value)
        #expect(up.rateRatio == .infinity)
        expectClose(up.interval.lower, 1.1774247257241781, relative: 1e-11)
        #expect(up.interval.upper == .infinity)
        expectClose(up.pValue, 1.0 / 32, relative: 1e-13)  // closed form: 2 · 0.5^6
        let down = try #require(RateRatioTest.test(count1: 0, exposure1: 1000, count2: 6, exposure2: 1000).value)
        #expect(down.rateRatio == 0)
        #expect(down.interval.lower == 0)
        expectClose(down.interval.upper, 0.84931119429732327, relative: 1e-11)
        expectClose(down.pValue, 1.0 / 32, relative: 1e-13)
    }

    @Test("bad input: zero, NaN or missing enrolment, no events at all")
    func badInput() {
        #expect(RateRatioTest.test(count1: 3, exposure1: 0, count2: 4, exposure2: 100).issue == .missingEnrolment)
        #expect(RateRatioTest.test(count1: 3, exposure1: 100, count2: 4, exposure2: .nan).issue == .missingEnrolment)
        #expect(RateRatioTest.test(count1: 0, exposure1: 100, count2: 0, exposure2: 100).issue == .insufficientData)
        #expect(RateRatioTest.test(count1: -1, exposure1: 100, count2: 0, exposure2: 100).issue == .invalidCount)
        #expect(RateRatioTest.test(count1: Int.max, exposure1: 100, count2: 1, exposure2: 100).issue == .invalidCount)
        #expect(BinomialTest.test(successes: 3, trials: 2).issue == .invalidCount)
    }
}
