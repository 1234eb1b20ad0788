import Domain
import Foundation

/// `DeliveryWriter` for PostgreSQL: the same rules, the same totals, the same rows stored, inside
/// the caller's transaction. A round trip per row would make a large file slow, so the file's
/// effect is worked out in memory and written in a few set-based statements at `finish`:
/// - rows wait in order in a small queue; the stored versions of a batch of keys are read in one
///   query, then the batch is applied row by row in file order;
/// - each key's state in this file (new, updated with its pre-image, unchanged, in conflict) is
///   kept here instead of SQLite's temporary `touched`, `repeated_line` and `held_key` tables;
/// - quarantine lines are kept in order and inserted together, so their ids follow the lines;
/// - the delivery's number (and those of its quarantine lines and retractions) is taken at
///   `finish`, as the next after the highest, under a transaction-level advisory lock, exactly as
///   SQLite numbers rows: a killed run leaves no gap, so the numbers — and the packs' manifests
///   that name deliveries — are the same in both stores. Until then `thisFile` stands for it.
///
/// What a row does follows `DeliveryWriter.apply` case by case (see there for the rules).
final class PostgresDeliveryWriter: DeliverySink {
    typealias Totals = DeliveryWriter.Totals

    private struct Key: Hashable {
        let school: String
        let id: String
    }

    /// datum, categorie, locatie, politie, leeftijd, ernst, and the delivery and line of the version.
    private struct Version: Equatable {
        let values: [String]
        let deliveryId: Int64
        let line: Int
    }

    private enum State {
        /// A key the store did not have: this file inserts it.
        case inserted(Version)
        /// A key an earlier delivery stored, changed by this file (the pre-image kept).
        case updated(pre: Version, now: Version)
        /// A key an earlier delivery stored with the same values.
        case unchanged(line: Int, stored: Version)
        /// A conflict restored the earlier version (the key stays noted as touched).
        case restored(Version)
        /// A conflict removed the key this file had inserted.
        case removed
    }

    private let session: PostgresSession
    /// The delivery's number, taken at `finish`.
    private(set) var deliveryId: Int64 = 0
    /// Stands for this delivery in the versions it writes, until its number is known.
    private static let thisFile: Int64 = -1
    private let delivery: NewDelivery
    private let droppedColumns: [String]
    private var periods: [(school: String, from: String, to: String)] = []
    private var description: (schools: String, period: String) = ("", "")
    private let asOf: Day
    private(set) var rowsRead = 0
    private var totals = Totals()
    /// The stored versions of the keys looked up so far (a key looked up and absent is in `lookedUp` only).
    private var stored: [Key: Version] = [:]
    private var lookedUp: Set<Key> = []
    /// Rows and quarantine lines not yet applied, in file order.
    private enum Event {
        case row(line: Int, incident: Incident)
        case quarantine(line: Int, column: String?, reason: String, masked: String?)
    }
    private var pending: [Event] = []
    private static let lookupBatch = 5_000
    private var states: [Key: State] = [:]
    /// The order keys were first written in, so the inserts follow the file.
    private var order: [Key] = []
    private var repeats: [Key: [Int]] = [:]
    private var conflictKeys: Set<Key> = []
    private var held: Set<Key> = []
    private var retracted: [(Key, Version)] = []
    private var retractedKeys: Set<Key> = []
    private var quarantined: [(line: Int, column: String?, reason: String, masked: String?)] = []
    private var retries: [(line: Int, incident: Incident)] = []
    private var lastQuarantinedLine = -1
    private var touchedMonths: Set<[String]> = []

    init(session: PostgresSession, delivery: NewDelivery, droppedColumns: [String]) throws {
        self.session = session
        asOf = delivery.asOf
        self.delivery = delivery
        self.droppedColumns = droppedColumns
    }

    func countRow() { rowsRead += 1 }

    private func values(_ incident: Incident) -> [String] {
        [
            incident.datum.description, incident.categorie, incident.locatie.rawValue, incident.politie.rawValue,
            incident.leeftijd.rawValue, incident.ernst.rawValue,
        ]
    }

