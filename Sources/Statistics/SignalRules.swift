// The rules that turn statistics into signals: q-value thresholds for the wording levels, the
// minimum number of events, and the incomplete-deliveries rule.
//
// Thresholds: q < 0.05 is a clear change ("duidelijke stijging/daling"), q < 0.20 a possible one
// ("mogelijke stijging/daling"), otherwise no clear change; q is the Benjamini–Hochberg adjusted
// p-value over all cells of a pack (Benjamini and Hochberg 1995). No signal is given on fewer
// than 5 events (x1 + x2 for a comparison, the sum over the years for a trend; for aberrations
// Farrington's own 5-in-4 rule applies), and no decrease when deliveries are incomplete.

/// Signal rules and their constants.
public enum SignalRules: Sendable {
    /// q below this is a clear change ("duidelijke").
    public static let clearQ = 0.05
    /// q below this (and not below `clearQ`) is a possible change ("mogelijke").
    public static let possibleQ = 0.20
    /// Minimum number of events for a comparison or trend signal.
    public static let minimumEvents = 5

    /// The wording level for a q-value.
    public static func strength(q: Double) -> SignalStrength {
        guard !q.isNaN else { return .geen }
        if q < clearQ { return .duidelijk }
        if q < possibleQ { return .mogelijk }
        return .geen
    }

    /// Direction and strength for an estimate (ratio or factor; 1 = no change) and its q-value,
    /// with the incomplete-deliveries rule: a decrease is suppressed when deliveries are incomplete.
    static func classify(
        estimate: Double, nullValue: Double = 1, q: Double, incompleteDeliveries: Bool
    ) -> (direction: SignalDirection, strength: SignalStrength, issue: SignalIssue?) {
        let strength = strength(q: q)
        guard strength != .geen, !estimate.isNaN, estimate != nullValue else { return (.geen, .geen, nil) }
        if estimate > nullValue { return (.stijging, strength, nil) }
        if incompleteDeliveries { return (.geen, .geen, .incompleteDeliveries) }
        return (.daling, strength, nil)
    }
}
