// False discovery rate control over all cells a pack tests.
//
// Method: Y. Benjamini and Y. Hochberg (1995), "Controlling the false discovery rate",
// J. R. Stat. Soc. B 57, 289–300; q-values (adjusted p-values) exactly as R's
// `p.adjust(p, method = "BH")`: with the m p-values sorted decreasingly, q_(i) = min over j ≥ i of
// m/j · p_(j), capped at 1. The q-values are monotone in p. Missing p-values (NaN) stay NaN and
// are not counted in m, as R does with NA.

/// Benjamini–Hochberg adjusted p-values.
public enum BenjaminiHochberg: Sendable {
    /// The q-values for `pValues`, in the same order.
    public static func qValues(_ pValues: [Double]) -> [Double] {
        let present = pValues.indices.filter { !pValues[$0].isNaN }
        let m = present.count
        var result = [Double](repeating: .nan, count: pValues.count)
        guard m > 0 else { return result }
        // Decreasing p; ties keep their original order (a stable sort).
        let order = present.enumerated()
            .sorted { lhs, rhs in
                let (pl, pr) = (pValues[lhs.element], pValues[rhs.element])
                return pl != pr ? pl > pr : lhs.offset < rhs.offset
            }
            .map(\.element)
        var running = Double.infinity
        for (position, index) in order.enumerated() {
            let rank = m - position  // m, m−1, …, 1
            running = min(running, Double(m) / Double(rank) * pValues[index])
            result[index] = min(1, running)
        }
        return result
    }
}