    private func touch(_ school: String, _ datum: String) { touchedMonths.insert([school, String(datum.prefix(7))]) }

    /// Reads the stored versions of the pending rows' keys (one query per batch), then applies
    /// the pending rows and quarantine lines in file order.
    private func flush() throws {
        guard !pending.isEmpty else { return }
        var wanted: [Key] = []
        var seen: Set<Key> = []
        for event in pending {
            guard case .row(_, let incident) = event else { continue }
            let key = Key(school: incident.schoolCode, id: incident.incidentId)
            if !lookedUp.contains(key), states[key] == nil, seen.insert(key).inserted { wanted.append(key) }
        }
        if !wanted.isEmpty {
            for row in try session.rows(
                """
                SELECT i.school_code, i.incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line
                  FROM incident i JOIN unnest(?::text[], ?::text[]) AS k(school_code, incident_id)
                    ON i.school_code = k.school_code AND i.incident_id = k.incident_id
                """, [wanted.map(\.school), wanted.map(\.id)])
            {
                stored[Key(school: row.string(0), id: row.string(1))] = Version(
                    values: (2...7).map { row.string($0) }, deliveryId: row.int64(8), line: row.int(9))
            }
            lookedUp.formUnion(wanted)
        }
        let events = pending
        pending.removeAll(keepingCapacity: true)
        for event in events {
            switch event {
            case .row(let line, let incident): process(line: line, incident)
            case .quarantine(let line, let column, let reason, let masked):
                record(line: line, column: column, reason: reason, masked: masked)
            }
        }
    }

    func apply(line: Int, _ row: EncodedIncident) throws {
        pending.append(.row(line: line, incident: row.incident))
        if pending.count >= Self.lookupBatch { try flush() }
    }

    /// Applies one row (see `DeliveryWriter.apply`); the stored version of its key has been looked up.
    private func process(line: Int, _ incident: Incident) {
        let key = Key(school: incident.schoolCode, id: incident.incidentId)
        if conflictKeys.contains(key) { return quarantineConflict(line: line) }
        let new = Version(values: values(incident), deliveryId: Self.thisFile, line: line)
        // The version the store holds now, as SQLite would read it.
        let current: Version?
        switch states[key] {
        case .none: current = stored[key]
        case .inserted(let version): current = version
        case .updated(_, let now): current = now
        case .unchanged(_, let version): current = version
        case .restored(let version): current = version
        case .removed: current = nil
        }
        guard let current else {
            states[key] = .inserted(new)
            order.append(key)
            totals.new += 1
            touch(key.school, new.values[0])
            return
        }
        let unchanged = current.values == new.values
        if !unchanged { touch(key.school, current.values[0]) }
        if current.deliveryId == Self.thisFile {
            // A repeat of a key this file wrote.
            guard !unchanged else { return noteRepeat(key, line: line) }
            if case .updated(let pre, _) = states[key] {
                states[key] = .restored(pre)
                totals.updated -= 1
            } else {
                states[key] = .removed
                totals.new -= 1
            }
            return markConflict(key, lines: [current.line, line])
        }
        switch states[key] {
        case .none:
            order.append(key)
            if unchanged {
                states[key] = .unchanged(line: line, stored: current)
                totals.unchanged += 1
            } else {
                states[key] = .updated(pre: current, now: new)
                touch(key.school, new.values[0])
                totals.updated += 1
            }
        case .unchanged(let firstLine, _):
            guard !unchanged else { return noteRepeat(key, line: line) }
            totals.unchanged -= 1
            markConflict(key, lines: [firstLine, line])
        default:
            // Restored after a conflict: the key is in `conflictKeys`, handled above.
            break
        }
    }

    private func noteRepeat(_ key: Key, line: Int) { repeats[key, default: []].append(line) }

    private func markConflict(_ key: Key, lines: [Int]) {
        conflictKeys.insert(key)
        for line in lines + (repeats[key] ?? []) { quarantineConflict(line: line) }
    }

    private func quarantineConflict(line: Int) {
        quarantined.append((line, "incident_id", DeliveryWriter.conflictReason, nil))
        totals.quarantinedLines += 1
    }

