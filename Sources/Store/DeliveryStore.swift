import Domain
import GRDB

/// Questions about deliveries already stored.
public enum DeliveryStore {
    public struct Earlier: Sendable, Equatable {
        public let fileName: String
        public let receivedAt: String
    }

    /// The earlier delivery with the same identity (see `DeliveryIdentity`), if any: ingesting it
    /// again changes nothing (SPEC §2d).
    static func earlier(identity: String, _ db: Database) throws -> Earlier? {
        try Row.fetchOne(db, sql: "SELECT file_name, received_at FROM delivery WHERE identity = ?", arguments: [identity])
            .map { Earlier(fileName: $0["file_name"], receivedAt: $0["received_at"]) }
    }
}
