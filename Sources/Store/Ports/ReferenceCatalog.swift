import Domain
import GRDB

/// The port through which the other stages read the reference data in use: its hash, the
/// places of the schools, the categories. Callers see these record types and never the
/// connection; `SchoolveiligDatabase` implements it for SQLite, a second store can follow.
public protocol ReferenceCatalog: Sendable {
    /// The SHA-256 of the reference data in use; empty before the first load.
    func referenceHash() throws -> String
    /// The hash, load time and source of the reference data, when one was loaded.
    func referenceMeta() throws -> ReferenceMeta?
    /// The wijk codes of the reference data.
    func wijkCodes() throws -> Set<String>
    /// Every school with its place, sorted by code.
    func schoolRecords() throws -> [SchoolRecord]
    /// Every wijk with its stadsdeel and gebied (`onbekend` when empty).
    func wijkPlaces() throws -> [WijkPlace]
    /// The categories in use: code, label, meldplicht.
    func categoryRecords() throws -> [CategoryRecord]
    /// How many (school, school year) records of the covenant's other agreements are loaded.
    func agreementCount() throws -> Int
}

/// The reference data in use: its hash, when and from where it was loaded.
public struct ReferenceMeta: Sendable, Equatable, Decodable, FetchableRecord {
    public let sha256: String
    public let loadedAt: String
    public let source: String

    enum CodingKeys: String, CodingKey {
        case sha256, source
        case loadedAt = "loaded_at"
    }
}

/// A wijk's stadsdeel and gebied, `onbekend` when empty.
public struct WijkPlace: Sendable, Equatable, Decodable, FetchableRecord {
    public let code: String
    public let stadsdeel: String
    public let gebied: String

    public init(code: String, stadsdeel: String, gebied: String) {
        self.code = code
        self.stadsdeel = stadsdeel
        self.gebied = gebied
    }

    static let selectAll = """
        SELECT code, coalesce(nullif(stadsdeel, ''), 'onbekend') AS stadsdeel, coalesce(nullif(gebied, ''), 'onbekend') AS gebied
          FROM wijk ORDER BY code
        """
}

/// A category as stored: code, label and meldplicht (`ja`, `afweging`, `nee`).
public struct CategoryRecord: Sendable, Equatable, Decodable, FetchableRecord {
    public let code: String
    public let label: String
    public let meldplicht: String

    public init(code: String, label: String, meldplicht: String) {
        self.code = code
        self.label = label
        self.meldplicht = meldplicht
    }
}

extension SchoolveiligDatabase: ReferenceCatalog {
    public func referenceHash() throws -> String {
        try pool.read { try ReferenceStore.hash($0) }
    }

    public func referenceMeta() throws -> ReferenceMeta? {
        try pool.read { try ReferenceStore.meta($0) }
    }

    public func wijkCodes() throws -> Set<String> {
        Set(try pool.read { try String.fetchAll($0, sql: "SELECT code FROM wijk") })
    }

    public func schoolRecords() throws -> [SchoolRecord] {
        try pool.read { try SchoolRecord.fetchAll($0, sql: SchoolRecord.selectAll) }
    }

    public func wijkPlaces() throws -> [WijkPlace] {
        try pool.read { try WijkPlace.fetchAll($0, sql: WijkPlace.selectAll) }
    }

    public func agreementCount() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM afspraak") ?? 0 }
    }

    public func categoryRecords() throws -> [CategoryRecord] {
        try pool.read { try CategoryRecord.fetchAll($0, sql: "SELECT code, label, meldplicht FROM categorie ORDER BY code") }
    }
}
