// Differences between editions are cells too (SPEC §5, issue 17).

/// What the previous edition of a pack held for one cell: its true count and each
/// contributor's part of it. A reader who holds both editions knows the old published value, so
/// the change d = new − old is itself a cell under every rule.
public struct CellRevision: Sendable, Equatable {
    public let old: Int
    /// Each contributor's (school's) part of the old count; absent parts are 0.
    public let oldParts: [String: Int]
    /// Whether the previous edition showed the cell (a hidden old value pins no change).
    public let oldShown: Bool

    public init(old: Int, oldParts: [String: Int], oldShown: Bool) {
        self.old = old
        self.oldParts = oldParts
        self.oldShown = oldShown
    }

    /// Each contributor's part of the change: new part − old part, only where it is not 0.
    public func changeParts(new: CellContribution?) -> [String: Int] {
        var parts: [String: Int] = [:]
        for school in Set(oldParts.keys).union(new?.parts.keys ?? [:].keys) {
            let change = (new?.parts[school] ?? 0) - (oldParts[school] ?? 0)
            if change != 0 { parts[school] = change }
        }
        return parts
    }
}

/// The revision rule: when a change between two editions is sensitive, and how the new
/// edition's hidden cells keep every sensitive change from being recomputed.
public enum RevisionRule {
    /// A change `difference` (new − old), made up of the contributors' `parts`, is sensitive when
    /// it is not 0 and
    /// - |d| is 1 to k − 1 (the threshold on the change);
    /// - or d minus any one contributor's part of it is 1 to k − 1 in size (that contributor,
    ///   knowing its own change, would learn a small change of the others: the insider rule);
    /// - or fewer than `min_schools` contributors' data changed in the cell.
    public static func isSensitive(difference: Int, parts: [String: Int], rule: SuppressionRule) -> Bool {
        guard difference != 0 else { return false }
        let small = 1..<max(rule.threshold, 1)
        if small.contains(abs(difference)) { return true }
        if parts.values.contains(where: { small.contains(abs(difference - $0)) }) { return true }
        return parts.values.filter { $0 != 0 }.count < rule.minSchools
    }

    /// Hides, in the new edition, every cell whose change from a shown old value is sensitive,
    /// then enough further cells that no such change can be narrowed into 1..k−1 (in size) from
    /// the new edition's published values and the old edition's: the change d satisfies the same
    /// equations as the counts (both editions' totals add up), so the secondary suppression runs
    /// on the table of changes. A cell published in the new edition counts as a known change
    /// (whether or not its old value was shown): the reader may know more, never less.
    ///
    /// When the changes all have one sign (a late delivery: d ≥ 0; a correction that only
    /// removes: d ≤ 0) the reader is assumed to know it, as a stated reason tells, and the
    /// secondary suppression runs on the table of changes. With changes of both signs (a
    /// recategorisation), or where the old count of a cell is not known, the changes are protected
    /// as the reader sees them (``MixedChanges``): no sign is assumed, only that counts are never
    /// negative in either edition.
    static func protect(
        system: LinearSystem, counts: [Int], contributions: [CellContribution?], revisions: [CellRevision?],
        fixed: [Bool], hidden start: [Bool], rule: SuppressionRule, describe: (Int) -> (table: String, cell: String)
    ) throws -> (hidden: [Bool], revised: Int) {
        let count = counts.count
        var sensitive = Array(repeating: false, count: count)
        for v in 0..<count {
            guard let revision = revisions[v], revision.oldShown, !fixed[v] else { continue }
            let difference = counts[v] - revision.old
            if isSensitive(difference: difference, parts: revision.changeParts(new: contributions[v]), rule: rule) {
                sensitive[v] = true
            }
        }
        var hidden = (0..<count).map { start[$0] || sensitive[$0] }
        let revised = (0..<count).filter { sensitive[$0] && !start[$0] }.count
        guard sensitive.contains(true) else { return (hidden, 0) }
        let mixed = MixedChanges(system: system, counts: counts, revisions: revisions, fixed: fixed, threshold: rule.threshold)
        // The table of changes needs every cell's old count.
        guard revisions.allSatisfy({ $0 != nil }) else {
            return (try mixed.protect(hidden: hidden, sensitive: sensitive, describe: describe), revised)
        }
        let differences = (0..<count).map { counts[$0] - revisions[$0]!.old }
        let sign: Int
        if differences.allSatisfy({ $0 >= 0 }) {
            sign = 1
        } else if differences.allSatisfy({ $0 <= 0 }) {
            sign = -1
        } else {
            return (try mixed.protect(hidden: hidden, sensitive: sensitive, describe: describe), revised)
        }
        let changeRule = SuppressionRule(
            threshold: rule.threshold, zerosDisclosive: false, marker: rule.marker, minSchools: rule.minSchools,
            protectionPercent: rule.protectionPercent)
        let secondary = SecondarySuppression(
            system: system, truth: differences.map { $0 * sign }, criterion: ProtectionCriterion(rule: changeRule),
            fixed: fixed, needsProtection: sensitive)
        hidden = try secondary.run(hidden: hidden, describe: describe)
        return (hidden, revised)
    }
}
