import Analytics
import Domain

/// Shares computed from published cells only (issue 16, SPEC §5): a share is the ratio of two
/// counts, and beside a hidden one it gives that one away ("17 … 94,4%" tells that the group's
/// total is 18, so the hidden cell beside it is 1). So a table's `aandeel` stays only where its
/// own count and its denominator — the row with `Totaal` in the table's share dimension — are
/// both published; then it tells nothing the two counts do not.
enum PublishedShares {
    static let measure = "aandeel"

    /// The table with every share left out whose numerator or denominator is hidden (text).
    static func restrict(_ table: PackTable) -> PackTable {
        guard let dimension = table.shareOf, let share = table.table.measures.firstIndex(of: measure),
            let position = table.table.dimensions.firstIndex(of: dimension)
        else { return table }
        var published: [[String]: Bool] = [:]
        for row in table.table.rows {
            if case .integer = row.values[0] { published[row.keys] = true } else { published[row.keys] = false }
        }
        var result = table
        result.table = LongTable(
            dimensions: table.table.dimensions, measures: table.table.measures,
            rows: table.table.rows.map { row in
                var denominator = row.keys
                denominator[position] = totaal
                guard published[row.keys] != true || published[denominator] != true else { return row }
                var values = row.values
                values[share] = .empty
                return LongTable.Row(keys: row.keys, values: values)
            })
        return result
    }

    /// The check over the CSV as written: a share beside a count that is not a number, or whose
    /// denominator row's count is not a number, refuses the pack.
    static func verify(_ table: PackTable, header: [String], records: [[String]], pack: String) throws {
        guard let dimension = table.shareOf, let share = header.firstIndex(of: measure),
            let position = header.firstIndex(of: dimension), let count = header.firstIndex(of: "aantal")
        else { return }
        let dimensions = header.indices.filter { $0 < count }
        var published: [[String]: Bool] = [:]
        for record in records { published[dimensions.map { record[$0] }] = Int(record[count]) != nil }
        for record in records where !record[share].isEmpty {
            var denominator = dimensions.map { record[$0] }
            let keys = denominator
            denominator[dimensions.firstIndex(of: position)!] = totaal
            if published[keys] != true || published[denominator] != true {
                throw FailureError(
                    "overzicht \(pack), tabel '\(table.slug)': aandeel \(record[share]) staat naast een verborgen aantal (\(keys.joined(separator: ", "))); het overzicht is niet geschreven"
                )
            }
        }
    }
}
