// Farrington (flexible) aberration detection against R's surveillance::farringtonFlexible.
//
// Reference values: R 4.2.2 with surveillance 1.20.3 (Debian package r-cran-surveillance),
// quarterly `sts` objects (frequency 4), control = list(range = 20:24, b = 3, w = 1,
// reweight = TRUE (unless stated), weightsThreshold = 2.58, alpha = 0.05, trend = TRUE,
// pThresholdTrend = 0.05, limit54 = c(5, 4), powertrans = "2/3", populationOffset as stated,
// noPeriods = 1, thresholdMethod = "delta"); printed with 17 significant digits from
// `r@control$expected`, `upperbound(r)`, `r@control$score`, `r@control$pvalue`, `alarms(r)`,
// `r@control$trend` and `r@control$phiVector`. Range 20:24 (1-based) is index 19…23 here.
//
// Two sets of values:
// - `documented`: surveillance with its one-line overwrite of `model$weights <- omega` in
//   `algo.farrington.fitGLM.flexible` removed (via assignInNamespace), so that predict.glm and
//   summary.glm use the Pearson dispersion of the reweighted fit: our default.
// - `surveillance`: the package as shipped, reproduced with `surveillanceDispersionQuirk = true`.
// Without reweighting both agree (scenario S3b).

import Foundation
import Testing

@testable import Statistics

/// One evaluated period: (R's 1-based k, expected, upper, score, pvalue, alarm, trend, phi).
typealias FarringtonRow = (k: Int, expected: Double?, upper: Double?, score: Double, pValue: Double, alarm: Bool, trend: Bool, phi: Double)

struct FarringtonScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var counts: [Double]
    var population: [Double]?
    var reweight: Bool
    /// Expected rows for the documented method (default configuration).
    var documented: [FarringtonRow]
    /// Expected rows for surveillance 1.20.3 as shipped (`surveillanceDispersionQuirk`).
    var surveillance: [FarringtonRow]
    var testDescription: String { name }
}

