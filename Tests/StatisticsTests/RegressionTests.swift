// Poisson IRLS regression and the yearly trend against R's glm (R 4.2.2, options(digits = 17)).
//
// - Dobson (1990), "An Introduction to Generalized Linear Models", p. 93: the example of R's
//   ?glm, counts c(18,17,15,20,10,20,25,13,12) ~ outcome + treatment; R prints residual
//   deviance 5.1291 on 4 df. Coefficients, standard errors and hat values from `glm`,
//   `summary.glm`, `hatvalues`.
// - Trends: glm(y ~ t + offset(log(e)), poisson) and quasipoisson, t = centred year; the
//   interval is exp(β ± q·SE) with q = qnorm(0.975) (Poisson, φ ≤ 1) or qt(0.975, n − 2)
//   (quasi-Poisson, φ > 1, SE from summary of the quasipoisson fit); p from the same summary.

import Foundation
import Testing

@testable import Statistics

@Suite("Poisson regression")
struct RegressionTests {
    @Test("Dobson's example from ?glm: deviance 5.1291 on 4 df, R's coefficients, SEs, hat values")
    func dobson() throws {
        let counts: [Double] = [18, 17, 15, 20, 10, 20, 25, 13, 12]
        let design: [[Double]] = (0..<9).map { i in
            let outcome = i % 3, treatment = i / 3
            return [1, outcome == 1 ? 1 : 0, outcome == 2 ? 1 : 0, treatment == 1 ? 1 : 0, treatment == 2 ? 1 : 0]
        }
        let fit = try #require(PoissonRegression.fit(design: design, counts: counts).value)
        #expect(fit.converged)
        #expect(fit.residualDegreesOfFreedom == 4)
        expectClose(fit.deviance, 5.1291, relative: 0, absolute: 5e-5)  // as printed by R
        expectClose(fit.deviance, 5.1291410770011421, relative: 1e-9)
        expectClose(fit.coefficients[0], 3.0445224377234221, relative: 1e-9)
        expectClose(fit.coefficients[1], -0.45425527227759499, relative: 1e-8)
        expectClose(fit.coefficients[2], -0.29298712468147264, relative: 1e-8)
        #expect(abs(fit.coefficients[3]) < 1e-8 && abs(fit.coefficients[4]) < 1e-8)
        let se = fit.standardErrors(dispersion: 1)
        for (a, b) in zip(se, [0.17089865150402353, 0.20217075668348164, 0.19274234353221614, 0.19999999794829701, 0.19999999849087371]) {
            expectClose(a, b, relative: 1e-7)
        }
        let hat = [
            0.61333332656779282, 0.51111111224491124, 0.54222222171655821, 0.61333333028654535,
            0.51111111694678213, 0.54222222611921922, 0.61333332818858211, 0.51111111429418499, 0.54222222363542361,
        ]
        for (a, b) in zip(fit.hatValues, hat) { expectClose(a, b, relative: 1e-7) }
        expectClose(fit.dispersion, 1.293300440066983, relative: 1e-7)  // summary(quasipoisson)$dispersion
        // Hat values of a full-rank model sum to p.
        expectClose(fit.hatValues.reduce(0, +), 5, relative: 1e-9)
    }

    @Test("closed form: an exact doubling series has β = log 2 and SE² = 1/(Σμt² − (Σμt)²/Σμ)")
    func exactDoubling() throws {
        let counts: [Double] = [5, 10, 20, 40]
        let design = (0..<4).map { [1.0, Double($0)] }
        let fit = try #require(PoissonRegression.fit(design: design, counts: counts).value)
        expectClose(fit.coefficients[1], log(2), relative: 1e-9)
        expectClose(exp(fit.coefficients[0]), 5, relative: 1e-9)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0
        for (t, mu) in counts.enumerated() {
            s0 += mu
            s1 += mu * Double(t)
            s2 += mu * Double(t * t)
        }
        expectClose(fit.standardErrors(dispersion: 1)[1], (1 / (s2 - s1 * s1 / s0)).squareRoot(), relative: 1e-8)
        #expect(fit.deviance < 1e-9)
    }

