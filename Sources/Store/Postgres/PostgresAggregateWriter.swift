import Domain
import Foundation

/// `AggregateWriter` for PostgreSQL: the same rules (see there), inside the caller's transaction;
/// the delivery and its quarantine lines are numbered at `finish`, as in `PostgresDeliveryWriter`.
final class PostgresAggregateWriter: AggregateSink {
    typealias Cell = AggregateWriter.Cell
    typealias Totals = AggregateWriter.Totals

    private let session: PostgresSession
    private(set) var deliveryId: Int64 = 0
    private let delivery: NewDelivery
    private var lines: [(line: Int, column: String?, reason: String, masked: String?)] = []
    private let asOf: Day
    private var cells: [Cell: (aantal: Int, line: Int)] = [:]
    private var conflicts: [Cell: [Int]] = [:]
    private var quarantined: Set<Int> = []
    private var rowsRead = 0

    init(session: PostgresSession, delivery: NewDelivery) throws {
        self.session = session
        asOf = delivery.asOf
        self.delivery = delivery
    }

    func countRow() { rowsRead += 1 }

    func add(line: Int, _ cell: Cell, aantal: Int) {
        if conflicts[cell] != nil {
            conflicts[cell]?.append(line)
        } else if let earlier = cells[cell] {
            if earlier.aantal != aantal {
                conflicts[cell] = [earlier.line, line]
                cells[cell] = nil
            }
        } else {
            cells[cell] = (aantal, line)
        }
    }

    func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws {
        lines.append((line, column, reason, maskedValue))
        quarantined.insert(line)
    }

    func finish() throws -> Totals {
        var totals = Totals()
        totals.rowsRead = rowsRead
        for (_, lines) in conflicts.sorted(by: { $0.value[0] < $1.value[0] }) {
            for line in lines where !quarantined.contains(line) {
                try quarantine(line: line, column: "aantal", reason: AggregateWriter.conflictReason, maskedValue: nil)
            }
        }
        totals.quarantinedLines = quarantined.count
        deliveryId = try PostgresNumbers.next(in: "delivery", session)
        try session.execute(
            """
            INSERT INTO delivery(id, sha256, identity, size, received_at, as_of, dialect, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'bezig')
            """,
            [
                deliveryId, delivery.sha256, delivery.identity, delivery.size, Clock.timestamp(), delivery.asOf.description,
                "geaggregeerd, " + delivery.dialect,
            ])
        for entry in lines {
            try session.execute(
                """
                INSERT INTO quarantine(id, delivery_id, line, kolom, reden, waarde_gemaskeerd)
                VALUES ((SELECT coalesce(max(id), 0) + 1 FROM quarantine), ?, ?, ?, ?, ?)
                """, [deliveryId, entry.line, entry.column, entry.reason, entry.masked])
        }
        var months: Set<[String]> = []
        for cell in cells.keys { months.insert([cell.schoolCode, cell.maand]) }
        for cell in conflicts.keys { months.insert([cell.schoolCode, cell.maand]) }
        for month in months.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (school, maand) = (month[0], month[1])
            guard let parsed = Month(text: maand) else { throw FailureError("ongeldige maand in een geaggregeerde levering: \(maand)") }
            let first = parsed.firstDay.description
            try session.execute(
                "INSERT INTO delivery_period(delivery_id, school_code, period_from, period_to) VALUES (?, ?, ?, ?)",
                [deliveryId, school, first, parsed.lastDay.description])
            try session.execute(
                "INSERT INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [deliveryId, school, maand])
            try session.execute(
                "DELETE FROM aggregate_count WHERE school_code = ? AND maand = ? AND delivery_id <> ?", [school, maand, deliveryId])
            let range: [any PostgresArgument] = [school, first, min(maand + "-31", asOf.description)]
            try session.execute(
                """
                INSERT INTO retraction(id, delivery_id, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, previous_delivery_id)
                SELECT (SELECT coalesce(max(id), 0) FROM retraction) + row_number() OVER (ORDER BY school_code, incident_id), \(deliveryId), school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id
                  FROM incident WHERE school_code = ? AND datum BETWEEN ? AND ? ORDER BY school_code, incident_id
                """, range)
            totals.retracted += try session.execute("DELETE FROM incident WHERE school_code = ? AND datum BETWEEN ? AND ?", range)
        }
        totals.months = months.count
        for (cell, value) in cells.sorted(by: { $0.value.line < $1.value.line }) {
            try session.execute(
                """
                INSERT INTO aggregate_count(school_code, maand, categorie, locatie, politie, aantal, delivery_id, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    cell.schoolCode, cell.maand, cell.categorie, cell.locatie.rawValue, cell.politie.rawValue, value.aantal, deliveryId,
                    value.line,
                ])
            totals.cells += 1
            totals.incidents += value.aantal
        }
        try session.execute(
            "UPDATE delivery SET rows_read = ?, rows_new = ?, rows_quarantined = ?, rows_retracted = ?, status = 'verwerkt' WHERE id = ?",
            [totals.rowsRead, totals.cells, totals.quarantinedLines, totals.retracted, deliveryId])
        return totals
    }
}
