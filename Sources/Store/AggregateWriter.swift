import Domain
import GRDB

/// Writes an aggregated delivery (SPEC §2b) inside the caller's transaction: counts per school ×
/// month × categorie × locatie × politie. The delivery declares its period by itself — the months
/// it lists, per school — and replaces that school's earlier data for those months: earlier counts
/// are replaced and incidents of those months are retracted (recorded, as for a declared period).
public final class AggregateWriter {
    public struct Cell: Sendable, Hashable {
        public let schoolCode: String
        /// `2025-03`
        public let maand: String
        public let categorie: String
        public let locatie: Locatie
        public let politie: Politie

        public init(schoolCode: String, maand: String, categorie: String, locatie: Locatie, politie: Politie) {
            self.schoolCode = schoolCode
            self.maand = maand
            self.categorie = categorie
            self.locatie = locatie
            self.politie = politie
        }
    }

    public struct Totals: Sendable, Equatable {
        public var rowsRead = 0
        public var cells = 0
        public var incidents = 0
        public var months = 0
        public var retracted = 0
        public var quarantinedLines = 0
        public init() {}
    }

    public static let conflictReason =
        "tegenstrijdige dubbele regels: dezelfde cel (school, maand, categorie, locatie, politie) staat vaker in het bestand, met een ander aantal"

    private let db: Database
    public let deliveryId: Int64
    private var cells: [Cell: (aantal: Int, line: Int)] = [:]
    private var conflicts: [Cell: [Int]] = [:]
    private var quarantined: Set<Int> = []
    private var rowsRead = 0
    /// Incidents dated after the as-of date are never retracted (a clock set back, a replay).
    private let asOf: Day

    init(db: Database, sha256: String, identity: String, size: Int64, asOf: Day, dialect: String) throws {
        self.db = db
        self.asOf = asOf
        try db.execute(
            sql: """
                INSERT INTO delivery(sha256, identity, size, received_at, as_of, dialect, status)
                VALUES (?, ?, ?, ?, ?, ?, 'bezig')
                """, arguments: [sha256, identity, size, Clock.timestamp(), asOf.description, "geaggregeerd, " + dialect])
        deliveryId = db.lastInsertedRowID
    }

    public func countRow() { rowsRead += 1 }

    /// Adds one row. An identical repeat of a cell counts once; a repeat with another count makes
    /// every line of the cell a conflict. (Aggregated files are small: cells are kept in memory.)
    public func add(line: Int, _ cell: Cell, aantal: Int) {
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

    public func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws {
        try db.execute(
            sql: "INSERT INTO quarantine(delivery_id, line, kolom, reden, waarde_gemaskeerd) VALUES (?, ?, ?, ?, ?)",
            arguments: [deliveryId, line, column, reason, maskedValue])
        quarantined.insert(line)
    }

    /// Replaces the months the delivery lists and completes the delivery record.
    public func finish() throws -> Totals {
        var totals = Totals()
        totals.rowsRead = rowsRead
        for (_, lines) in conflicts.sorted(by: { $0.value[0] < $1.value[0] }) {
            for line in lines where !quarantined.contains(line) {
                try quarantine(line: line, column: "aantal", reason: AggregateWriter.conflictReason, maskedValue: nil)
            }
        }
        totals.quarantinedLines = quarantined.count
        // The months each school declares: those it lists, conflicting cells included.
        var months: Set<[String]> = []
        for cell in cells.keys { months.insert([cell.schoolCode, cell.maand]) }
        for cell in conflicts.keys { months.insert([cell.schoolCode, cell.maand]) }
        for month in months.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (school, maand) = (month[0], month[1])
            let first = maand + "-01"
            try db.execute(
                sql: """
                    INSERT INTO delivery_period(delivery_id, school_code, period_from, period_to)
                    VALUES (?1, ?2, ?3, date(?3, '+1 month', '-1 day'))
                    """, arguments: [deliveryId, school, first])
            try db.execute(
                sql: "INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, ?)",
                arguments: [deliveryId, school, maand])
            try db.execute(
                sql: "DELETE FROM aggregate_count WHERE school_code = ? AND maand = ? AND delivery_id <> ?",
                arguments: [school, maand, deliveryId])
            // The incidents of the month: one school's rows, through the primary key's prefix.
            let month: StatementArguments = [school, first, min(maand + "-31", asOf.description)]
            try db.execute(
                sql: """
                    INSERT INTO retraction(delivery_id, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, previous_delivery_id)
                    SELECT \(deliveryId), school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id
                      FROM incident WHERE school_code = ? AND datum BETWEEN ? AND ?
                    """, arguments: month)
            try db.execute(sql: "DELETE FROM incident WHERE school_code = ? AND datum BETWEEN ? AND ?", arguments: month)
            totals.retracted += db.changesCount
        }
        totals.months = months.count
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO aggregate_count(school_code, maand, categorie, locatie, politie, aantal, delivery_id, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (cell, value) in cells.sorted(by: { $0.value.line < $1.value.line }) {
            try insert.execute(arguments: [
                cell.schoolCode, cell.maand, cell.categorie, cell.locatie.rawValue, cell.politie.rawValue,
                value.aantal, deliveryId, value.line,
            ])
            totals.cells += 1
            totals.incidents += value.aantal
        }
        try db.execute(
            sql: """
                UPDATE delivery SET rows_read = ?, rows_new = ?, rows_quarantined = ?, rows_retracted = ?, status = 'verwerkt' WHERE id = ?
                """, arguments: [totals.rowsRead, totals.cells, totals.quarantinedLines, totals.retracted, deliveryId])
        return totals
    }
}
