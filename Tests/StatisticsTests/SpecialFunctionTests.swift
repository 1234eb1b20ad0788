// Incomplete gamma/beta, their quantiles, the normal and Student t distributions, and the
// Poisson/binomial distribution functions against published or closed-form values.
//
// Reference values marked "R" were produced with R 4.2.2 (`Rscript`, options(digits = 17)),
// e.g. `pgamma(3, 2.5)`, `qbeta(0.025, 14, 6)`, and copied here; the tests do not need R.
// Values marked "closed form" are computed in the test from an exact formula.

import Foundation
import Testing

@testable import Statistics

@Suite("Incomplete gamma function")
struct IncompleteGammaTests {
    @Test("closed forms: P(1, x) = 1 − e^−x, P(1/2, x) = erf(√x), P(n, x) = Poisson upper tail")
    func closedForms() {
        for x in [0.01, 0.5, 1, 2.5, 10, 40] {
            expectClose(IncompleteGamma.p(1, x), -expm1(-x), relative: 1e-14)
            expectClose(IncompleteGamma.q(1, x), exp(-x), relative: 1e-13)
            expectClose(IncompleteGamma.p(0.5, x), erf(x.squareRoot()), relative: 1e-13)
            expectClose(IncompleteGamma.q(0.5, x), erfc(x.squareRoot()), relative: 1e-12)
            // Q(3, x) = e^−x (1 + x + x²/2)
            expectClose(IncompleteGamma.q(3, x), exp(-x) * (1 + x + x * x / 2), relative: 1e-13)
        }
    }

    @Test("values from R's pgamma")
    func rValues() {
        expectClose(IncompleteGamma.p(0.1, 0.5), 0.94140244589013355, relative: 1e-13)
        expectClose(IncompleteGamma.p(2.5, 3), 0.69378108158672158, relative: 1e-13)
        expectClose(IncompleteGamma.p(10, 10), 0.54207028552814773, relative: 1e-13)
        expectClose(IncompleteGamma.q(10, 15), 0.069853660699409778, relative: 1e-12)
        expectClose(IncompleteGamma.q(50, 100), 1.178450072097942e-08, relative: 1e-11)
        expectClose(IncompleteGamma.p(5, 0.001), 8.3263918642115018e-18, relative: 1e-12)
    }

    @Test("large arguments keep their precision (a = 10^6)")
    func largeArguments() {
        expectClose(IncompleteGamma.p(1e6, 1e6), 0.50013298076087254, relative: 1e-10)  // R
        expectClose(IncompleteGamma.p(1e6, 990_000), 5.4466446930107698e-24, relative: 1e-8)  // R
    }

    @Test("P + Q = 1 and edge cases")
    func complementAndEdges() {
        for a in [0.2, 1, 3.5, 25, 400] {
            for x in [0.1, 1, 3, 24, 30, 500] {
                expectClose(IncompleteGamma.p(a, x) + IncompleteGamma.q(a, x), 1, relative: 1e-14)
            }
        }
        #expect(IncompleteGamma.p(2, 0) == 0)
        #expect(IncompleteGamma.q(2, 0) == 1)
        #expect(IncompleteGamma.p(2, .infinity) == 1)
        #expect(IncompleteGamma.p(0, 1).isNaN)
        #expect(IncompleteGamma.p(-1, 1).isNaN)
        #expect(IncompleteGamma.p(.nan, 1).isNaN)
        #expect(IncompleteGamma.p(1, .nan).isNaN)
        #expect(IncompleteGamma.p(1, -1).isNaN)
    }
}

