// A trend signal as data: which cell, which measure, the statistic, p, q and the direction.
//
// One `Signal` per tested (or untestable) cell of a pack; `SignalSentence` turns it into one
// plain Dutch sentence. Direction words are Dutch because they are shown to readers
// ("stijging", "daling", "geen").

/// Identifies a cell of a pack: machine keys plus the reader-facing Dutch label.
public struct CellIdentifier: Sendable, Hashable {
    /// Identifier strings, e.g. ["categorie=wapens", "stadsdeel=buiten"].
    public var keys: [String]
    /// The Dutch name used in the sentence, e.g. "Wapens in stadsdeel Buiten".
    public var label: String

    public init(keys: [String], label: String) {
        self.keys = keys
        self.label = label
    }
}

/// The direction of a signal.
public enum SignalDirection: String, Sendable, Hashable, CaseIterable {
    case stijging
    case daling
    /// No signal: not significant, not testable, or a decrease that may not be reported.
    case geen
}

/// How strong the evidence is (the wording level of the sentence).
public enum SignalStrength: String, Sendable, Hashable, CaseIterable {
    /// q < `SignalRules.clearQ`: "duidelijke stijging/daling".
    case duidelijk
    /// q < `SignalRules.possibleQ`: "mogelijke stijging/daling".
    case mogelijk
    case geen
}

/// Which method produced the signal.
public enum SignalMethod: String, Sendable, Hashable, CaseIterable {
    /// This period against the same period a year earlier (exact conditional rate-ratio test).
    case periodComparison
    /// Multi-year Poisson / quasi-Poisson trend.
    case trend
    /// Farrington-type aberration of the latest period.
    case aberration
}

/// The numbers a sentence needs besides the statistic.
public enum SignalDetail: Sendable, Equatable {
    case periodComparison(currentLabel: String, currentCount: Int, previousLabel: String, previousCount: Int)
    case trend(firstLabel: String, lastLabel: String, years: Int)
    case aberration(currentLabel: String, observed: Double, expected: Double?, upperThreshold: Double?)
}

/// One signal of a pack.
public struct Signal: Sendable, Equatable {
    public var cell: CellIdentifier
    /// What is counted, e.g. "incidenten" (free text from the caller).
    public var measure: String
    public var method: SignalMethod
    /// Rate ratio (period comparison), yearly change factor (trend) or Farrington score (aberration).
    public var statistic: Double?
    /// Exact interval of the rate ratio, Wald interval of the change factor; nil for aberrations.
    public var interval: ConfidenceInterval?
    /// Two-sided p-value (comparison, trend) or the Farrington upper-tail probability.
    public var pValue: Double?
    /// Benjamini–Hochberg q-value over all tested cells of the pack; nil when not tested and for
    /// aberrations (which have their own threshold rule).
    public var qValue: Double?
    public var direction: SignalDirection
    /// The wording level from q (comparison, trend); for aberrations `.duidelijk` when Farrington
    /// alarms and `.geen` otherwise.
    public var strength: SignalStrength
    /// Why there is no signal, when a rule or the data prevented one.
    public var issue: SignalIssue?
    public var detail: SignalDetail

    /// The Dutch reason, when there is one.
    public var reason: String? { issue?.text }
}

/// Why a signal is absent.
public enum SignalIssue: Sendable, Equatable, Hashable {
    /// The statistic could not be computed or the minimum-events rule applies.
    case statistics(StatisticsIssue)
    /// A decrease was found but the cell has incomplete deliveries, so it is not reported.
    case incompleteDeliveries
    /// A count the signal needs is not published: nothing is computed from it (issue 16).
    case unpublished

    /// The reason in Dutch.
    public var text: String {
        switch self {
        case .statistics(let issue): return issue.text
        case .incompleteDeliveries: return "aanleveringen onvolledig, een daling wordt niet gemeld"
        case .unpublished: return SignalSentence.notComputed
        }
    }
}