let farringtonScenarios: [FarringtonScenario] = [
    FarringtonScenario(
        name: "S1 stable, outbreak at the end",
        counts: [4, 6, 3, 5, 7, 4, 6, 5, 3, 8, 5, 6, 6, 4, 9, 5, 7, 5, 6, 8, 4, 6, 7, 16],
        population: nil,
        reweight: true,
        documented: [
            (20, 5.7777777777778718, 10.275249542379411, 0.49410476341678811, 0.19717269444840096, false, false, 1),
            (21, 5.4444444444445104, 9.8102333343421151, -0.33085531180560324, 0.73749799553923323, false, false, 1),
            (22, 5.8888888888897002, 10.463713903832939, 0.024287510614584323, 0.48238671692805285, false, false, 1),
            (23, 6.2222222222222774, 10.87559987009668, 0.16714262985575659, 0.38288451355517356, false, false, 1),
            (24, 6.2222222222222348, 10.854055147566669, 2.1109953522450651, 0.00065942554944057013, true, false, 1),
        ],
        surveillance: [
            (20, 7.9385012785740363, 13.169204801145764, 0.011757256200926339, 0.49156750154084261, false, true, 1),
            (21, 5.4444444444445104, 9.7229413927373578, -0.33760558016077458, 0.74134545100312355, false, false, 1),
            (22, 5.8888888888897002, 10.329901085898655, 0.02501932131263538, 0.48190130055760111, false, false, 1),
            (23, 6.2222222222222774, 10.768346118636789, 0.17108591747601715, 0.38042599330932458, false, false, 1),
            (24, 6.2222222222222348, 10.764825563851421, 2.1524612743913942, 0.0005382169248990239, true, false, 1),
        ]),
    FarringtonScenario(
        name: "S2 decreasing",
        counts: [30, 28, 33, 29, 27, 25, 28, 26, 24, 22, 25, 21, 20, 19, 21, 18, 17, 16, 18, 15, 14, 13, 15, 20],
        population: nil,
        reweight: true,
        documented: [
            (20, 15.355718270846227, 22.388788370636433, -0.050577950425495927, 0.53554953217062606, false, true, 1),
            (21, 14.074773495233126, 20.701968799306051, -0.011282826565737685, 0.50792928963852446, false, true, 1),
            (22, 14.867034145027182, 21.89868993415427, -0.26551842140995302, 0.68362160418244977, false, true, 1),
            (23, 13.993302049183178, 20.827416291481768, 0.14730481743867196, 0.39865631482459268, false, true, 1),
            (24, 12.763129964415079, 19.258690175963178, 1.1141256180981725, 0.034401574275565776, true, true, 1),
        ],
        surveillance: [
            (20, 15.355718270846227, 22.240497482567282, -0.051667346171483754, 0.53626890408965011, false, true, 1),
            (21, 14.074773495233126, 20.677852541309509, -0.011324034546816037, 0.50795653526670193, false, true, 1),
            (22, 14.867034145027182, 21.653933774584146, -0.27509381999643007, 0.68936761392351387, false, true, 1),
            (23, 13.993302049183178, 20.590247033961496, 0.15260062849389527, 0.39531310574461875, false, true, 1),
            (24, 12.763129964415079, 19.079813488880589, 1.1456755760448316, 0.030880613965749051, true, true, 1),
        ]),
    FarringtonScenario(
        name: "S3 past outbreaks",
        counts: [5, 6, 5, 7, 6, 25, 6, 5, 7, 6, 5, 6, 8, 7, 30, 6, 5, 7, 6, 6, 7, 6, 8, 12],
        population: nil,
        reweight: true,
        documented: [
            (20, 8.6666666666667105, 25.909880978815917, -0.15465020722892908, 0.63027339742939548, false, false, 7.5000007230912615),
            (21, 6.3333333333333375, 10.938733228614934, 0.14475760668464149, 0.39812288557868247, false, false, 1),
            (22, 9.0000000000000178, 25.827028297163036, -0.17828459945632871, 0.64883715634030148, false, false, 7.0000003327386953),
            (23, 8.777777777777791, 25.781984491999552, -0.045740315373094309, 0.53739622658014208, false, false, 7.2563295865648421),
            (24, 8.7777777777778034, 25.859652278604742, 0.18863399459270164, 0.35892344303405399, false, false, 7.3132916764919962),
        ],
        surveillance: [
            (20, 16.043021233689462, 36.342577643771818, -0.49474092097408134, 0.8624261799952484, false, true, 6.3219365363049187),
            (21, 6.3333333333333375, 10.90225083754984, 0.14591348301899038, 0.39739180322041356, false, false, 1),
            (22, 9.0000000000000178, 24.94275908801561, -0.18817320034994209, 0.65556616496511189, false, false, 7.0000003327386953),
            (23, 8.777777777777791, 24.88890004725145, -0.048275828633705754, 0.53916635341819785, false, false, 7.2563295865648421),
            (24, 8.7777777777778034, 24.962180002387409, 0.19909429940653381, 0.35253124933798841, false, false, 7.3132916764919962),
        ]),
    FarringtonScenario(
        name: "S3b without reweighting",
        counts: [5, 6, 5, 7, 6, 25, 6, 5, 7, 6, 5, 6, 8, 7, 30, 6, 5, 7, 6, 6, 7, 6, 8, 12],
        population: nil,
        reweight: false,
        documented: [
            (20, 8.6666666666667105, 25.909880978815917, -0.15465020722892908, 0.63027339742939548, false, false, 7.5000007230912615),
            (21, 6.3333333333333375, 10.938733228614934, 0.14475760668464149, 0.39812288557868247, false, false, 1),
            (22, 9.0000000000000178, 25.827028297163036, -0.17828459945632871, 0.64883715634030148, false, false, 7.0000003327386953),
            (23, 8.777777777777791, 25.781984491999552, -0.045740315373094309, 0.53739622658014208, false, false, 7.2563295865648421),
            (24, 8.7777777777778034, 25.859652278604742, 0.18863399459270164, 0.35892344303405399, false, false, 7.3132916764919962),
        ],
        surveillance: [
            (20, 8.6666666666667105, 25.909880978815917, -0.15465020722892908, 0.63027339742939548, false, false, 7.5000007230912615),
            (21, 6.3333333333333375, 10.938733228614934, 0.14475760668464149, 0.39812288557868247, false, false, 1),
            (22, 9.0000000000000178, 25.827028297163036, -0.17828459945632871, 0.64883715634030148, false, false, 7.0000003327386953),
            (23, 8.777777777777791, 25.781984491999552, -0.045740315373094309, 0.53739622658014208, false, false, 7.2563295865648421),
            (24, 8.7777777777778034, 25.859652278604742, 0.18863399459270164, 0.35892344303405399, false, false, 7.3132916764919962),
        ]),
    FarringtonScenario(
        name: "S4 population offset",
        counts: [10, 12, 9, 11, 12, 11, 13, 12, 12, 14, 13, 12, 14, 13, 15, 14, 15, 16, 14, 15, 16, 15, 17, 26],
        population: [
            5000, 5000, 5000, 5000, 5200, 5200, 5200, 5200, 5400, 5400, 5400, 5400, 5700, 5700, 5700, 5700, 6000, 6000, 6000, 6000, 6300,
            6300, 6300, 6300,
        ],
        reweight: true,
        documented: [
            (20, 14.486921529182672, 21.197223248190674, 0.076461311622389727, 0.44683078251133956, false, false, 1),
            (21, 15.219801980227066, 22.096098076185111, 0.1134619581363784, 0.42169213925938048, false, false, 1),
            (22, 15.473684210547576, 22.401624335337338, -0.06837302315195036, 0.54800270270085161, false, false, 1),
            (23, 15.473684210547576, 22.401624335337338, 0.22031307458777177, 0.35176450891788119, false, false, 1),
            (24, 15.448275862071204, 22.359534824437397, 1.5267441424762103, 0.0073160671352373169, true, false, 1),
        ],
        surveillance: [
            (20, 14.486921529182672, 21.180219126834423, 0.076655559286252964, 0.44670434553447319, false, false, 1),
            (21, 15.219801980227066, 22.070586373561767, 0.11388448022565241, 0.42142079624162032, false, false, 1),
            (22, 15.473684210547576, 22.377728932242398, -0.068609667179458114, 0.5481586378756701, false, false, 1),
            (23, 15.473684210547576, 22.377728932242398, 0.22107559423191858, 0.35130363862208663, false, false, 1),
            (24, 15.448275862071204, 22.346183893767254, 1.5296991623320253, 0.0072262559948378397, true, false, 1),
        ]),
    FarringtonScenario(
        name: "S5 few events",
        counts: [1, 0, 2, 1, 0, 1, 0, 2, 1, 0, 1, 1, 0, 2, 1, 0, 1, 0, 1, 1, 0, 1, 0, 4],
        population: nil,
        reweight: true,
        documented: [
            (20, nil, nil, 0.11672099815143309, 0.40750262611025012, false, false, 1),
            (21, nil, nil, -0.40058657155893712, 0.89648380835759978, false, false, 1),
            (22, nil, nil, 0.11672099815143303, 0.40750262611025018, false, false, 1),
            (23, nil, nil, -0.40852349353021949, 0.90021527235152687, false, false, 1),
            (24, 0.66666666666667274, 2.4334742827919302, 1.8866419314195504, 0.0028696740682950584, true, false, 1),
        ],
        surveillance: [
            (20, nil, nil, 0.1155546804807361, 0.40826762891378199, false, false, 1),
            (21, nil, nil, -0.39456624681742997, 0.8935825503896353, false, false, 1),
            (22, nil, nil, 0.115554680480736, 0.40826762891378204, false, false, 1),
            (23, nil, nil, -0.40444138168277788, 0.8983092912776478, false, false, 1),
            (24, 0.66666666666667274, 2.4545049675358745, 1.8644490006242427, 0.0031180934569040144, true, false, 1),
        ]),
    FarringtonScenario(
        name: "S6 increasing (trend extrapolates)",
        counts: [2, 3, 1, 4, 3, 2, 5, 3, 4, 6, 5, 7, 8, 7, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19],
        population: nil,
        reweight: true,
        documented: [
            (20, 6.8888888889322724, 12.283497835349296, 1.3181884325073767, 0.017287588476050487, true, false, 1.1411330822856434),
            (21, 7.555555555604192, 13.410972063858228, 1.2713774389749752, 0.020381301812894905, true, false, 1.2279455821689602),
            (22, 8.3333333333496427, 14.379425267528225, 1.4334328291731153, 0.011248811685429677, true, false, 1.2000023738920285),
            (23, 9.2222222222269092, 15.35956949278898, 1.4302234158845641, 0.0112649888490533, true, false, 1.1325312619461128),
            (24, 10.22222222222446, 16.54150994576986, 1.3890454370466325, 0.013047282642638854, true, false, 1.0951094194182232),
        ],
        surveillance: [
            (20, 6.8888888889322724, 12.026815668002383, 1.3840429061845709, 0.013557357567043718, true, false, 1.1411330822856434),
            (21, 7.555555555604192, 13.128282186133371, 1.3358710982901549, 0.0161401765339853, true, false, 1.2279455821689602),
            (22, 8.3333333333496427, 14.084424795564439, 1.5069603263295601, 0.0084376259713080191, true, false, 1.2000023738920285),
            (23, 9.2222222222269092, 15.057569239575807, 1.5042426357294842, 0.0084159896199008447, true, false, 1.1325312619461128),
            (24, 10.22222222222446, 16.228031903206137, 1.461547775243649, 0.0098370894670979977, true, false, 1.0951094194182232),
        ]),
]