@Suite("Incomplete beta function")
struct IncompleteBetaTests {
    @Test("closed forms: I_x(1, b) = 1 − (1−x)^b, I_x(a, 1) = x^a, I_x(½, ½) = (2/π) asin √x")
    func closedForms() {
        for x in [0.001, 0.1, 0.37, 0.5, 0.8, 0.999] {
            expectClose(IncompleteBeta.regularized(x: x, a: 1, b: 3.5), 1 - pow(1 - x, 3.5), relative: 1e-13)
            expectClose(IncompleteBeta.regularized(x: x, a: 2.5, b: 1), pow(x, 2.5), relative: 1e-13)
            expectClose(IncompleteBeta.regularized(x: x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot()), relative: 1e-13)
        }
        // I_0.3(2, 5) = 1 − (1−x)^6 − 6x(1−x)^5 (binomial tail), = 0.579825 (R pbeta(0.3, 2, 5)).
        expectClose(IncompleteBeta.regularized(x: 0.3, a: 2, b: 5), 0.579825, relative: 1e-13)
    }

    @Test("values from R's pbeta")
    func rValues() {
        expectClose(IncompleteBeta.regularized(x: 0.9, a: 0.5, b: 0.5), 0.79516723530086664, relative: 1e-13)
        expectClose(IncompleteBeta.regularized(x: 0.2, a: 10, b: 30), 0.24135945128079217, relative: 1e-12)
        expectClose(IncompleteBeta.complement(x: 0.999, a: 50, b: 2), 0.0012340903931170862, relative: 1e-11)
        expectClose(IncompleteBeta.regularized(x: 0.01, a: 2, b: 3), 0.00059203000000000033, relative: 1e-12)
        expectClose(IncompleteBeta.regularized(x: 0.5, a: 200, b: 300), 0.99999645651973568, relative: 1e-13)
        expectClose(IncompleteBeta.complement(x: 0.5, a: 200, b: 300), 1 - 0.99999645651973568, relative: 1e-6)
    }

    @Test("symmetry and edges")
    func symmetryAndEdges() {
        for (a, b) in [(0.3, 2.0), (4.0, 9.0), (30.0, 2.5)] {
            for x in [0.05, 0.4, 0.93] {
                expectClose(
                    IncompleteBeta.regularized(x: x, a: a, b: b),
                    IncompleteBeta.complement(x: 1 - x, a: b, b: a), relative: 1e-12)
            }
        }
        #expect(IncompleteBeta.regularized(x: 0, a: 2, b: 3) == 0)
        #expect(IncompleteBeta.regularized(x: 1, a: 2, b: 3) == 1)
        #expect(IncompleteBeta.regularized(x: 0.5, a: 0, b: 3).isNaN)
        #expect(IncompleteBeta.regularized(x: 1.5, a: 1, b: 3).isNaN)
        #expect(IncompleteBeta.regularized(x: .nan, a: 1, b: 3).isNaN)
    }
}

@Suite("Quantile functions")
struct QuantileTests {
    @Test("gamma quantiles (R's qgamma) and the closed form −log(1−p) for shape 1")
    func gamma() {
        expectClose(GammaDistribution.quantile(0.025, shape: 10), 4.7953886961324335, relative: 1e-12)
        expectClose(GammaDistribution.quantile(0.975, shape: 11), 18.390356042017778, relative: 1e-12)
        expectClose(GammaDistribution.quantile(0.025, shape: 11, upperTail: true), 18.390356042017778, relative: 1e-12)
        expectClose(GammaDistribution.quantile(0.5, shape: 0.3), 0.073131135866951885, relative: 1e-11)
        expectClose(GammaDistribution.quantile(1e-10, shape: 3), 0.00084361056248472748, relative: 1e-11)
        expectClose(GammaDistribution.quantile(0.99, shape: 100), 124.72256149072079, relative: 1e-12)
        for p in [1e-12, 0.01, 0.3, 0.5, 0.9, 0.975, 0.999999] {
            expectClose(GammaDistribution.quantile(p, shape: 1), -log1p(-p), relative: 1e-12)
        }
        #expect(GammaDistribution.quantile(0, shape: 2) == 0)
        #expect(GammaDistribution.quantile(1, shape: 2) == .infinity)
        #expect(GammaDistribution.quantile(0.5, shape: -1).isNaN)
        #expect(GammaDistribution.quantile(.nan, shape: 2).isNaN)
    }

