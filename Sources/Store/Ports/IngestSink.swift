import Domain
import GRDB

/// The port through which Ingest stores deliveries: what it checks before a file (the school
/// codes, an earlier delivery with the same identity), then one transaction per file in which a
/// delivery is begun, its rows applied or quarantined, its declared period replaced and the
/// delivery finished — all of it committed together, or nothing when the body throws.
/// `SchoolveiligDatabase` implements it for SQLite (its delivery writer binds rows through the
/// C API: the fast path stays behind this port).
public protocol IngestSink: Sendable {
    /// The school codes of the reference data, sorted.
    func schoolCodes() throws -> [String]
    /// The earlier delivery with this identity (see `DeliveryIdentity`), if any.
    func earlierDelivery(identity: String) throws -> DeliveryStore.Earlier?
    /// The latest as-of date any delivery was ingested with.
    func latestDeliveryAsOf() throws -> Day?
    /// Runs `body` in one write transaction.
    func storeDelivery<T>(_ body: (any IngestTransaction) throws -> T) throws -> T
}

/// One file's transaction: what validation needs from the store, and where the delivery goes.
public protocol IngestTransaction {
    /// The categories in use, for matching codes, labels and aliases.
    func categories() throws -> [Categorie]
    /// The first day whose incident rows are kept (retention), when a purge folded older ones.
    func incidentsRetainedFrom() throws -> Day?
    /// Begins a delivery of incidents (SPEC §2a).
    func beginDelivery(_ delivery: NewDelivery, droppedColumns: [String]) throws -> any DeliverySink
    /// Begins an aggregated delivery (SPEC §2b).
    func beginAggregatedDelivery(_ delivery: NewDelivery) throws -> any AggregateSink
}

/// What a delivery record says about its file (never its name: SPEC §5).
public struct NewDelivery: Sendable, Equatable {
    public let sha256: String
    public let identity: String
    public let size: Int64
    public let asOf: Day
    public let dialect: String

    public init(sha256: String, identity: String, size: Int64, asOf: Day, dialect: String) {
        self.sha256 = sha256
        self.identity = identity
        self.size = size
        self.asOf = asOf
        self.dialect = dialect
    }
}

/// A delivery of incidents being stored: apply valid rows, quarantine invalid ones, replace the
/// declared period, finish.
public protocol DeliverySink: AnyObject {
    var rowsRead: Int { get }
    func countRow()
    func apply(line: Int, _ row: EncodedIncident) throws
    func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws
    func holdForRetry(line: Int, _ incident: Incident) throws
    /// Notes the key of a quarantined row: its stored version stays, a declared period does not retract it.
    func keepStored(schoolCode: String, incidentId: String) throws
    func replacePeriod(from: Day, to: Day, schools: [String]) throws
    /// Records what identifies the delivery without a file name: its schools and declared period.
    func describe(schools: [String], period: String?) throws
    func finish() throws -> DeliveryWriter.Totals
}

/// An aggregated delivery being stored: add counts, quarantine invalid lines, finish.
public protocol AggregateSink: AnyObject {
    func countRow()
    func add(line: Int, _ cell: AggregateWriter.Cell, aantal: Int)
    func quarantine(line: Int, column: String?, reason: String, maskedValue: String?) throws
    func finish() throws -> AggregateWriter.Totals
}

extension DeliveryWriter: DeliverySink {}
extension AggregateWriter: AggregateSink {}

extension SchoolveiligDatabase: IngestSink {
    public func schoolCodes() throws -> [String] {
        try pool.read { try ReferenceStore.schoolCodes($0) }
    }

    public func earlierDelivery(identity: String) throws -> DeliveryStore.Earlier? {
        try pool.read { try DeliveryStore.earlier(identity: identity, $0) }
    }

    public func latestDeliveryAsOf() throws -> Day? {
        try pool.read { try DeliveryStore.latestAsOf($0) }
    }

    public func storeDelivery<T>(_ body: (any IngestTransaction) throws -> T) throws -> T {
        try pool.write { db in try body(SQLiteIngestTransaction(db: db)) }
    }
}

/// The SQLite transaction of one file.
struct SQLiteIngestTransaction: IngestTransaction {
    let db: Database

    func categories() throws -> [Categorie] { try ReferenceStore.categories(db) }

    func incidentsRetainedFrom() throws -> Day? { try Retention.incidentsRetainedFrom(db) }

    func beginDelivery(_ delivery: NewDelivery, droppedColumns: [String]) throws -> any DeliverySink {
        try DeliveryWriter(
            db: db, sha256: delivery.sha256, identity: delivery.identity,
            size: delivery.size, asOf: delivery.asOf, dialect: delivery.dialect, droppedColumns: droppedColumns)
    }

    func beginAggregatedDelivery(_ delivery: NewDelivery) throws -> any AggregateSink {
        try AggregateWriter(
            db: db, sha256: delivery.sha256, identity: delivery.identity,
            size: delivery.size, asOf: delivery.asOf, dialect: delivery.dialect)
    }
}
