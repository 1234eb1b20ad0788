import Domain

/// The one cumulative publication on PostgreSQL: as `SchoolveiligDatabase`'s, sorted by byte
/// order (`COLLATE "C"`) so that both stores hand the audit the same list.
extension PostgresStore: PublishedCells {
    public func publishedCells() throws -> [PublishedCellRecord] {
        try session.rows("SELECT cell, value, edition, threshold FROM published_cell ORDER BY cell").map { row in
            PublishedCellRecord(cell: row.string(0), value: row.optionalInt(1), edition: row.string(2), threshold: row.int(3))
        }
    }

    public func addPublishedCells(_ cells: [PublishedCellRecord]) throws {
        try session.transaction {
            for cell in cells {
                try session.execute(
                    "INSERT INTO published_cell(cell, value, edition, threshold) VALUES (?, ?, ?, ?) ON CONFLICT (md5(cell)) DO NOTHING",
                    [cell.cell, cell.value, cell.edition, cell.threshold])
            }
        }
    }
}