    @Test("chi-square quantiles: table values (R's qchisq)")
    func chiSquare() {
        expectClose(ChiSquare.quantile(0.95, degreesOfFreedom: 1), 3.841458820694124, relative: 1e-12)
        expectClose(ChiSquare.quantile(0.95, degreesOfFreedom: 10), 18.307038053275146, relative: 1e-12)
        expectClose(ChiSquare.quantile(0.05, degreesOfFreedom: 10), 3.9402991361190605, relative: 1e-12)
        expectClose(ChiSquare.quantile(0.999, degreesOfFreedom: 3), 16.266236196238129, relative: 1e-12)
        expectClose(ChiSquare.cdf(3.84, degreesOfFreedom: 1), 0.94995647875129474, relative: 1e-12)
        // χ²_1 quantile = z² (closed form through the normal quantile)
        expectClose(ChiSquare.quantile(0.95, degreesOfFreedom: 1), pow(Normal.quantile(0.975), 2), relative: 1e-12)
        // χ²_2 quantile = −2 log(1 − p)
        expectClose(ChiSquare.quantile(0.9, degreesOfFreedom: 2), -2 * log(0.1), relative: 1e-12)
    }

    @Test("beta quantiles (R's qbeta) and closed forms")
    func beta() {
        expectClose(BetaDistribution.quantile(0.025, a: 14, b: 6), 0.48797065465412715, relative: 1e-12)
        expectClose(BetaDistribution.quantile(0.975, a: 15, b: 5), 0.90853421509233345, relative: 1e-12)
        expectClose(BetaDistribution.quantile(0.1, a: 0.5, b: 0.5), 0.024471741852423217, relative: 1e-11)
        expectClose(BetaDistribution.quantile(0.5, a: 2, b: 3), 0.38572756813238951, relative: 1e-12)
        expectClose(BetaDistribution.quantile(1e-8, a: 3, b: 40), 9.5592566710267e-05, relative: 1e-10)
        for p in [0.001, 0.2, 0.5, 0.77, 0.999] {
            // Beta(a, 1): x = p^{1/a}; Beta(1, b): x = 1 − (1−p)^{1/b}
            expectClose(BetaDistribution.quantile(p, a: 3.5, b: 1), pow(p, 1 / 3.5), relative: 1e-12)
            expectClose(BetaDistribution.quantile(p, a: 1, b: 7), 1 - pow(1 - p, 1.0 / 7), relative: 1e-11)
            // Beta(½, ½): x = sin²(πp/2)
            expectClose(BetaDistribution.quantile(p, a: 0.5, b: 0.5), pow(sin(Double.pi * p / 2), 2), relative: 1e-11)
        }
    }

