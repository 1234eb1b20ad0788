// Evaluation of a pack: every cell tested, one Benjamini–Hochberg adjustment over all of them,
// then the signal rules.
//
// Period comparisons use the exact conditional rate-ratio test (`RateRatioTest`, two-sided) and
// trends the Poisson / quasi-Poisson trend (`YearlyTrend`); the q-values come from one
// Benjamini–Hochberg adjustment over the p-values of all comparisons and trends of the pack that
// were tested (`BenjaminiHochberg`, as R's p.adjust(method = "BH")). Cells that are not tested
// (fewer than `SignalRules.minimumEvents` events, bad input) are left out of the adjustment:
// whether a cell is tested does not depend on its outcome. Aberrations (`Farrington`) are judged
// by their own prediction threshold and are not part of the adjustment.
//
// A cell whose counts are not all published (`unpublished`, disclosure control) is never
// tested: no statistic, p, q, direction or verdict, and its p-value is not in the adjustment,
// so nothing about it reaches the q-values of the published cells either (issue 16). Its
// signal says "geen signaal berekend" and carries no counts.

/// Evaluates a pack of cells into signals.
public enum SignalPack: Sendable {
    /// One signal per input, in the order comparisons, trends, aberrations.
    public static func evaluate(
        comparisons: [PeriodComparisonInput], trends: [TrendInput] = [], aberrations: [AberrationInput] = []
    ) -> [Signal] {
        var signals: [Signal] = []
        // Per comparison/trend signal: its p-value when tested, for the joint adjustment.
        var tested: [(index: Int, p: Double, estimate: Double, incomplete: Bool)] = []

        for input in comparisons {
            let detail = SignalDetail.periodComparison(
                currentLabel: input.currentLabel, currentCount: input.currentCount,
                previousLabel: input.previousLabel, previousCount: input.previousCount)
            var signal = Signal(
                cell: input.cell, measure: input.measure, method: .periodComparison, statistic: nil,
                interval: nil, pValue: nil, qValue: nil, direction: .geen, strength: .geen, issue: nil,
                detail: detail)
            let total = input.currentCount.addingReportingOverflow(input.previousCount)
            if input.unpublished {
                signal.issue = .unpublished
            } else if input.currentCount < 0 || input.previousCount < 0 || total.overflow {
                signal.issue = .statistics(.invalidCount)
            } else if !(input.currentEnrolment.isFinite && input.currentEnrolment > 0
                && input.previousEnrolment.isFinite && input.previousEnrolment > 0)
            {
                signal.issue = .statistics(.missingEnrolment)
            } else if total.partialValue < SignalRules.minimumEvents {
                signal.issue = .statistics(.tooFewEvents(minimum: SignalRules.minimumEvents, observed: total.partialValue))
            } else {
                switch RateRatioTest.test(
                    count1: input.currentCount, exposure1: input.currentEnrolment,
                    count2: input.previousCount, exposure2: input.previousEnrolment)
                {
                case .success(let result):
                    signal.statistic = result.rateRatio
                    signal.interval = result.interval
                    signal.pValue = result.pValue
                    tested.append((signals.count, result.pValue, result.rateRatio, input.incompleteDeliveries))
                case .failure(let issue):
                    signal.issue = .statistics(issue)
                }
            }
            signals.append(signal)
        }

        for input in trends {
            var signal = Signal(
                cell: input.cell, measure: input.measure, method: .trend, statistic: nil, interval: nil,
                pValue: nil, qValue: nil, direction: .geen, strength: .geen, issue: nil,
                detail: .trend(firstLabel: input.firstLabel, lastLabel: input.lastLabel, years: input.counts.count))
            if input.unpublished {
                signal.issue = .unpublished
                signals.append(signal)
                continue
            }
            switch YearlyTrend.estimate(counts: input.counts, enrolments: input.enrolments) {
            case .success(let trend):
                let total = input.counts.reduce(0, +)
                if total < Double(SignalRules.minimumEvents) {
                    signal.issue = .statistics(.tooFewEvents(minimum: SignalRules.minimumEvents, observed: Int(total)))
                } else {
                    signal.statistic = trend.changeFactor
                    signal.interval = trend.interval
                    signal.pValue = trend.pValue
                    tested.append((signals.count, trend.pValue, trend.changeFactor, input.incompleteDeliveries))
                }
            case .failure(let issue):
                signal.issue = .statistics(issue)
            }
            signals.append(signal)
        }

        let qValues = BenjaminiHochberg.qValues(tested.map(\.p))
        for (entry, q) in zip(tested, qValues) {
            let rule = SignalRules.classify(estimate: entry.estimate, q: q, incompleteDeliveries: entry.incomplete)
            signals[entry.index].qValue = q
            signals[entry.index].direction = rule.direction
            signals[entry.index].strength = rule.strength
            signals[entry.index].issue = rule.issue
        }

        for input in aberrations {
            if input.unpublished {
                signals.append(
                    Signal(
                        cell: input.cell, measure: input.measure, method: .aberration, statistic: nil, interval: nil,
                        pValue: nil, qValue: nil, direction: .geen, strength: .geen, issue: .unpublished,
                        // The current count as the caller has it (NaN when it is hidden too): never tested.
                        detail: .aberration(
                            currentLabel: input.currentLabel, observed: input.counts.last ?? .nan, expected: nil, upperThreshold: nil)))
                continue
            }
            let result = Farrington.evaluateLatest(
                counts: input.counts, exposures: input.exposures, configuration: input.configuration)
            let observed = input.counts.last ?? .nan
            signals.append(
                Signal(
                    cell: input.cell, measure: input.measure, method: .aberration, statistic: result.score,
                    interval: nil, pValue: result.probability, qValue: nil,
                    direction: result.alarm ? .stijging : .geen, strength: result.alarm ? .duidelijk : .geen,
                    issue: result.issue.map { .statistics($0) },
                    detail: .aberration(
                        currentLabel: input.currentLabel, observed: observed,
                        expected: result.expected, upperThreshold: result.upperThreshold)))
        }
        return signals
    }
}
