import Domain
import Store

/// Aanlevering (SPEC §2c): which schools delivered for which months. Per cell of a breakdown by
/// place and time: the schools in it and how many of them delivered for every due month
/// (`volledig`), for some (`gedeeltelijk`), for none (`niet_aangeleverd`), or had not joined the
/// covenant (`niet_aangesloten`), the due and delivered school-months, and the cell's status.
/// Broken down by `school` and `maand`, every row is one school-month with its status.
public enum Completeness {
    public static let measures = [
        "scholen", "volledig", "gedeeltelijk", "niet_aangeleverd", "niet_aangesloten",
        "schoolmaanden_verwacht", "schoolmaanden_aangeleverd", "aanlevering",
    ]
    public static let dimensions: [MartDimension] = MartDimension.allCases.filter { $0.kind != .fact }

    public static func compute(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter = SchoolFilter(),
        in reader: some MartReader
    ) throws -> LongTable {
        if let fact = dimensions.first(where: { $0.kind == .fact }) {
            throw UsageError(
                "aanlevering kent geen uitsplitsing naar '\(fact.rawValue)'; kies uit: \(Self.dimensions.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return try compute(by: dimensions, period: period, asOf: asOf, filter: filter, try MartGrid.snapshot(period, reader))
    }

    public static func compute(by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter, _ snapshot: MartSnapshot)
        throws -> LongTable
    {
        if let fact = dimensions.first(where: { $0.kind == .fact }) {
            throw UsageError(
                "aanlevering kent geen uitsplitsing naar '\(fact.rawValue)'; kies uit: \(Self.dimensions.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let grid = try MartGrid(dimensions: dimensions, period: period, asOf: asOf, filter: filter, snapshot)
        // Each school's own status per cell, to count schools by status.
        var perSchool: [[String]: [String: DeliveryStatus]] = [:]
        for (s, school) in grid.frame.schools.enumerated() {
            for (m, month) in grid.frame.months.enumerated() {
                perSchool[grid.placeTimeKey(school, month), default: [:]][school.code, default: DeliveryStatus()].add(
                    grid.frame.cell(school: s, month: m))
            }
        }
        let rows = grid.status.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key -> LongTable.Row in
            let status = grid.status[key]!
            let schools = perSchool[key]?.values.map(\.label) ?? []
            func count(_ label: DeliveryStatus.Label) -> LongTable.Value { .integer(schools.filter { $0 == label }.count) }
            return LongTable.Row(
                keys: grid.keys(key),
                values: [
                    .integer(schools.count), count(.volledig), count(.gedeeltelijk), count(.nietAangeleverd), count(.nietAangesloten),
                    .integer(status.due), .integer(status.dueDelivered), .text(status.label.rawValue),
                ])
        }
        return LongTable(dimensions: grid.columnNames, measures: measures, rows: rows)
    }

    /// The schools that missed due months of `period` (joined, month ended, no delivery), with
    /// those months, sorted by school: what `status` shows the operator.
    public static func missing(period: Period, asOf: Day, in reader: some MartReader) throws -> [(school: String, months: [Month])] {
        missing(period: period, asOf: asOf, try reader.martSnapshot(months: Month(period.from)...Month(period.to)))
    }

    public static func missing(period: Period, asOf: Day, _ snapshot: MartSnapshot) -> [(school: String, months: [Month])] {
        let frame = SchoolMonthFrame.make(months: period.months, asOf: asOf, filter: SchoolFilter(), snapshot)
        return frame.schools.enumerated().compactMap { s, school in
            let months = frame.months.enumerated().filter { m, _ in
                let cell = frame.cell(school: s, month: m)
                return cell.joined && cell.due && !cell.delivered
            }.map(\.element)
            return months.isEmpty ? nil : (school.code, months)
        }
    }
}

extension Completeness {
    /// The months `status` checks on the as-of date: those of the current quarter that have
    /// ended, or the whole previous quarter while the current one has no ended month yet.
    public static func statusPeriod(asOf: Day) -> Period {
        let current = Month(asOf)
        let quarterStart = Month(year: current.year, month: (current.month - 1) / 3 * 3 + 1)!
        let lastEnded = asOf == current.lastDay ? current : current.adding(months: -1)
        if lastEnded >= quarterStart {
            return Period(from: quarterStart.firstDay, to: lastEnded.lastDay, name: "\(current.kwartaal) t/m \(lastEnded)")
        }
        let previous = quarterStart.adding(months: -3)
        return Period(from: previous.firstDay, to: previous.adding(months: 2).lastDay, name: previous.kwartaal)
    }

    /// Dutch lines for `status`: the joined schools without a delivery for an ended month of the
    /// current quarter.
    public static func statusLines(asOf: Day, in reader: some MartReader) throws -> [String] {
        let period = statusPeriod(asOf: asOf)
        let missing = try missing(period: period, asOf: asOf, in: reader)
        guard !missing.isEmpty else { return ["ontbrekende leveringen \(period.name): geen"] }
        return ["ontbrekende leveringen \(period.name) (\(missing.count) scholen):"]
            + missing.map { "  \($0.school): \($0.months.map(\.description).joined(separator: ", "))" }
    }
}
