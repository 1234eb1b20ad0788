import Domain
import GRDB

/// The port through which the other stages ask about stored deliveries: which deliveries hold
/// data about a period (the inputs a pack names), what a delivery brought in canonical form (the
/// archive), and whether a file was stored or rejected before.
public protocol DeliveryCatalog: Sendable {
    /// The deliveries with data about `period`: a declared period overlapping it, or rows dated
    /// in one of its months; sorted by id.
    func deliveries(covering period: Period) throws -> [DeliveryReference]
    /// The same deliveries with each school they hold data of, sorted by id and school.
    func deliverySchools(covering period: Period) throws -> [DeliverySchool]
    /// The latest delivery of a file with these bytes, if it was stored.
    func latestDelivery(sha256: String) throws -> DeliveryRecord?
    /// The note on a file with these bytes that was rejected for its content, if any.
    func rejectedFile(sha256: String) throws -> RejectedFile?
    /// The rows a delivery brought, in canonical form: incidents, or else aggregated counts.
    func canonicalRows(ofDelivery id: Int64) throws -> CanonicalRows
}

/// A delivery as a pack's manifest names it.
public struct DeliveryReference: Sendable, Equatable, Decodable, FetchableRecord {
    public let id: Int64
    public let sha256: String
}

/// A delivery and one school it holds data of.
public struct DeliverySchool: Sendable, Equatable, Hashable, Decodable, FetchableRecord {
    public let deliveryId: Int64
    public let schoolCode: String

    enum CodingKeys: String, CodingKey {
        case deliveryId = "delivery_id"
        case schoolCode = "school_code"
    }
}

/// A file refused for its content, as noted (SPEC §5: never the file or its name): its hash,
/// the school it came for (empty when unknown), its masked header and the masked reason.
public struct RejectedFile: Sendable, Equatable, FetchableRecord {
    public let sha256: String
    public let schoolCode: String
    public let header: String
    public let reason: String

    init(sha256: String, schoolCode: String, header: String, reason: String) {
        self.sha256 = sha256
        self.schoolCode = schoolCode
        self.header = header
        self.reason = reason
    }

    public init(row: Row) throws {
        sha256 = row["sha256"]
        schoolCode = row["school_code"]
        header = row["header"]
        reason = row["reason"]
    }
}

/// What a delivery brought, in the canonical columns of SPEC §2a or §2b.
public struct CanonicalRows: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]
}

extension SchoolveiligDatabase: DeliveryCatalog {
    /// The one statement for "deliveries with data about a period": declared periods that
    /// overlap it, and months with rows. Arguments: first month, last month, first day, last day.
    static let deliveriesCoveringPeriod = """
        SELECT delivery_id, school_code FROM delivery_month WHERE maand BETWEEN ? AND ?
        UNION
        SELECT delivery_id, school_code FROM delivery_period WHERE period_to >= ? AND period_from <= ?
        """

    static func periodArguments(_ period: Period) -> StatementArguments {
        [Month(period.from).description, Month(period.to).description, period.from.description, period.to.description]
    }

    public func deliveries(covering period: Period) throws -> [DeliveryReference] {
        try pool.read { db in
            try DeliveryReference.fetchAll(
                db,
                sql: """
                    SELECT id, sha256 FROM delivery WHERE id IN (SELECT delivery_id FROM (\(Self.deliveriesCoveringPeriod))) ORDER BY id
                    """, arguments: Self.periodArguments(period))
        }
    }

    public func deliverySchools(covering period: Period) throws -> [DeliverySchool] {
        try pool.read { db in
            try DeliverySchool.fetchAll(
                db, sql: "SELECT delivery_id, school_code FROM (\(Self.deliveriesCoveringPeriod)) ORDER BY delivery_id, school_code",
                arguments: Self.periodArguments(period))
        }
    }

    public func latestDelivery(sha256: String) throws -> DeliveryRecord? {
        try pool.read { db in
            try DeliveryRecord.fetchOne(
                db,
                sql: """
                    SELECT id, sha256, schools, period FROM delivery WHERE id = (SELECT max(id) FROM delivery WHERE sha256 = ?)
                    """, arguments: [sha256])
        }
    }

    public func rejectedFile(sha256: String) throws -> RejectedFile? {
        try pool.read {
            try RejectedFile.fetchOne(
                $0, sql: "SELECT sha256, school_code, header, reason FROM rejected_file WHERE sha256 = ?", arguments: [sha256])
        }
    }

    public func canonicalRows(ofDelivery id: Int64) throws -> CanonicalRows {
        try pool.read { db in
            let incidents = try Row.fetchAll(
                db,
                sql: """
                    SELECT incident_id, school_code, datum, categorie, locatie, politie, leeftijd, ernst FROM incident
                     WHERE delivery_id = ? ORDER BY school_code, incident_id
                    """, arguments: [id])
            if !incidents.isEmpty {
                return CanonicalRows(
                    header: ["incident_id", "school_code", "datum", "categorie", "locatie", "politie", "leeftijd", "ernst"],
                    rows: incidents.map { row in (0..<8).map { row[$0] as String } })
            }
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT school_code, maand, categorie, locatie, politie, aantal FROM aggregate_count
                     WHERE delivery_id = ? ORDER BY school_code, maand, categorie, locatie, politie
                    """, arguments: [id])
            return CanonicalRows(
                header: ["school_code", "maand", "categorie", "locatie", "politie", "aantal"],
                rows: counts.map { row in (0..<5).map { row[$0] as String } + [String(row[5] as Int)] })
        }
    }
}