/// Compares one evaluation with one R row.
func checkFarrington(_ r: FarringtonResult, _ row: FarringtonRow, counts: [Double], label: Comment) throws {
    let score = try #require(r.score, label)
    let probability = try #require(r.probability, label)
    let expected = try #require(r.expected, label)
    let upper = try #require(r.upperThreshold, label)
    expectClose(score, row.score, relative: 1e-6, absolute: 1e-9, label)
    expectClose(probability, row.pValue, relative: 1e-6, label)
    #expect(r.alarm == row.alarm, label)
    #expect(r.trendUsed == row.trend, label)
    expectClose(try #require(r.dispersion, label), row.phi, relative: 1e-6, label)
    if let e = row.expected, let u = row.upper {
        expectClose(expected, e, relative: 1e-6, label)
        expectClose(upper, u, relative: 1e-6, label)
        #expect(r.issue == nil, label)
    } else {
        // R blanks expected and threshold when the 5-in-4 rule fails; we keep them and give the reason.
        let recent = Int(counts[(row.k - 4)..<row.k].reduce(0, +))
        #expect(r.issue == .tooFewRecentEvents(minimum: 5, periods: 4, observed: recent), label)
        #expect(r.reason == "te weinig meldingen in de laatste 4 perioden (\(recent), minimaal 5 nodig)", label)
    }
}

@Suite("Farrington flexible")
struct FarringtonTests {
    @Test(
        "default (documented dispersion) matches farringtonFlexible without the weights overwrite",
        arguments: farringtonScenarios)
    func documented(scenario: FarringtonScenario) throws {
        var configuration = FarringtonConfiguration()
        configuration.reweight = scenario.reweight
        for row in scenario.documented {
            let r = Farrington.evaluate(
                counts: scenario.counts, exposures: scenario.population, at: row.k - 1,
                configuration: configuration)
            try checkFarrington(r, row, counts: scenario.counts, label: "\(scenario.name), k = \(row.k)")
        }
    }

    @Test("surveillanceDispersionQuirk reproduces farringtonFlexible as shipped", arguments: farringtonScenarios)
    func surveillance(scenario: FarringtonScenario) throws {
        var configuration = FarringtonConfiguration()
        configuration.reweight = scenario.reweight
        configuration.surveillanceDispersionQuirk = true
        for row in scenario.surveillance {
            let r = Farrington.evaluate(
                counts: scenario.counts, exposures: scenario.population, at: row.k - 1,
                configuration: configuration)
            try checkFarrington(r, row, counts: scenario.counts, label: "\(scenario.name), k = \(row.k)")
        }
    }
}

@Suite("Farrington: missing data and bad input")
struct FarringtonInputTests {
    static let s1: [Double] = [4, 6, 3, 5, 7, 4, 6, 5, 3, 8, 5, 6, 6, 4, 9, 5, 7, 5, 6, 8, 4, 6, 7, 16]

    @Test("a missing baseline count is dropped as R drops NA (R: S1 with NA at period 12, k = 24)")
    func missingBaselineCount() throws {
        var counts = Self.s1
        counts[11] = .nan
        let r = Farrington.evaluateLatest(counts: counts)
        expectClose(try #require(r.expected), 6.2500000000000258, relative: 1e-6)
        expectClose(try #require(r.upperThreshold), 10.920383080011847, relative: 1e-6)
        expectClose(try #require(r.score), 2.0876231848577391, relative: 1e-6)
        expectClose(try #require(r.probability), 0.00073573864518902492, relative: 1e-6)
        #expect(r.alarm)
        #expect(r.baselineSize == 8)
    }

    @Test("evaluateLatest equals evaluate at the last index; baseline size b(2w+1)")
    func latest() {
        let latest = Farrington.evaluateLatest(counts: Self.s1)
        #expect(latest == Farrington.evaluate(counts: Self.s1, at: 23))
        #expect(latest.baselineSize == 9)
        #expect(latest.alarm)
        #expect(latest.reason == nil)
    }

    @Test("too short, all zero, NaN, missing enrolment, bad settings: no alarm and a Dutch reason")
    func badInput() {
        let short = Farrington.evaluateLatest(counts: Array(Self.s1.prefix(13)))
        #expect(short.issue == .seriesTooShort(needed: 14, available: 13))
        #expect(short.reason == "te weinig gegevens: reeks te kort (13 van de 14 perioden nodig)")
        #expect(!short.alarm && short.expected == nil)

        let zeros = Farrington.evaluateLatest(counts: [Double](repeating: 0, count: 24))
        #expect(zeros.issue == .allZeroBaseline && !zeros.alarm)
        var zeroBaseline = [Double](repeating: 0, count: 24)
        zeroBaseline[22] = 3
        zeroBaseline[23] = 6
        #expect(Farrington.evaluateLatest(counts: zeroBaseline).issue == .allZeroBaseline)

        var nanCurrent = Self.s1
        nanCurrent[23] = .nan
        let nan = Farrington.evaluateLatest(counts: nanCurrent)
        #expect(nan.issue == .invalidCount && !nan.alarm)
        #expect(nan.reason == "te weinig gegevens: ongeldig aantal")

        var population = [Double](repeating: 5000, count: 24)
        population[15] = 0
        let missing = Farrington.evaluateLatest(counts: Self.s1, exposures: population)
        #expect(missing.issue == .missingEnrolment && missing.reason == "leerlingaantal ontbreekt")
        #expect(Farrington.evaluateLatest(counts: Self.s1, exposures: [5000]).issue == .missingEnrolment)

        #expect(Farrington.evaluateLatest(counts: []).issue == .insufficientData)
        #expect(Farrington.evaluate(counts: Self.s1, at: 30).issue == .insufficientData)
        var wide = FarringtonConfiguration()
        wide.windowHalfWidth = 2
        #expect(Farrington.evaluateLatest(counts: Self.s1, configuration: wide).issue == .invalidParameter)
        var negative = Self.s1
        negative[15] = -1
        #expect(Farrington.evaluateLatest(counts: negative).issue == .invalidCount)
    }

    @Test("monthly data: freq 12 with R's weekly-style window w = 3 runs and alarms on a spike")
    func monthly() throws {
        var counts: [Double] = []
        var rng = SplitMix64(seed: 42)
        for _ in 0..<48 { counts.append(Double(rng.poisson(mean: 6))) }
        counts.append(25)
        let c = FarringtonConfiguration(periodsPerYear: 12, yearsBack: 3, windowHalfWidth: 3)
        let r = Farrington.evaluateLatest(counts: counts, configuration: c)
        #expect(r.baselineSize == 21)
        #expect(r.alarm)
        let expected = try #require(r.expected)
        #expect(expected > 3 && expected < 10)
    }
}
