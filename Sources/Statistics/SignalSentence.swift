// One plain Dutch sentence per signal.
//
// Examples (period comparison, trend, aberration):
//   "Wapens in stadsdeel Buiten: 14 in 2025-Q3 tegen 5 in 2024-Q3 (×2,8; 95%-BI 1,0–9,9): mogelijke stijging"
//   "Pesten in Almere Haven: gemiddeld +14% per jaar over 2017–2024 (95%-BI +6% tot +22%): duidelijke stijging"
//   "Vernieling in stadsdeel Poort: 16 in 2025-Q3, verwacht 6,2 (bovengrens 10,9): ongewoon hoog"
// Wording: "duidelijke stijging/daling" when q < 0,05, "mogelijke stijging/daling" when q < 0,20
// (`SignalRules`), otherwise "geen duidelijke verandering"; without a test result
// "geen uitspraak mogelijk, <reden>". Hidden counts (disclosure control) are shown as the
// caller's marker (`x`), and a sentence with a hidden count says nothing else about it: no
// ratio, interval, change factor, expected value or threshold, no direction, no verdict and no
// reason such as "te weinig meldingen" (which would tell that the hidden counts are small):
// only "geen signaal berekend" (issue 16). `SignalPack` does not test such a cell at all.

/// Markers for counts that must not be shown.
public struct HiddenCounts: Sendable, Equatable, Hashable {
    /// Marker for the current period's count (e.g. "x"); nil to show the number.
    public var current: String?
    /// Marker for the comparison count: the previous period, or the baseline / yearly counts.
    public var previous: String?

    public init(current: String? = nil, previous: String? = nil) {
        self.current = current
        self.previous = previous
    }

    /// Nothing hidden.
    public static let none = HiddenCounts()

    /// Whether any count is hidden.
    public var any: Bool { current != nil || previous != nil }
}

/// Renders signals as Dutch sentences.
public enum SignalSentence: Sendable {
    /// The conclusion of a signal on a cell with a hidden count: no verdict, no direction.
    public static let notComputed = "geen signaal berekend"

    /// The sentence for `signal`; numbers derived from hidden counts are omitted.
    public static func sentence(for signal: Signal, hidden: HiddenCounts = .none) -> String {
        let label = signal.cell.label
        switch signal.detail {
        case .periodComparison(let currentLabel, let currentCount, let previousLabel, let previousCount):
            let current = hidden.current ?? DutchNumberFormat.integer(currentCount)
            let previous = hidden.previous ?? DutchNumberFormat.integer(previousCount)
            var text = "\(label): \(current) in \(currentLabel) tegen \(previous) in \(previousLabel)"
            if !hidden.any, let ratio = signal.statistic, let interval = signal.interval {
                text += " (" + ratioPart(ratio, interval) + ")"
            }
            return text + ": " + conclusion(signal, hidden: hidden)
        case .trend(let firstLabel, let lastLabel, _):
            if hidden.any || signal.statistic == nil {
                return "\(label): trend over \(firstLabel)–\(lastLabel): " + conclusion(signal, hidden: hidden)
            }
            var text =
                "\(label): gemiddeld \(DutchNumberFormat.percentChange(signal.statistic ?? .nan)) per jaar over \(firstLabel)–\(lastLabel)"
            if let interval = signal.interval {
                text +=
                    " (\(DutchNumberFormat.level(interval.level))%-BI \(DutchNumberFormat.percentChange(interval.lower)) tot \(DutchNumberFormat.percentChange(interval.upper)))"
            }
            return text + ": " + conclusion(signal, hidden: hidden)
        case .aberration(let currentLabel, let observed, let expected, let upper):
            let count = hidden.current ?? (observed.isFinite ? DutchNumberFormat.decimal(observed, fractionDigits: 0) : "onbekend")
            var text = "\(label): \(count) in \(currentLabel)"
            if !hidden.any, let expected, let upper {
                text +=
                    ", verwacht \(DutchNumberFormat.decimal(expected, fractionDigits: 1)) (bovengrens \(DutchNumberFormat.decimal(upper, fractionDigits: 1)))"
            }
            return text + ": " + conclusion(signal, hidden: hidden)
        }
    }

    /// "×2,8; 95%-BI 1,0–8,0", or only the interval when the ratio is infinite.
    private static func ratioPart(_ ratio: Double, _ interval: ConfidenceInterval) -> String {
        let bounds =
            "\(DutchNumberFormat.level(interval.level))%-BI \(DutchNumberFormat.ratio(interval.lower))–\(DutchNumberFormat.ratio(interval.upper))"
        return ratio.isFinite ? "×\(DutchNumberFormat.ratio(ratio)); " + bounds : bounds
    }

    /// The wording at the end of the sentence.
    static func conclusion(_ signal: Signal, hidden: HiddenCounts) -> String {
        if hidden.any || signal.issue == .unpublished { return notComputed }
        if let issue = signal.issue, signal.method == .aberration || signal.direction == .geen {
            return "geen uitspraak mogelijk, " + issue.text
        }
        if signal.method == .aberration {
            return signal.direction == .stijging ? "ongewoon hoog" : "binnen de verwachting"
        }
        switch (signal.strength, signal.direction) {
        case (.duidelijk, .stijging): return "duidelijke stijging"
        case (.duidelijk, .daling): return "duidelijke daling"
        case (.mogelijk, .stijging): return "mogelijke stijging"
        case (.mogelijk, .daling): return "mogelijke daling"
        default: return "geen duidelijke verandering"
        }
    }
}
