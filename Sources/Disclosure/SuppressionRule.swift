// The primary suppression rule of one audience and the sentence that explains it in the pack.

/// Which counts are too small to publish, and what is written in their place.
///
/// A count `v` of a cell that is not the audience's own is *sensitive* when
/// `1 ≤ v ≤ threshold − 1`, or `v == 0` when `zerosDisclosive` is set. Sensitive cells are
/// replaced by `marker` (primary suppression); further cells are hidden so that no sensitive
/// cell can be derived from what is published (secondary suppression).
///
/// Protection criterion (checked by ``DisclosureAudit``): for every hidden cell, the range of
/// values that is consistent with everything published to the audience (this pack and earlier
/// editions in the ``ReleaseRegister``), with all hidden counts non-negative, must not lie
/// entirely inside the sensitive range. With the default rule: from the published figures nobody
/// can conclude that a hidden cell holds 1 to 4 incidents, because 0 or a value of 5 or more
/// stays possible. See ``ProtectionCriterion``.
public struct SuppressionRule: Sendable, Equatable, Hashable {
    /// Counts below this value are hidden (k). At least 2.
    public var threshold: Int
    /// Whether a count of zero is disclosive as well (then 0 is hidden like 1…k−1).
    public var zerosDisclosive: Bool
    /// What is written instead of a hidden count, e.g. `<5` or CBS's `x`.
    public var marker: String
    /// A shared cell about fewer schools than this is not published (issue 17). Applies only to
    /// cells whose ``CellContribution`` is known.
    public var minSchools: Int
    /// A cell hidden for having fewer than ``minSchools`` schools must stay unresolvable to
    /// within ±p % of its count: its feasible interval reaches `v·(1 − p/100)` and `v·(1 + p/100)`.
    public var protectionPercent: Int

    /// The default of ``protectionPercent``.
    public static let defaultProtectionPercent = 10

    /// - Parameter marker: defaults to `<k`, e.g. `<5`.
    public init(
        threshold: Int = 5, zerosDisclosive: Bool = false, marker: String? = nil, minSchools: Int = 3,
        protectionPercent: Int = SuppressionRule.defaultProtectionPercent
    ) {
        self.threshold = threshold
        self.zerosDisclosive = zerosDisclosive
        self.marker = marker ?? "<\(threshold)"
        self.minSchools = minSchools
        self.protectionPercent = protectionPercent
    }

    /// The default rule of the covenant: counts 1 to 4 hidden, written as `<5`.
    public static let standard = SuppressionRule()

    /// Statistics Netherlands' convention: the same threshold, written as `x`.
    public static let cbs = SuppressionRule(threshold: 5, marker: "x")

    /// The smallest sensitive count: 0 when zeros are disclosive, else 1.
    public var smallestSensitive: Int { zerosDisclosive ? 0 : 1 }

    /// Whether a count is sensitive under this rule (before taking "own" cells into account).
    public func isSensitive(_ count: Int) -> Bool {
        count >= smallestSensitive && count < threshold
    }

    /// Why a shared cell is hidden by the rule itself, nil when it may be published. With its
    /// contributors known: also when it is about fewer than ``minSchools`` schools, or when the
    /// count minus one contributor's part is 1 to k−1 (what that contributor would learn of the
    /// others). The schools' parts split the cell, so among them the largest part gives the
    /// smallest remainder (0: one school holds the whole cell, not a small count of another);
    /// the police's part overlaps the schools', so every part is tried.
    public func primaryReason(_ count: Int, contribution: CellContribution?) -> PrimaryReason? {
        if isSensitive(count) { return .smallCount }
        guard let contribution else { return nil }
        if contribution.population < minSchools { return .fewSchools }
        if contribution.parts.values.contains(where: { isSensitive(count - $0) && count - $0 > 0 }) { return .smallRemainder }
        return nil
    }

    /// The explanation for the pack's Toelichting, in Dutch.
    public var toelichting: String {
        "\(hiddenSentence) \(criterionSentence)"
    }

    /// First sentence: which counts were replaced, and that other cells were hidden with them.
    public var hiddenSentence: String {
        let range = rangeDescription
        return "\(range.capitalizedFirst) \(range.plural ? "zijn" : "is") vervangen door \(marker); om te voorkomen dat ze "
            + "uit totalen of andere tabellen terug te rekenen zijn, zijn ook enkele andere cellen verborgen "
            + "(secundaire onderdrukking)."
    }

    /// Second sentence: the protection criterion that was checked.
    public var criterionSentence: String {
        let upper = threshold - 1
        if zerosDisclosive {
            return "Uit de gepubliceerde cijfers, ook samen met eerdere versies voor dezelfde ontvangers, is van geen "
                + "enkele verborgen cel af te leiden dat het om \(upper) of minder gevallen gaat: steeds blijft ook "
                + "\(threshold) of meer mogelijk."
        }
        let small = upper == 1 ? "1 geval" : "1 tot en met \(upper) gevallen"
        return "Uit de gepubliceerde cijfers, ook samen met eerdere versies voor dezelfde ontvangers, is van geen "
            + "enkele verborgen cel af te leiden dat het om \(small) gaat: steeds blijft ook 0 of \(threshold) of meer "
            + "mogelijk."
    }

    private var rangeDescription: (text: String, plural: Bool, capitalizedFirst: String) {
        let low = smallestSensitive
        let high = threshold - 1
        let text = low == high ? "het aantal \(low)" : "aantallen van \(low) tot en met \(high)"
        return (text, low != high, text.prefix(1).uppercased() + text.dropFirst())
    }
}
