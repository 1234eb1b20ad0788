// Primary suppression: the sensitive counts themselves.

/// Primary suppression: a count is hidden when it is sensitive under the rule and not the
/// audience's own. Secondary suppression (``Suppressor``) builds on this.
public enum PrimarySuppression {
    /// Whether the count of a cell is hidden by the rule itself.
    public static func hides(_ count: Int, own: Bool, rule: SuppressionRule) -> Bool {
        !own && rule.isSensitive(count)
    }

    /// Why a cell is hidden by the rule itself, with its contributors when known (schools as
    /// contributors, issue 17); nil when it may be published. An own cell is never hidden.
    public static func reason(_ count: Int, own: Bool, contribution: CellContribution?, rule: SuppressionRule) -> PrimaryReason? {
        own ? nil : rule.primaryReason(count, contribution: contribution)
    }

    /// The tables with only the sensitive counts replaced by the marker. Publishing this is not
    /// safe (hidden cells may be recomputed from totals); it exists to compare with and to test the
    /// audit. "Own" is taken per row here.
    public static func render(_ tables: [PublishedTable], rule: SuppressionRule) -> [RenderedTable] {
        tables.map { table in
            RenderedTable(
                name: table.name, dimensions: table.dimensions, rows: table.rows,
                values: table.counts.indices.map { row in
                    reason(table.counts[row], own: table.isOwn(row), contribution: table.contribution(row), rule: rule) != nil
                        ? rule.marker : String(table.counts[row])
                },
                own: table.own)
        }
    }
}