    func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws {
        pending.append(.quarantine(line: line, column: column, reason: reason, masked: maskedValue))
    }

    private func record(line: Int, column: String?, reason: String, masked maskedValue: String?) {
        quarantined.append((line, column, reason, maskedValue))
        if line != lastQuarantinedLine {
            totals.quarantinedLines += 1
            lastQuarantinedLine = line
        }
    }

    func holdForRetry(line: Int, _ incident: Incident) throws {
        retries.append((line, incident))
    }

    func keepStored(schoolCode: String, incidentId: String) throws {
        held.insert(Key(school: schoolCode, id: incidentId))
    }

    /// SPEC §2c as in `DeliveryWriter.replacePeriod`: the school's stored incidents dated in the
    /// period (up to the as-of date) that this file neither wrote nor found are retracted, except
    /// those whose new version is quarantined.
    func replacePeriod(from: Day, to: Day, schools: [String]) throws {
        try flush()
        let until = min(to, asOf)
        let first = from.description, last = until.description
        for school in schools.sorted() {
            periods.append((school, from.description, to.description))
            let candidates = try session.rows(
                """
                SELECT incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line FROM incident
                 WHERE school_code = ? AND datum BETWEEN ? AND ? ORDER BY incident_id
                """, [school, first, last]
            ).filter {
                states[Key(school: school, id: $0.string(0))] == nil && !retractedKeys.contains(Key(school: school, id: $0.string(0)))
            }
            for row in candidates {
                let key = Key(school: school, id: row.string(0))
                if held.contains(key) {
                    totals.kept += 1
                } else {
                    retracted.append((key, Version(values: (1...6).map { row.string($0) }, deliveryId: row.int64(7), line: row.int(8))))
                    retractedKeys.insert(key)
                    totals.retracted += 1
                }
            }
        }
    }

    func describe(schools: [String], period: String?) throws {
        description = (schools.joined(separator: ","), period ?? "")
    }

    func finish() throws -> Totals {
        try flush()
        totals.rowsRead = rowsRead
        deliveryId = try PostgresNumbers.next(in: "delivery", session)
        try session.execute(
            """
            INSERT INTO delivery(id, sha256, identity, size, received_at, as_of, dialect, dropped_columns, rows_read, rows_new,
                                 rows_updated, rows_unchanged, rows_quarantined, rows_retracted, schools, period, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'verwerkt')
            """,
            [
                deliveryId, delivery.sha256, delivery.identity, delivery.size, Clock.timestamp(), delivery.asOf.description,
                delivery.dialect, droppedColumns.joined(separator: ","), totals.rowsRead, totals.new, totals.updated, totals.unchanged,
                totals.quarantinedLines, totals.retracted, description.schools, description.period,
            ])
        for period in periods {
            try session.execute(
                "INSERT INTO delivery_period(delivery_id, school_code, period_from, period_to) VALUES (?, ?, ?, ?)",
                [deliveryId, period.school, period.from, period.to])
        }
        try writeIncidents()
        try writeRetractions()
        try writeQuarantine()
        let months = touchedMonths.sorted { $0.lexicographicallyPrecedes($1) }
        try session.execute(
            """
            INSERT INTO delivery_month(delivery_id, school_code, maand) SELECT ?, s, m FROM unnest(?::text[], ?::text[]) AS t(s, m)
            ON CONFLICT DO NOTHING
            """, [deliveryId, months.map { $0[0] }, months.map { $0[1] }])
        try session.execute(
            """
            INSERT INTO delivery_month(delivery_id, school_code, maand)
            SELECT DISTINCT delivery_id, school_code, substr(datum, 1, 7) FROM retraction WHERE delivery_id = ?
            ON CONFLICT DO NOTHING
            """, [deliveryId])
        return totals
    }

    // MARK: - Set-based writes

    private static let batch = 10_000

