import Analytics
import Domain
import Statistics
import Store

/// A mart table with its margins: for every subset of the breakdown's place and fact
/// dimensions, the same figures with `Totaal` in the dimensions summed over. Margins come from
/// the marts themselves (not from adding up rows), so a margin's rate has its own enrolment.
/// Rates get their exact 95% interval (Garwood, `bi_laag`/`bi_hoog`); the enrolment is that of
/// every school of the cell (reference data) and a rate is shown only where all of them
/// delivered (`MartFigures`).
enum MarginTable {
    static let measures = ["aantal", "leerlingen", "per_1000", "bi_laag", "bi_hoog", "aanlevering"]
    static let derived = ["per_1000": "aantal", "bi_laag": "aantal", "bi_hoog": "aantal"]

    static func figures(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter,
        in snapshot: MartSnapshot, margins: Bool = true
    ) throws -> LongTable {
        let columns = (dimensions.contains { $0.kind == .time } ? [] : ["periode"]) + dimensions.map(\.columnName)
        var tables = try MartFigures.computeWithMargins(by: dimensions, period: period, asOf: asOf, filter: filter, snapshot)
        if !margins { tables = tables.filter { $0.key == dimensions } }
        var rows: [LongTable.Row] = []
        for (requested, table) in tables {
            for row in table.rows {
                // Map the subset's keys onto the full column order, `Totaal` where summed over.
                var keys: [String] = []
                var index = 0
                if !dimensions.contains(where: { $0.kind == .time }) {
                    keys.append(row.keys[0])
                    index = 1
                }
                for dimension in dimensions {
                    if requested.contains(dimension) {
                        keys.append(row.keys[index])
                        index += 1
                    } else {
                        keys.append(totaal)
                    }
                }
                rows.append(LongTable.Row(keys: keys, values: withInterval(row.values)))
            }
        }
        rows.sort { marginOrder($0.keys, $1.keys) }
        return LongTable(dimensions: columns, measures: measures, rows: rows)
    }

    /// aantal, leerlingen, per_1000, aanlevering → with bi_laag and bi_hoog after per_1000.
    static func withInterval(_ values: [LongTable.Value]) -> [LongTable.Value] {
        var interval: [LongTable.Value] = [.empty, .empty]
        // Only beside a rate: where not every school delivered (`onvolledig`) there is none.
        if case .integer(let count) = values[0], case .decimal(let enrolment, _) = values[1], case .decimal = values[2],
            case .success(let estimate) = PoissonInterval.rate(count: count, exposure: enrolment)
        {
            interval = [.decimal(estimate.interval.lower, places: 2), .decimal(estimate.interval.upper, places: 2)]
        }
        return [values[0], values[1], values[2]] + interval + [values[3]]
    }

    /// Rows sorted by their keys, a `Totaal` after the values it sums.
    static func marginOrder(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            if x == totaal { return false }
            if y == totaal { return true }
            return x < y
        }
        return false
    }
}
