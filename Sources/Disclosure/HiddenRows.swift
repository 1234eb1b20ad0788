// The derived-value rule: every number derived from a hidden count is hidden with it.

extension RenderedTable {
    /// Whether the count of a row is hidden (written as the marker). Rates, intervals and other
    /// numbers a caller derives from that row's count must be blanked as well.
    public func isHidden(row: Int, rule: SuppressionRule) -> Bool {
        values[row] == rule.marker
    }

    /// The indices of the rows whose count is hidden, ascending.
    public func hiddenRows(rule: SuppressionRule) -> [Int] {
        values.indices.filter { values[$0] == rule.marker }
    }

    /// The dimension values of every hidden row, for callers that join
    /// derived tables (rates per wijk, …) on the dimension values rather than on row order.
    public func hiddenCoordinates(rule: SuppressionRule) -> Set<[String]> {
        Set(hiddenRows(rule: rule).map { rows[$0] })
    }
}
