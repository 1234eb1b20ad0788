import Domain

extension Counts {
    /// The counts as a long-form table: the dimensions, then the measure.
    public var table: LongTable {
        LongTable(
            dimensions: columnNames, measures: [measure],
            rows: rows.map { LongTable.Row(keys: $0.values, values: [.integer($0.aantal)]) })
    }

    /// CSV (SPEC §3), an aligned table with a `Totaal` line, or JSON.
    public func render(_ format: TableFormat) -> String { table.render(format) }
}
