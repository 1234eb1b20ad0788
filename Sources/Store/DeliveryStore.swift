import Domain
import GRDB

/// Questions about deliveries already stored.
public enum DeliveryStore {
    public struct Earlier: Sendable, Equatable {
        public let id: Int64
        public let receivedAt: String
    }

    /// The latest as-of date any delivery was ingested with (`ingest` warns when a new one is earlier).
    static func latestAsOf(_ db: Database) throws -> Day? {
        try String.fetchOne(db, sql: "SELECT max(as_of) FROM delivery WHERE status = 'verwerkt'").flatMap { Day(iso: $0) }
    }

    /// The earlier delivery with the same identity (see `DeliveryIdentity`), if any: ingesting it
    /// again changes nothing (SPEC §2d).
    static func earlier(identity: String, _ db: Database) throws -> Earlier? {
        try Row.fetchOne(db, sql: "SELECT id, received_at FROM delivery WHERE identity = ?", arguments: [identity])
            .map { Earlier(id: $0["id"], receivedAt: $0["received_at"]) }
    }
}
