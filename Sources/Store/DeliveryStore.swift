import Domain
import GRDB

/// Questions about deliveries already stored.
public enum DeliveryStore {
    public struct Earlier: Sendable, Equatable {
        public let fileName: String
        public let receivedAt: String
    }

    /// The earlier delivery with the same bytes, if any: ingesting it again changes nothing (SPEC §2d).
    public static func earlier(sha256: String, _ db: Database) throws -> Earlier? {
        try Row.fetchOne(db, sql: "SELECT file_name, received_at FROM delivery WHERE sha256 = ?", arguments: [sha256])
            .map { Earlier(fileName: $0["file_name"], receivedAt: $0["received_at"]) }
    }
}
