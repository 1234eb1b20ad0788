import Domain
import GRDB

/// One cell of the cumulative publication (SPEC §5): every count any pack has shown or hidden,
/// to any audience, in any edition. `cell` is the cell's structured identity (a canonical JSON
/// text written by the Disclosure module: the schools, months and facts it sums over), never a
/// file or pack name. `value` is the published count, nil for a hidden cell.
public struct PublishedCellRecord: Sendable, Equatable {
    public let cell: String
    public let value: Int?
    /// The edition that published it first, such as `kerngroep 2026-Q2`.
    public let edition: String
    /// The small-count threshold of the publication it belongs to.
    public let threshold: Int

    public init(cell: String, value: Int?, edition: String, threshold: Int) {
        self.cell = cell
        self.value = value
        self.edition = edition
        self.threshold = threshold
    }
}

/// The port of the one cumulative publication: what has been published so far (to anyone), and
/// the cells a run adds. A cell already published stays as published: adding it again changes
/// nothing.
public protocol PublishedCells: Sendable {
    /// Every cell published or hidden so far, sorted by cell.
    func publishedCells() throws -> [PublishedCellRecord]
    /// Adds the cells that are not stored yet, in one transaction.
    func addPublishedCells(_ cells: [PublishedCellRecord]) throws
}

extension SchoolveiligDatabase: PublishedCells {
    public func publishedCells() throws -> [PublishedCellRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT cell, value, edition, threshold FROM published_cell ORDER BY cell").map { row in
                PublishedCellRecord(cell: row[0], value: row[1], edition: row[2], threshold: row[3])
            }
        }
    }

    public func addPublishedCells(_ cells: [PublishedCellRecord]) throws {
        try pool.write { db in
            let statement = try db.makeStatement(
                sql: "INSERT INTO published_cell(cell, value, edition, threshold) VALUES (?, ?, ?, ?) ON CONFLICT(cell) DO NOTHING")
            for cell in cells {
                try statement.execute(arguments: [cell.cell, cell.value, cell.edition, cell.threshold])
            }
        }
    }
}