    @Test("offsets and prior weights: the intercept-only fit is the weighted rate Σwy / Σw·e")
    func offsetsAndWeights() throws {
        let counts: [Double] = [3, 7, 4, 9]
        let exposure: [Double] = [100, 200, 150, 250]
        let weights: [Double] = [1, 0.5, 2, 1]
        let fit = try #require(
            PoissonRegression.fit(
                design: [[1], [1], [1], [1]], counts: counts, offsets: exposure.map { log($0) }, weights: weights
            ).value)
        var weightedCount = 0.0
        var weightedExposure = 0.0
        for i in counts.indices {
            weightedCount += weights[i] * counts[i]
            weightedExposure += weights[i] * exposure[i]
        }
        let rate = weightedCount / weightedExposure
        expectClose(exp(fit.coefficients[0]), rate, relative: 1e-10)
    }

    @Test("invalid input: NaN, negative counts, singular design, too few rows")
    func invalid() {
        #expect(PoissonRegression.fit(design: [[1], [1]], counts: [1, .nan]).issue == .invalidCount)
        #expect(PoissonRegression.fit(design: [[1], [1]], counts: [1, -2]).issue == .invalidCount)
        #expect(PoissonRegression.fit(design: [[1, 2], [1, 2], [1, 2]], counts: [1, 2, 3]).issue == .noConvergence)
        #expect(PoissonRegression.fit(design: [[1, 0]], counts: [1]).issue == .insufficientData)
        #expect(PoissonRegression.fit(design: [[1], [1]], counts: [1, 2], offsets: [0, .nan]).issue == .missingEnrolment)
        #expect(PoissonRegression.fit(design: [], counts: []).issue == .insufficientData)
    }
}

