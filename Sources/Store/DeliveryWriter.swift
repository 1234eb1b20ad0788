import Domain
import Foundation
import GRDB
import GRDBSQLite

/// Writes one delivery inside one write transaction: the delivery record, its valid rows
/// (merged latest-wins into `incident`) and its quarantine lines. Nothing is visible to readers
/// until the caller's transaction commits, so a file is stored whole or not at all.
///
/// Rows are applied as they stream in, with at most two B-tree operations for a row:
/// - a key the database does not have is inserted (one operation: the common case);
/// - a key stored by an earlier delivery is compared; an update keeps the earlier version (the
///   pre-image) in the temporary `touched` table, an unchanged row is noted there too;
/// - a key this file already wrote is a repeat: identical values count once; different values
///   make the key a conflict: the earlier version is restored (or the new row removed) and every
///   line of the key in this file is quarantined ("tegenstrijdige dubbele regels", SPEC §2d).
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
        /// Incidents of a declared period that the delivery no longer holds (SPEC §2c).
        public var retracted = 0
        /// Stored incidents of a declared period kept because their new version is quarantined
        /// (SPEC §2d): "behouden (nieuwe versie in quarantaine)".
        public var kept = 0
        public init() {}
    }

    public let deliveryId: Int64
    /// The delivery's as-of date: a declared period retracts nothing dated after it.
    public let asOf: Day
    public private(set) var rowsRead = 0
    private var totals = Totals()
    private let db: Database
    private let connection: OpaquePointer
    private let insertNew: Statement
    private let selectStored: Statement
    private let updateStored: Statement
    private let deleteStored: Statement
    private let insertTouched: Statement
    private let selectTouched: Statement
    private let insertQuarantine: Statement
    private let insertRepeat: Statement
    private let selectRepeats: Statement
    private var lastQuarantinedLine = -1
    /// The (school, month) pairs this delivery changed, for the marts' incremental refresh.
    private var touchedMonths = TouchedMonths()
    /// True while rows find their key already stored (a re-delivery): look up before inserting.
    private var expectStored = false
    /// Keys of this file with conflicting repeats; later repeats go straight to quarantine.
    private var conflictKeys: Set<String> = []
    /// Unchanged keys noted in memory rather than in `touched`, while the set has room.
    private var unchangedKeys: UnchangedKeys
    private var deferUnchanged = true

    public static let conflictReason =
        "tegenstrijdige dubbele regels: dezelfde incident_id van deze school staat vaker in het bestand, met andere waarden"

    /// Starts a delivery: inserts its record (status `bezig` until `finish`) and empties the scratch tables.
    init(
        db: Database, sha256: String, identity: String, size: Int64, asOf: Day, dialect: String,
        droppedColumns: [String], unchangedKeys: UnchangedKeys = UnchangedKeys()
    ) throws {
        self.db = db
        self.asOf = asOf
        self.unchangedKeys = unchangedKeys
        guard let connection = db.sqliteConnection else { throw FailureError("geen databaseverbinding") }
        self.connection = connection
        try db.execute(
            sql: """
                INSERT INTO delivery(sha256, identity, size, received_at, as_of, dialect, dropped_columns, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'bezig')
                """,
            arguments: [sha256, identity, size, Clock.timestamp(), asOf.description, dialect, droppedColumns.joined(separator: ",")])
        deliveryId = db.lastInsertedRowID
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS touched (
                    school_code TEXT NOT NULL, incident_id TEXT NOT NULL, line INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    datum TEXT, categorie TEXT, locatie TEXT, politie TEXT, leeftijd TEXT, ernst TEXT,
                    delivery_id INTEGER, source_line INTEGER,
                    PRIMARY KEY (school_code, incident_id)
                ) WITHOUT ROWID;
                CREATE TEMP TABLE IF NOT EXISTS repeated_line (
                    school_code TEXT NOT NULL, incident_id TEXT NOT NULL, line INTEGER NOT NULL
                );
                CREATE TEMP TABLE IF NOT EXISTS held_key (
                    school_code TEXT NOT NULL, incident_id TEXT NOT NULL, PRIMARY KEY (school_code, incident_id)
                ) WITHOUT ROWID;
                DELETE FROM touched;
                DELETE FROM repeated_line;
                DELETE FROM held_key;
                """)
        insertNew = try db.makeStatement(
            sql: """
                INSERT INTO incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """)
        selectStored = try db.makeStatement(
            sql: """
                SELECT datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line
                  FROM incident WHERE school_code = ?1 AND incident_id = ?2
                """)
        updateStored = try db.makeStatement(
            sql: """
                UPDATE incident SET datum = ?3, categorie = ?4, locatie = ?5, politie = ?6, leeftijd = ?7, ernst = ?8,
                       delivery_id = ?9, line = ?10
                 WHERE school_code = ?1 AND incident_id = ?2
                """)
        deleteStored = try db.makeStatement(sql: "DELETE FROM incident WHERE school_code = ?1 AND incident_id = ?2")
        insertTouched = try db.makeStatement(
            sql: """
                INSERT INTO touched(school_code, incident_id, line, updated, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, source_line)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING
                """)
        selectTouched = try db.makeStatement(
            sql: """
                SELECT line, updated, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, source_line
                  FROM touched WHERE school_code = ?1 AND incident_id = ?2
                """)
        insertRepeat = try db.makeStatement(sql: "INSERT INTO repeated_line(school_code, incident_id, line) VALUES (?1, ?2, ?3)")
        selectRepeats = try db.makeStatement(sql: "SELECT line FROM repeated_line WHERE school_code = ?1 AND incident_id = ?2")
        insertQuarantine = try db.makeStatement(
            sql: """
                INSERT INTO quarantine(delivery_id, line, kolom, reden, waarde_gemaskeerd) VALUES (?1, ?2, ?3, ?4, ?5)
                """)
    }

    deinit { unchangedKeys.close() }

    /// Counts a data row read from the file (valid or not).
    public func countRow() { rowsRead += 1 }

    /// Applies a valid row (see the type's description for the cases).
    public func apply(line: Int, _ row: EncodedIncident) throws {
        let incident = row.incident
        if !conflictKeys.isEmpty, conflictKeys.contains(conflictKey(incident)) {
            try quarantineConflict(line: line)
            return
        }
        // 1. A key the database does not have yet: one INSERT. While rows keep finding their
        // key stored (a re-delivery), look the key up first instead of failing an INSERT.
        if !expectStored {
            if try insertNew(row, line: line) { return }
        }
        let select = selectStored.sqliteStatement
        // The key bound in place (no copy); SQLite reads it only during the step.
        let found = row.bytes.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for index in 0..<2 {
                let range = row.range(index)
                sqlite3_bind_text(select, Int32(index + 1), base + range.lowerBound, Int32(range.count), nil)
            }
            return sqlite3_step(select)
        }
        guard found == SQLITE_ROW else {
            sqlite3_reset(select)
            guard found == SQLITE_DONE else { throw failure(found) }
            expectStored = false
            guard try insertNew(row, line: line) else { throw failure(SQLITE_CONSTRAINT) }
            return
        }
        expectStored = true
        let unchanged = storedEquals(select, row)
        let storedDelivery = sqlite3_column_int64(select, 6)
        let storedLine = Int(sqlite3_column_int64(select, 7))
        if !unchanged, let oldDatum = sqlite3_column_text(select, 0) {
            // A changed datum touches both its old and its new month.
            touchedMonths.insert(school: incident.schoolCode, datum: UnsafeRawPointer(oldDatum).assumingMemoryBound(to: UInt8.self))
        }

        // 2. This file wrote the key before (as new or as an update): a repeat.
        if storedDelivery == deliveryId {
            sqlite3_reset(select)
            guard !unchanged else { return try noteRepeat(incident, line: line) }
            let touched = try readTouched(incident)
            if let touched, touched.updated {
                try restore(touched, of: incident)
                totals.updated -= 1
            } else {
                try runKeyStatement(deleteStored, incident)
                totals.new -= 1
            }
            try markConflict(incident, lines: [storedLine, line])
            return
        }

        // 3. Stored by an earlier delivery. An unchanged key whose stored row is not marked yet
        // is noted in memory (`UnchangedKeys`, marked by the stored row's delivery and line); a
        // marked one writes the noted keys into `touched` first, so the exact path below decides
        // the repeat.
        if deferUnchanged {
            if unchangedKeys.mayContain(storedDelivery: storedDelivery, storedLine: Int64(storedLine)) {
                try drainUnchanged()
            } else if unchanged {
                let added = try row.bytes.withUnsafeBufferPointer { buffer in
                    try unchangedKeys.add(
                        UnchangedKeys.Entry(
                            school: UnsafeBufferPointer(rebasing: buffer[row.range(0)]),
                            incidentId: UnsafeBufferPointer(rebasing: buffer[row.range(1)]), line: Int64(line),
                            storedDelivery: storedDelivery, storedLine: Int64(storedLine)))
                }
                if added {
                    sqlite3_reset(select)
                    totals.unchanged += 1
                    return
                }
                // The bitmap is at its limit: from here on every key is noted in `touched` directly.
                try drainUnchanged()
                deferUnchanged = false
            }
        }
        // Noted in `touched` (first time only), with the stored version as pre-image when this
        // row changes it.
        let touchedStatement = insertTouched.sqliteStatement
        bindKey(touchedStatement, incident)
        sqlite3_bind_int64(touchedStatement, 3, Int64(line))
        sqlite3_bind_int64(touchedStatement, 4, unchanged ? 0 : 1)
        for column in 0..<6 {
            if unchanged {
                sqlite3_bind_null(touchedStatement, Int32(5 + column))
            } else {
                // sqlite3_bind_value copies, so the SELECT can be reset before the INSERT runs.
                sqlite3_bind_value(touchedStatement, Int32(5 + column), sqlite3_column_value(select, Int32(column)))
            }
        }
        sqlite3_bind_int64(touchedStatement, 11, storedDelivery)
        sqlite3_bind_int64(touchedStatement, 12, Int64(storedLine))
        sqlite3_reset(select)
        try stepDone(touchedStatement)
        if sqlite3_changes(connection) == 1 {
            if unchanged {
                totals.unchanged += 1
            } else {
                try write(updateStored, row, line: line)
                touchedMonths.insert(row)
                totals.updated += 1
            }
            return
        }
        // An earlier line of this file found the key unchanged: a repeat with other values is a conflict.
        guard !unchanged else { return try noteRepeat(incident, line: line) }
        guard let touched = try readTouched(incident) else { return }
        totals.unchanged -= 1
        try markConflict(incident, lines: [touched.line, line])
    }

    /// Writes the keys noted in memory as unchanged into `touched` (see `UnchangedKeys`).
    private func drainUnchanged() throws {
        guard !unchangedKeys.isDrained else { return }
        let statement = insertTouched.sqliteStatement
        try unchangedKeys.drain { entry in
            sqlite3_bind_text(
                statement, 1, UnsafeRawPointer(entry.school.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(entry.school.count),
                nil)
            sqlite3_bind_text(
                statement, 2, UnsafeRawPointer(entry.incidentId.baseAddress!).assumingMemoryBound(to: CChar.self),
                Int32(entry.incidentId.count), nil)
            sqlite3_bind_int64(statement, 3, entry.line)
            sqlite3_bind_int64(statement, 4, 0)
            for column in 0..<6 { sqlite3_bind_null(statement, Int32(5 + column)) }
            sqlite3_bind_int64(statement, 11, entry.storedDelivery)
            sqlite3_bind_int64(statement, 12, entry.storedLine)
            try stepDone(statement)
            guard sqlite3_changes(connection) == 1 else { throw FailureError("interne fout: een sleutel stond al in touched") }
        }
    }

    /// Inserts a row for a key the database does not have; `false` when the key exists.
    private func insertNew(_ row: EncodedIncident, line: Int) throws -> Bool {
        // A plain INSERT is cheaper than an upsert; an existing key answers with a constraint error.
        let inserted = step(insertNew, row, deliveryId: deliveryId, line: line)
        if inserted == SQLITE_DONE {
            totals.new += 1
            touchedMonths.insert(row)
            return true
        }
        guard inserted & 0xFF == SQLITE_CONSTRAINT else { throw failure(inserted) }
        return false
    }

    /// Binds the row's eight values in place (no copy: valid until the reset inside) plus the
    /// delivery and line to parameters 9 and 10, steps `statement` once and resets it.
    private func step(_ statement: Statement, _ row: EncodedIncident, deliveryId: Int64, line: Int) -> Int32 {
        let handle = statement.sqliteStatement
        return row.bytes.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for index in 0..<8 {
                let range = row.range(index)
                sqlite3_bind_text(handle, Int32(index + 1), base + range.lowerBound, Int32(range.count), nil)
            }
            sqlite3_bind_int64(handle, 9, deliveryId)
            sqlite3_bind_int64(handle, 10, Int64(line))
            defer { sqlite3_reset(handle) }
            return sqlite3_step(handle)
        }
    }

    /// Whether columns 0…5 of the current row of `statement` (datum … ernst) equal the row's values.
    private func storedEquals(_ statement: SQLiteStatement, _ row: EncodedIncident) -> Bool {
        row.bytes.withUnsafeBufferPointer { buffer in
            for column in 0..<6 {
                let range = row.range(column + 2)
                let length = Int(sqlite3_column_bytes(statement, Int32(column)))
                guard length == range.count else { return false }
                guard length > 0 else { continue }
                guard let text = sqlite3_column_text(statement, Int32(column)),
                    memcmp(text, buffer.baseAddress! + range.lowerBound, length) == 0
                else { return false }
            }
            return true
        }
    }

    /// Records one problem of one line. Call in line order; several problems of one line count once.
    public func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws {
        let statement = insertQuarantine.sqliteStatement
        sqlite3_bind_int64(statement, 1, deliveryId)
        sqlite3_bind_int64(statement, 2, Int64(line))
        bindOptional(statement, 3, column)
        bind(statement, 4, reason)
        bindOptional(statement, 5, maskedValue)
        try stepDone(statement)
        if line != lastQuarantinedLine {
            totals.quarantinedLines += 1
            lastQuarantinedLine = line
        }
    }

    /// Notes the key of a quarantined row: its stored version stays (SPEC §2d), a declared
    /// period does not retract it.
    public func keepStored(schoolCode: String, incidentId: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO held_key(school_code, incident_id) VALUES (?, ?)", arguments: [schoolCode, incidentId])
    }

    /// Applies a declared period (SPEC §2c): for each school, the incidents dated inside `period`
    /// that this delivery does not hold — neither wrote nor found unchanged — are retracted:
    /// recorded in `retraction`, then removed. Two kinds are kept: an incident whose new version
    /// in this file is quarantined (SPEC §2d), and one dated after the as-of date (the file
    /// could not hold it validly: a clock set back, a replay). Call after the last row, before `finish`.
    public func replacePeriod(from: Day, to: Day, schools: [String]) throws {
        let until = min(to, asOf)
        try drainUnchanged()
        for school in schools.sorted() {
            try db.execute(
                sql: """
                    INSERT INTO delivery_period(delivery_id, school_code, period_from, period_to) VALUES (?, ?, ?, ?)
                    """, arguments: [deliveryId, school, from.description, to.description])
            let candidates = """
                FROM incident i
                WHERE i.school_code = ?1 AND i.datum BETWEEN ?2 AND ?3 AND i.delivery_id <> ?4
                  AND NOT EXISTS (SELECT 1 FROM touched t WHERE t.school_code = i.school_code AND t.incident_id = i.incident_id)
                """
            let arguments: StatementArguments = [school, from.description, until.description, deliveryId]
            totals.kept +=
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) \(candidates)
                          AND EXISTS (SELECT 1 FROM held_key h WHERE h.school_code = i.school_code AND h.incident_id = i.incident_id)
                        """, arguments: arguments) ?? 0
            let scope =
                candidates + """
                      AND NOT EXISTS (SELECT 1 FROM held_key h WHERE h.school_code = i.school_code AND h.incident_id = i.incident_id)
                    """
            try db.execute(
                sql: """
                    INSERT INTO retraction(delivery_id, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, previous_delivery_id)
                    SELECT ?4, i.school_code, i.incident_id, i.datum, i.categorie, i.locatie, i.politie, i.leeftijd, i.ernst, i.delivery_id
                    \(scope)
                    """, arguments: arguments)
            try db.execute(
                sql: """
                    DELETE FROM incident WHERE (school_code, incident_id) IN (SELECT i.school_code, i.incident_id \(scope))
                    """, arguments: arguments)
            totals.retracted += db.changesCount
        }
    }

    /// Keeps a row quarantined only for its unknown school, for `quarantine retry`.
    public func holdForRetry(line: Int, _ incident: Incident) throws {
        try db.execute(
            sql: """
                INSERT INTO quarantine_retry(delivery_id, line, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                deliveryId, line, incident.schoolCode, incident.incidentId, incident.datum.description, incident.categorie,
                incident.locatie.rawValue, incident.politie.rawValue, incident.leeftijd.rawValue, incident.ernst.rawValue,
            ])
    }

    /// Records what identifies the delivery without a file name: its schools and declared period.
    public func describe(schools: [String], period: String?) throws {
        try db.execute(
            sql: "UPDATE delivery SET schools = ?, period = ? WHERE id = ?",
            arguments: [schools.joined(separator: ","), period ?? "", deliveryId])
    }

    /// Completes the delivery record and returns what the file did.
    public func finish() throws -> Totals {
        totals.rowsRead = rowsRead
        try db.execute(
            sql: """
                UPDATE delivery SET rows_read = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?,
                       rows_quarantined = ?, rows_retracted = ?, status = 'verwerkt'
                 WHERE id = ?
                """,
            arguments: [
                totals.rowsRead, totals.new, totals.updated, totals.unchanged, totals.quarantinedLines, totals.retracted, deliveryId,
            ])
        try touchedMonths.record(delivery: deliveryId, db)
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand)
                SELECT delivery_id, school_code, substr(datum, 1, 7) FROM retraction WHERE delivery_id = ?
                """, arguments: [deliveryId])
        try db.execute(sql: "DELETE FROM touched; DELETE FROM repeated_line; DELETE FROM held_key")
        unchangedKeys.close()
        return totals
    }

    // MARK: - Conflicts

    private func conflictKey(_ incident: Incident) -> String { incident.schoolCode + "\u{1F}" + incident.incidentId }

    /// Remembers the line of an identical repeat: should a differing repeat follow, every line
    /// of the key is quarantined, the identical ones included.
    private func noteRepeat(_ incident: Incident, line: Int) throws {
        let statement = insertRepeat.sqliteStatement
        bindKey(statement, incident)
        sqlite3_bind_int64(statement, 3, Int64(line))
        try stepDone(statement)
    }

    private func markConflict(_ incident: Incident, lines: [Int]) throws {
        conflictKeys.insert(conflictKey(incident))
        let statement = selectRepeats.sqliteStatement
        bindKey(statement, incident)
        var repeated: [Int] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_ROW { repeated.append(Int(sqlite3_column_int64(statement, 0))); continue }
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else { throw failure(code) }
            break
        }
        for line in lines + repeated { try quarantineConflict(line: line) }
    }

    /// Conflict lines are valid rows, never quarantined for another reason: each is a new line.
    private func quarantineConflict(line: Int) throws {
        let statement = insertQuarantine.sqliteStatement
        sqlite3_bind_int64(statement, 1, deliveryId)
        sqlite3_bind_int64(statement, 2, Int64(line))
        bind(statement, 3, "incident_id")
        bind(statement, 4, DeliveryWriter.conflictReason)
        sqlite3_bind_null(statement, 5)
        try stepDone(statement)
        totals.quarantinedLines += 1
    }

    // MARK: - Reads and writes of one key

    private struct Touched {
        let line: Int
        let updated: Bool
        let values: [String]
        let deliveryId: Int64
        let sourceLine: Int
    }

    private func readTouched(_ incident: Incident) throws -> Touched? {
        let statement = selectTouched.sqliteStatement
        bindKey(statement, incident)
        defer { sqlite3_reset(statement) }
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            return Touched(
                line: Int(sqlite3_column_int64(statement, 0)), updated: sqlite3_column_int64(statement, 1) == 1,
                values: (2..<8).map { text(statement, $0) }, deliveryId: sqlite3_column_int64(statement, 8),
                sourceLine: Int(sqlite3_column_int64(statement, 9)))
        case SQLITE_DONE:
            return nil
        default:
            throw failure()
        }
    }

    /// Writes the row's values over the stored version of its key.
    private func write(_ statement: Statement, _ row: EncodedIncident, line: Int) throws {
        let code = step(statement, row, deliveryId: deliveryId, line: line)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Puts an earlier delivery's version of a key back (after a conflict in this file).
    private func restore(_ touched: Touched, of incident: Incident) throws {
        let handle = updateStored.sqliteStatement
        bindKey(handle, incident)
        for (offset, value) in touched.values.enumerated() { bind(handle, Int32(3 + offset), value) }
        sqlite3_bind_int64(handle, 9, touched.deliveryId)
        sqlite3_bind_int64(handle, 10, Int64(touched.sourceLine))
        try stepDone(handle)
    }

    private func runKeyStatement(_ statement: Statement, _ incident: Incident) throws {
        bindKey(statement.sqliteStatement, incident)
        try stepDone(statement.sqliteStatement)
    }

    // MARK: - C binding helpers

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bindKey(_ statement: SQLiteStatement, _ incident: Incident) {
        bind(statement, 1, incident.schoolCode)
        bind(statement, 2, incident.incidentId)
    }

    private func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(
                statement, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(buffer.count), DeliveryWriter.transient)
        }
    }

    private func bindOptional(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        if let text { bind(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    }

    private func text(_ statement: SQLiteStatement, _ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: pointer)
    }

    private func stepDone(_ statement: SQLiteStatement) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: Int32? = nil) -> DatabaseError {
        let message = sqlite3_errmsg(connection).map { String(cString: $0) } ?? "onbekende fout"
        return DatabaseError(resultCode: ResultCode(rawValue: code ?? sqlite3_errcode(connection)), message: message)
    }
}
