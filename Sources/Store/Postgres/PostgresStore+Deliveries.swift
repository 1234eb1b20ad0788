import Domain
import Foundation

extension PostgresStore: DeliveryCatalog, IngestSink {
    static func periodArguments(_ period: Period) -> [any PostgresArgument] {
        [Month(period.from).description, Month(period.to).description, period.from.description, period.to.description]
    }

    public func deliveries(covering period: Period) throws -> [DeliveryReference] {
        try session.rows(
            """
            SELECT id, sha256 FROM delivery WHERE id IN (SELECT delivery_id FROM (\(SchoolveiligDatabase.deliveriesCoveringPeriod)) c) ORDER BY id
            """, Self.periodArguments(period)
        ).map { DeliveryReference(id: $0.int64(0), sha256: $0.string(1)) }
    }

    public func deliverySchools(covering period: Period) throws -> [DeliverySchool] {
        try session.rows(
            "SELECT delivery_id, school_code FROM (\(SchoolveiligDatabase.deliveriesCoveringPeriod)) c ORDER BY delivery_id, school_code",
            Self.periodArguments(period)
        ).map { DeliverySchool(deliveryId: $0.int64(0), schoolCode: $0.string(1)) }
    }

    public func latestDelivery(sha256: String) throws -> DeliveryRecord? {
        try session.one(
            "SELECT id, sha256, schools, period FROM delivery WHERE id = (SELECT max(id) FROM delivery WHERE sha256 = ?)", [sha256]
        ).map { DeliveryRecord(id: $0.int64(0), sha256: $0.string(1), schools: $0.string(2), period: $0.string(3)) }
    }

    public func rejectedFile(sha256: String) throws -> RejectedFile? {
        try session.one("SELECT sha256, school_code, header, reason FROM rejected_file WHERE sha256 = ?", [sha256]).map {
            RejectedFile(sha256: $0.string(0), schoolCode: $0.string(1), header: $0.string(2), reason: $0.string(3))
        }
    }

    public func canonicalRows(ofDelivery id: Int64) throws -> CanonicalRows {
        var incidents: [[String]] = []
        try session.rowsInBatches(
            """
            SELECT incident_id, school_code, datum, categorie, locatie, politie, leeftijd, ernst FROM incident
             WHERE delivery_id = ? ORDER BY school_code, incident_id
            """, [id]
        ) { row in incidents.append((0..<8).map { row.string($0) }) }
        if !incidents.isEmpty {
            return CanonicalRows(
                header: ["incident_id", "school_code", "datum", "categorie", "locatie", "politie", "leeftijd", "ernst"], rows: incidents)
        }
        let counts = try session.rows(
            """
            SELECT school_code, maand, categorie, locatie, politie, aantal FROM aggregate_count
             WHERE delivery_id = ? ORDER BY school_code, maand, categorie, locatie, politie
            """, [id])
        return CanonicalRows(
            header: ["school_code", "maand", "categorie", "locatie", "politie", "aantal"],
            rows: counts.map { row in (0..<6).map { row.string($0) } })
    }

    // MARK: IngestSink

    /// Every file of an ingest asks for the school codes, and a national store has 9,000: they
    /// are read again only when the reference data changed (its hash, one row).
    public func schoolCodes() throws -> [String] {
        let hash = try referenceHash()
        if let codes = schoolCodeCache.codes(for: hash) { return codes }
        let codes = try schoolCodesSorted()
        schoolCodeCache.keep(codes, for: hash)
        return codes
    }

    public func earlierDelivery(identity: String) throws -> DeliveryStore.Earlier? {
        try session.one("SELECT id, received_at FROM delivery WHERE identity = ?", [identity]).map {
            DeliveryStore.Earlier(id: $0.int64(0), receivedAt: $0.string(1))
        }
    }

    public func latestDeliveryAsOf() throws -> Day? {
        try session.string("SELECT max(as_of) FROM delivery WHERE status = 'verwerkt'").flatMap { Day(iso: $0) }
    }

    /// One transaction per file, as in SQLite: the delivery, its rows, its quarantine and its
    /// declared period are committed together, or none of them (a killed run leaves nothing).
    public func storeDelivery<T>(_ body: (any IngestTransaction) throws -> T) throws -> T {
        try session.transaction { try body(PostgresIngestTransaction(store: self)) }
    }
}

/// The PostgreSQL transaction of one file.
struct PostgresIngestTransaction: IngestTransaction {
    let store: PostgresStore

    func categories() throws -> [Categorie] { try store.categories() }

    func incidentsRetainedFrom() throws -> Day? {
        try store.session.string("SELECT incidents_before FROM retention_meta WHERE id = 1").flatMap { Day(iso: $0) }
    }

    func beginDelivery(_ delivery: NewDelivery, droppedColumns: [String]) throws -> any DeliverySink {
        try PostgresDeliveryWriter(session: store.session, delivery: delivery, droppedColumns: droppedColumns)
    }

    func beginAggregatedDelivery(_ delivery: NewDelivery) throws -> any AggregateSink {
        try PostgresAggregateWriter(session: store.session, delivery: delivery)
    }
}