    /// Columns for `unnest`: school_code, incident_id, six values, delivery, line.
    private func columns(_ rows: [(Key, Version)]) -> [any PostgresArgument] {
        var result: [any PostgresArgument] = [rows.map { $0.0.school }, rows.map { $0.0.id }]
        for index in 0..<6 { result.append(rows.map { $0.1.values[index] }) }
        result.append(rows.map { $0.1.deliveryId == Self.thisFile ? deliveryId : $0.1.deliveryId })
        result.append(rows.map { $0.1.line })
        return result
    }

    private static let unnestColumns =
        "unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])"
        + " AS u(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line)"

    private func writeIncidents() throws {
        var inserts: [(Key, Version)] = []
        var updates: [(Key, Version)] = []
        for key in order {
            switch states[key] {
            case .inserted(let version): inserts.append((key, version))
            case .updated(_, let now): updates.append((key, now))
            default: break
            }
        }
        for start in stride(from: 0, to: inserts.count, by: Self.batch) {
            try session.execute(
                "INSERT INTO incident(school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, delivery_id, line) SELECT * FROM \(Self.unnestColumns)",
                columns(Array(inserts[start..<min(start + Self.batch, inserts.count)])))
        }
        for start in stride(from: 0, to: updates.count, by: Self.batch) {
            try session.execute(
                """
                UPDATE incident i SET datum = u.datum, categorie = u.categorie, locatie = u.locatie, politie = u.politie,
                       leeftijd = u.leeftijd, ernst = u.ernst, delivery_id = u.delivery_id, line = u.line
                  FROM \(Self.unnestColumns)
                 WHERE i.school_code = u.school_code AND i.incident_id = u.incident_id
                """, columns(Array(updates[start..<min(start + Self.batch, updates.count)])))
        }
    }

    private func writeRetractions() throws {
        for start in stride(from: 0, to: retracted.count, by: Self.batch) {
            let rows = Array(retracted[start..<min(start + Self.batch, retracted.count)])
            try session.execute(
                """
                INSERT INTO retraction(id, delivery_id, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst, previous_delivery_id)
                SELECT (SELECT coalesce(max(id), 0) FROM retraction) + n, \(deliveryId), school_code, incident_id, datum, categorie, locatie,
                       politie, leeftijd, ernst, delivery_id
                  FROM \(Self.unnestColumns.replacingOccurrences(of: " AS u(", with: " WITH ORDINALITY AS u(").replacingOccurrences(of: "delivery_id, line)", with: "delivery_id, line, n)"))
                 ORDER BY n
                """, columns(rows))
            try session.execute(
                """
                DELETE FROM incident i USING unnest(?::text[], ?::text[]) AS u(school_code, incident_id)
                 WHERE i.school_code = u.school_code AND i.incident_id = u.incident_id
                """, [rows.map { $0.0.school }, rows.map { $0.0.id }])
        }
    }

    private func writeQuarantine() throws {
        for start in stride(from: 0, to: quarantined.count, by: Self.batch) {
            let rows = quarantined[start..<min(start + Self.batch, quarantined.count)]
            try session.execute(
                """
                INSERT INTO quarantine(id, delivery_id, line, kolom, reden, waarde_gemaskeerd)
                SELECT (SELECT coalesce(max(id), 0) FROM quarantine) + n, \(deliveryId), line, CASE WHEN kolom_null = 1 THEN NULL ELSE kolom END, reden,
                       CASE WHEN waarde_null = 1 THEN NULL ELSE waarde END
                  FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY
                    AS q(line, kolom, kolom_null, reden, waarde, waarde_null, n) ORDER BY n
                """,
                [
                    rows.map(\.line), rows.map { $0.column ?? "" }, rows.map { $0.column == nil ? 1 : 0 }, rows.map(\.reason),
                    rows.map { $0.masked ?? "" }, rows.map { $0.masked == nil ? 1 : 0 },
                ])
        }
        for (line, incident) in retries {
            try session.execute(
                """
                INSERT INTO quarantine_retry(delivery_id, line, school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    deliveryId, line, incident.schoolCode, incident.incidentId, incident.datum.description, incident.categorie,
                    incident.locatie.rawValue, incident.politie.rawValue, incident.leeftijd.rawValue, incident.ernst.rawValue,
                ])
        }
    }
}
