import Domain
import Store

/// The figures every pack reads (the marts' counts rolled up): for each cell of a breakdown by
/// place (school → wijk → stadsdeel → gebied, or sector; none for the city), time grain and
/// incident facts, over a period of whole months:
///
/// - `aantal`: school-registered incidents, exactly as `counts` counts them; empty when no
///   school delivered for the cell (never a zero that was not reported);
/// - `leerlingen`: the enrolment of every school of the cell (reference data, whoever
///   delivered), each school year's enrolment weighted by the months of the cell inside it
///   (SPEC §4); empty when a school has no enrolment for a school year of the cell;
/// - `per_1000`: `aantal` per 1000 of those pupils, only where every school of the cell
///   delivered for every month of it; otherwise `onvolledig` (the count covers fewer pupils);
///   empty without a count or without enrolment;
/// - `aanlevering`: volledig, gedeeltelijk, niet aangeleverd, niet aangesloten or nog niet verwacht.
///
/// Every combination of the dimensions' values is a row, zeros included, sorted by the values.
public enum MartFigures {
    public static let measures = ["aantal", "leerlingen", "per_1000", "aanlevering"]
    /// What `per_1000` holds where not every school of the cell delivered.
    public static let onvolledig = "onvolledig"

    public static func compute(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter = SchoolFilter(),
        in reader: some MartReader
    ) throws -> LongTable {
        try compute(by: dimensions, period: period, asOf: asOf, filter: filter, try MartGrid.snapshot(period, reader))
    }

    public static func compute(by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot)
        throws -> LongTable
    {
        let grid = try MartGrid(dimensions: dimensions, period: period, asOf: asOf, filter: filter, snapshot)
        return table(grid, counts: grid.counts(filterEmpty: filter.isEmpty, snapshot))
    }

    /// The table by `dimensions` and by every coarser breakdown that leaves out some of its place
    /// and fact dimensions (the margins), from one read of the marts: keyed by the dimensions kept.
    public static func computeWithMargins(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter,
        in reader: some MartReader
    ) throws -> [[MartDimension]: LongTable] {
        try computeWithMargins(by: dimensions, period: period, asOf: asOf, filter: filter, try MartGrid.snapshot(period, reader))
    }

    public static func computeWithMargins(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter,
        _ snapshot: MartSnapshot
    ) throws -> [[MartDimension]: LongTable] {
        let source = try MartGrid.Source.load(period: period, asOf: asOf, filter: filter, snapshot)
        let finest = MartGrid(dimensions: dimensions, source: source)
        let counts = finest.counts(filterEmpty: filter.isEmpty, snapshot)
        var subsets: [[MartDimension]] = [[]]
        for dimension in dimensions where dimension.kind != .time { subsets = subsets.flatMap { [$0 + [dimension], $0] } }
        var result: [[MartDimension]: LongTable] = [:]
        for subset in subsets {
            let kept = dimensions.filter { $0.kind == .time || subset.contains($0) }
            let grid = MartGrid(dimensions: kept, source: source)
            result[kept] = table(grid, counts: finest.project(counts, onto: kept))
        }
        return result
    }

    static func table(_ grid: MartGrid, counts: [[String]: Int]) -> LongTable {
        let rows = grid.cells(counts: counts).map { cell -> LongTable.Row in
            let status = grid.status[cell.placeTime] ?? DeliveryStatus()
            let aantal = counts[cell.full] ?? 0
            let enrolment = status.referenceEnrolment(months: grid.months(of: cell.placeTime))
            let count: LongTable.Value = status.delivered == 0 && aantal == 0 ? .empty : .integer(aantal)
            var values: [LongTable.Value] = [count]
            values.append(enrolment.map { .decimal($0, places: 1) } ?? .empty)
            if count == .empty {
                values.append(.empty)
            } else if !status.everySchoolDelivered {
                values.append(.text(Self.onvolledig))
            } else if let enrolment, enrolment > 0 {
                values.append(.decimal(Double(aantal) / enrolment * 1000, places: 2))
            } else {
                values.append(.empty)
            }
            values.append(.text(status.label.rawValue))
            return LongTable.Row(keys: grid.keys(cell.full), values: values)
        }
        return LongTable(dimensions: grid.columnNames, measures: measures, rows: rows)
    }
}
