import Domain
import Store

/// `counts` (SPEC §3): the stored valid incidents (latest version of each key), grouped by the
/// named dimensions, with inclusive bounds on `datum`. One row per non-empty group, sorted by
/// the dimension values.
///
/// Counts from aggregated deliveries (SPEC §2b) count exactly like incidents: dated on their
/// month (`leeftijd` and `ernst` are `onbekend`), and within `--from`/`--to` only when the
/// whole month is. The store aggregates (`MartReader.incidentCounts`): the raw rows never leave it.
public struct Counts: Sendable {
    public struct Row: Sendable, Equatable {
        public let values: [String]
        public let aantal: Int
    }

    /// The dimension names, in the order asked.
    public let columnNames: [String]
    /// The measure's column name: `aantal` for school-registered incidents, another name for
    /// any other series (SPEC §4).
    public let measure: String
    public let rows: [Row]

    public init(columnNames: [String], measure: String = "aantal", rows: [Row]) {
        self.columnNames = columnNames
        self.measure = measure
        self.rows = rows
    }

    public static func compute(
        by dimensions: [CountDimension], from: Day? = nil, to: Day? = nil,
        in reader: some MartReader
    ) throws -> Counts {
        let rows = try reader.incidentCounts(by: dimensions, from: from, to: to).map { Row(values: $0.values, aantal: $0.aantal) }
        return Counts(columnNames: dimensions.map(\.rawValue), rows: rows)
    }
}