@Suite("Yearly trend")
struct YearlyTrendTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var counts: [Double]
        var enrolments: [Double]
        var factor: Double, lower: Double, upper: Double, p: Double, dispersion: Double, quasi: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "A (φ < 1: Poisson, z interval)",
            counts: [12, 15, 9, 20, 25, 18, 31, 29], enrolments: [5100, 5200, 5150, 5300, 5400, 5350, 5500, 5600],
            factor: 1.1368562121429977, lower: 1.0600593710677324, upper: 1.2192166612199535,
            p: 0.00032515257640213408, dispersion: 0.97774462622605418, quasi: false),
        Case(
            name: "B (strongly underdispersed: Poisson)",
            counts: [10, 12, 13, 15, 17], enrolments: [4000, 4100, 4050, 4200, 4300],
            factor: 1.116591673070239, lower: 0.94137891903766735, upper: 1.32441564088170138,
            p: 0.20540301078021317, dispersion: 0.0045040663173565032, quasi: false),
        Case(
            name: "C (decreasing, φ > 1: quasi-Poisson, t with 4 df)",
            counts: [40, 22, 35, 18, 20, 9], enrolments: [6000, 6100, 6050, 6200, 6300, 6250],
            factor: 0.79653920144944423, lower: 0.64181231778598802, upper: 0.98856734572252869,
            p: 0.043059850658170785, dispersion: 2.3317180088631844, quasi: true),
        Case(
            name: "D (three years, one df: very wide t interval)",
            counts: [3, 0, 5], enrolments: [900, 950, 1000],
            factor: 1.3932703537498197, lower: 1.7497224873219596e-05, upper: 1.1094343775676443e+05,
            p: 0.77248327683513707, dispersion: 3.9106505573787422, quasi: true),
    ]

    @Test("change factor, interval and p against R's glm", arguments: cases)
    func againstR(c: Case) throws {
        let t = try #require(YearlyTrend.estimate(counts: c.counts, enrolments: c.enrolments).value)
        expectClose(t.changeFactor, c.factor, relative: 1e-7)
        expectClose(t.interval.lower, c.lower, relative: 1e-6)
        expectClose(t.interval.upper, c.upper, relative: 1e-6)
        expectClose(t.pValue, c.p, relative: 1e-6)
        expectClose(t.dispersion, c.dispersion, relative: 1e-6)
        #expect(t.quasiPoisson == c.quasi)
        #expect(t.degreesOfFreedom == c.counts.count - 2)
    }

    @Test("closed form: counts exactly doubling with constant enrolment give factor 2")
    func doubling() throws {
        let t = try #require(YearlyTrend.estimate(counts: [3, 6, 12, 24, 48], enrolments: [1000, 1000, 1000, 1000, 1000]).value)
        expectClose(t.changeFactor, 2, relative: 1e-9)
        #expect(!t.quasiPoisson)
        // Constant counts per pupil with growing enrolment: no trend at all.
        let flat = try #require(YearlyTrend.estimate(counts: [10, 11, 12, 13], enrolments: [1000, 1100, 1200, 1300]).value)
        expectClose(flat.changeFactor, 1, relative: 1e-9)
        expectClose(flat.pValue, 1, relative: 1e-6)
    }

    @Test(
        "bad input: reasons instead of crashes",
        arguments: [
            ([Double](), [Double](), StatisticsIssue.seriesTooShort(needed: 3, available: 0)),
            ([4, 5], [100, 100], .seriesTooShort(needed: 3, available: 2)),
            ([0, 0, 0, 0], [100, 100, 100, 100], .allZero),
            ([4, .nan, 5], [100, 100, 100], .invalidCount),
            ([4, 2.5, 5], [100, 100, 100], .invalidCount),
            ([4, 6, 5], [100, 0, 100], .missingEnrolment),
            ([4, 6, 5], [100, .nan, 100], .missingEnrolment),
            ([4, 6, 5], [100, 100], .insufficientData),
        ])
    func badInput(counts: [Double], enrolments: [Double], issue: StatisticsIssue) {
        #expect(YearlyTrend.estimate(counts: counts, enrolments: enrolments).issue == issue)
    }
}

@Suite("Benjamini–Hochberg")
struct BenjaminiHochbergTests {
    @Test("q-values equal R's p.adjust(p, \"BH\")")
    func againstR() {
        let q = BenjaminiHochberg.qValues([0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2, 0.0001])
        let expected = [
            0.02666666666666666491, 0.05333333333333332982, 0.05333333333333332982, 0.02,
            0.5, 0.05333333333333332982, 0.22857142857142856429, 0.0008,
        ]
        for (a, b) in zip(q, expected) { expectClose(a, b, relative: 1e-14) }
        for value in BenjaminiHochberg.qValues([0.8, 0.9, 0.95]) { expectClose(value, 0.95, relative: 1e-14) }
        let withMissing = BenjaminiHochberg.qValues([0.02, .nan, 0.03, 0.5])
        expectClose(withMissing[0], 0.045, relative: 1e-14)
        #expect(withMissing[1].isNaN)
        expectClose(withMissing[2], 0.045, relative: 1e-14)
        expectClose(withMissing[3], 0.5, relative: 1e-14)
        #expect(BenjaminiHochberg.qValues([]).isEmpty)
    }

    @Test("properties: q ≥ p, q ≤ 1, q monotone in p (seeded random p-values)")
    func properties() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let p = (0..<Int(rng.next() % 40 + 1)).map { _ in pow(rng.uniform(), 3) }
            let q = BenjaminiHochberg.qValues(p)
            for i in p.indices {
                #expect(q[i] >= p[i] && q[i] <= 1)
                for j in p.indices where p[i] <= p[j] { #expect(q[i] <= q[j]) }
            }
        }
    }
}