    @Test("normal: qnorm(0.975) = 1.959963984540054 and other R values")
    func normal() {
        expectClose(Normal.quantile(0.975), 1.959963984540054, relative: 1e-15)
        expectClose(Normal.quantile(0.3), -0.52440051270804067, relative: 1e-15)
        expectClose(Normal.quantile(0.05), -1.6448536269514726, relative: 1e-15)
        expectClose(Normal.quantile(1e-10), -6.3613409024040557, relative: 1e-15)
        expectClose(Normal.quantile(1e-300), -37.047096299361201, relative: 1e-15)
        expectClose(Normal.upperQuantile(0.025), 1.959963984540054, relative: 1e-15)
        #expect(Normal.quantile(0.5) == 0)
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.2).isNaN)
        expectClose(Normal.cdf(1.96), 0.97500210485177963, relative: 1e-15)
        expectClose(Normal.cdf(-5), 2.8665157187919391e-07, relative: 1e-13)
        expectClose(Normal.cdf(-10), 7.6198530241605269e-24, relative: 1e-12)
        for p in [1e-8, 0.01, 0.2, 0.6, 0.99] {
            expectClose(Normal.cdf(Normal.quantile(p)), p, relative: 1e-13)
        }
    }

    @Test("Student t: closed forms for 1 and 2 df, R values otherwise")
    func studentT() {
        for p in [0.6, 0.9, 0.975, 0.995, 0.01] {
            // ν = 1 (Cauchy): t = tan(π(p − ½)); ν = 2: t = (2p − 1)/√(2p(1−p))
            expectClose(StudentT.quantile(p, degreesOfFreedom: 1), tan(Double.pi * (p - 0.5)), relative: 1e-11)
            expectClose(StudentT.quantile(p, degreesOfFreedom: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), relative: 1e-11)
        }
        expectClose(StudentT.quantile(0.975, degreesOfFreedom: 1), 12.706204736174694, relative: 1e-12)
        expectClose(StudentT.quantile(0.975, degreesOfFreedom: 5), 2.5705818356363137, relative: 1e-12)
        expectClose(StudentT.quantile(0.975, degreesOfFreedom: 10), 2.2281388519862739, relative: 1e-12)
        expectClose(StudentT.quantile(0.995, degreesOfFreedom: 3), 5.8409093097333544, relative: 1e-12)
        expectClose(StudentT.quantile(0.6, degreesOfFreedom: 4), 0.27072229470759746, relative: 1e-11)
        expectClose(StudentT.quantile(0.975, degreesOfFreedom: 2.5), 3.5746548420036919, relative: 1e-11)
        expectClose(StudentT.cdf(2, degreesOfFreedom: 5), 0.9490302605850709, relative: 1e-13)
        expectClose(StudentT.cdf(-3, degreesOfFreedom: 2), 0.047732983133354563, relative: 1e-13)
        expectClose(StudentT.cdf(0.5, degreesOfFreedom: 30), 0.68963849755743634, relative: 1e-13)
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 7) == 0)
    }
}

@Suite("Poisson and binomial distributions")
struct DiscreteDistributionTests {
    @Test("values from R's dpois/ppois/dbinom/pbinom")
    func rValues() {
        expectClose(PoissonDistribution.probability(10, mean: 5), 0.018132788707821874, relative: 1e-14)
        expectClose(PoissonDistribution.probability(1000, mean: 1000), 0.012614611348721503, relative: 1e-14)
        expectClose(PoissonDistribution.cdf(3, mean: 7.5), 0.059145459832683982, relative: 1e-13)
        expectClose(PoissonDistribution.survival(20, mean: 7.5), 3.8656641087208612e-05, relative: 1e-12)
        expectClose(BinomialDistribution.probability(3, trials: 10, probability: 0.2), 0.20132659200000003, relative: 1e-14)
        expectClose(BinomialDistribution.cdf(3, trials: 10, probability: 0.2), 0.87912611839999988, relative: 1e-14)
        expectClose(BinomialDistribution.survival(30, trials: 100, probability: 0.2), 0.0060593354810429927, relative: 1e-12)
    }

    @Test("distribution functions equal the sums of the masses")
    func sumsOfMasses() {
        let lambda = 6.3
        var cumulative = 0.0
        for k in 0...40 {
            cumulative += PoissonDistribution.probability(k, mean: lambda)
            expectClose(PoissonDistribution.cdf(k, mean: lambda), cumulative, relative: 1e-13)
        }
        var binomial = 0.0
        for k in 0...25 {
            binomial += BinomialDistribution.probability(k, trials: 25, probability: 0.37)
            expectClose(BinomialDistribution.cdf(k, trials: 25, probability: 0.37), binomial, relative: 1e-13)
        }
        #expect(PoissonDistribution.cdf(-1, mean: 2) == 0)
        #expect(PoissonDistribution.cdf(3, mean: 0) == 1)
        #expect(BinomialDistribution.cdf(25, trials: 25, probability: 0.37) == 1)
        #expect(BinomialDistribution.probability(26, trials: 25, probability: 0.37) == 0)
    }
}
