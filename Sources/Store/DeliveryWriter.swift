import Domain
import GRDB
import GRDBSQLite

/// Writes one delivery inside one write transaction: the delivery record, its valid rows
/// (staged, de-duplicated within the file, then merged latest-wins into `incident`) and its
/// quarantine lines. Nothing is visible to readers until the caller's transaction commits,
/// so a file is stored whole or not at all.
///
/// The hot path binds values with the SQLite C API directly: GRDB's `StatementArguments`
/// allocate per row, which costs more than the whole parse of a row.
public final class DeliveryWriter {
    public struct Totals: Sendable, Equatable {
        public var rowsRead = 0
        public var new = 0
        public var updated = 0
        public var unchanged = 0
        /// Distinct lines quarantined (a line with several problems counts once).
        public var quarantinedLines = 0
        public init() {}
    }

    public let deliveryId: Int64
    private let db: Database
    private let stageStatement: Statement
    private let duplicateLineStatement: Statement
    private let quarantineStatement: Statement
    private var lastQuarantinedLine = -1
    private var quarantinedLines = 0
    public private(set) var rowsRead = 0

    public static let conflictReason = "tegenstrijdige dubbele regels: dezelfde incident_id van deze school staat vaker in het bestand, met andere waarden"

    /// Starts a delivery: inserts its record (status `bezig` until `finish`) and empties the staging tables.
    public init(db: Database, fileName: String, sha256: String, size: Int64, asOf: Day, droppedColumns: [String]) throws {
        self.db = db
        try db.execute(sql: """
            INSERT INTO delivery(file_name, sha256, size, received_at, as_of, dropped_columns, status)
            VALUES (?, ?, ?, ?, ?, ?, 'bezig')
            """, arguments: [fileName, sha256, size, Clock.timestamp(), asOf.description, droppedColumns.joined(separator: ",")])
        deliveryId = db.lastInsertedRowID
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS staged_incident (
                school_code TEXT NOT NULL, incident_id TEXT NOT NULL, datum TEXT NOT NULL,
                categorie TEXT NOT NULL, locatie TEXT NOT NULL, politie TEXT NOT NULL,
                leeftijd TEXT NOT NULL, ernst TEXT NOT NULL,
                first_line INTEGER NOT NULL, copies INTEGER NOT NULL DEFAULT 1,
                conflict INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (school_code, incident_id)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS staged_duplicate_line (
                school_code TEXT NOT NULL, incident_id TEXT NOT NULL, line INTEGER NOT NULL
            );
            DELETE FROM staged_incident;
            DELETE FROM staged_duplicate_line;
            """)
        stageStatement = try db.makeStatement(sql: """
            INSERT INTO staged_incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, first_line)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT(school_code, incident_id) DO UPDATE SET
                copies = copies + 1,
                conflict = conflict OR datum <> excluded.datum OR categorie <> excluded.categorie
                    OR locatie <> excluded.locatie OR politie <> excluded.politie
                    OR leeftijd <> excluded.leeftijd OR ernst <> excluded.ernst
            RETURNING copies
            """)
        duplicateLineStatement = try db.makeStatement(sql: "INSERT INTO staged_duplicate_line(school_code, incident_id, line) VALUES (?1, ?2, ?3)")
        quarantineStatement = try db.makeStatement(sql: """
            INSERT INTO quarantine(delivery_id, line, kolom, reden, waarde_gemaskeerd) VALUES (?1, ?2, ?3, ?4, ?5)
            """)
    }

    /// Counts a data row read from the file (valid or not).
    public func countRow() { rowsRead += 1 }

    /// Stages a valid row. Identical repeats of a key count once; differing repeats are marked
    /// as a conflict and quarantined whole in `finish`.
    public func stage(line: Int, _ incident: Incident) throws {
        let statement = stageStatement.sqliteStatement
        sqlite3_reset(statement)
        bind(statement, 1, incident.schoolCode)
        bind(statement, 2, incident.incidentId)
        bind(statement, 3, incident.datum.description)
        bind(statement, 4, incident.categorie)
        bind(statement, 5, incident.locatie.rawValue)
        bind(statement, 6, incident.politie.rawValue)
        bind(statement, 7, incident.leeftijd.rawValue)
        bind(statement, 8, incident.ernst.rawValue)
        sqlite3_bind_int64(statement, 9, Int64(line))
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: lastMessage) }
        let copies = sqlite3_column_int64(statement, 0)
        sqlite3_reset(statement)
        if copies > 1 {
            let duplicate = duplicateLineStatement.sqliteStatement
            sqlite3_reset(duplicate)
            bind(duplicate, 1, incident.schoolCode)
            bind(duplicate, 2, incident.incidentId)
            sqlite3_bind_int64(duplicate, 3, Int64(line))
            try stepDone(duplicate)
        }
    }

    /// Records one problem of one line. Call in line order; several problems of one line count once.
    public func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws {
        let statement = quarantineStatement.sqliteStatement
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, deliveryId)
        sqlite3_bind_int64(statement, 2, Int64(line))
        bindOptional(statement, 3, column)
        bind(statement, 4, reason)
        bindOptional(statement, 5, maskedValue)
        try stepDone(statement)
        if line != lastQuarantinedLine {
            quarantinedLines += 1
            lastQuarantinedLine = line
        }
    }

    /// Quarantines conflicting duplicates, merges the rest latest-wins into `incident`,
    /// and completes the delivery record.
    public func finish() throws -> Totals {
        var totals = Totals()
        totals.rowsRead = rowsRead
        try db.execute(sql: """
            INSERT INTO quarantine(delivery_id, line, kolom, reden)
            SELECT ?1, first_line, 'incident_id', ?2 FROM staged_incident WHERE conflict
            UNION ALL
            SELECT ?1, d.line, 'incident_id', ?2 FROM staged_duplicate_line d
              JOIN staged_incident s ON s.school_code = d.school_code AND s.incident_id = d.incident_id
             WHERE s.conflict
            """, arguments: [deliveryId, DeliveryWriter.conflictReason])
        // Lines already quarantined for another reason never reach staging, so these are new lines.
        let conflictLines = try Int.fetchOne(db, sql: "SELECT coalesce(sum(copies), 0) FROM staged_incident WHERE conflict") ?? 0
        totals.quarantinedLines = quarantinedLines + conflictLines
        let candidates = try Int.fetchOne(db, sql: "SELECT count(*) FROM staged_incident WHERE NOT conflict") ?? 0
        totals.new = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM staged_incident s
             WHERE NOT s.conflict
               AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.school_code = s.school_code AND i.incident_id = s.incident_id)
            """) ?? 0
        try db.execute(sql: """
            INSERT INTO incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id)
            SELECT school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, ?1
              FROM staged_incident WHERE NOT conflict
             ORDER BY school_code, incident_id
            ON CONFLICT(school_code, incident_id) DO UPDATE SET
                datum = excluded.datum, categorie = excluded.categorie, locatie = excluded.locatie,
                politie = excluded.politie, leeftijd = excluded.leeftijd, ernst = excluded.ernst,
                delivery_id = excluded.delivery_id
             WHERE incident.datum <> excluded.datum OR incident.categorie <> excluded.categorie
                OR incident.locatie <> excluded.locatie OR incident.politie <> excluded.politie
                OR incident.leeftijd <> excluded.leeftijd OR incident.ernst <> excluded.ernst
            """, arguments: [deliveryId])
        let changed = db.changesCount
        totals.updated = changed - totals.new
        totals.unchanged = candidates - changed
        try db.execute(sql: """
            UPDATE delivery SET rows_read = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?,
                   rows_quarantined = ?, status = 'verwerkt'
             WHERE id = ?
            """, arguments: [totals.rowsRead, totals.new, totals.updated, totals.unchanged, totals.quarantinedLines, deliveryId])
        try db.execute(sql: "DELETE FROM staged_incident; DELETE FROM staged_duplicate_line")
        return totals
    }

    // MARK: - C binding helpers

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(statement, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                  Int32(buffer.count), DeliveryWriter.transient)
        }
    }

    private func bindOptional(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        if let text { bind(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    }

    private func stepDone(_ statement: SQLiteStatement) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: lastMessage) }
    }

    private var lastMessage: String {
        guard let connection = db.sqliteConnection, let message = sqlite3_errmsg(connection) else { return "onbekende fout" }
        return String(cString: message)
    }
}
