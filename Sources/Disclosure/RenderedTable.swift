// A table as it will be written: dimension values and, per row, a number or the marker.

/// A table as it will be written to the spreadsheet or CSV: the input of ``DisclosureAudit``.
/// `values` holds, per row, the count as written (`"12"`) or the suppression marker.
public struct RenderedTable: Sendable, Equatable {
    /// The name of the count column in written long-form tables.
    public static let countColumn = "aantal"

    public let name: String
    public let dimensions: [String]
    public var rows: [[String]]
    public var values: [String]
    /// Rows that are the audience's own figures (published, not subject to the threshold).
    public var own: [Bool]?

    public init(name: String, dimensions: [String], rows: [[String]], values: [String], own: [Bool]? = nil) {
        self.name = name
        self.dimensions = dimensions
        self.rows = rows
        self.values = values
        self.own = own
    }

    /// Reads a written long-form table: a header with the dimension columns and `aantal`, and the
    /// records below it (all strings). Throws when the header has no `aantal` column or a record
    /// has the wrong number of fields.
    public init(name: String, header: [String], records: [[String]]) throws {
        guard let countIndex = header.firstIndex(of: Self.countColumn) else {
            throw DisclosureError.malformedTable(table: name, detail: "de kolom '\(Self.countColumn)' ontbreekt")
        }
        var rows: [[String]] = []
        var values: [String] = []
        for (number, record) in records.enumerated() {
            guard record.count == header.count else {
                throw DisclosureError.malformedTable(
                    table: name, detail: "regel \(number + 1) heeft \(record.count) velden in plaats van \(header.count)")
            }
            rows.append(record.enumerated().filter { $0.offset != countIndex }.map(\.element))
            values.append(record[countIndex])
        }
        self.init(
            name: name, dimensions: header.enumerated().filter { $0.offset != countIndex }.map(\.element),
            rows: rows, values: values)
    }

    /// The header of the written table: the dimensions followed by `aantal`.
    public var header: [String] { dimensions + [Self.countColumn] }

    /// The records of the written table, in the order of ``header``.
    public var records: [[String]] { zip(rows, values).map { $0 + [$1] } }
}
