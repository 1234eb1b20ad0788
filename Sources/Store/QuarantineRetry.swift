import Domain
import Foundation

/// `quarantine retry` (SPEC §2d): rows quarantined only because their school was unknown are
/// applied once the reference data knows the school. Each retry is a delivery of its own
/// ("herkansing"), so every stored incident still points at the delivery that brought it.
/// A retried row never overwrites a version delivered in the meantime: the key's newer version wins.
public enum QuarantineRetry {
    public struct Result: Sendable, Equatable {
        public var stored = 0
        /// Keys delivered again in the meantime: the newer version stays.
        public var superseded = 0
        /// Rows whose school is still unknown.
        public var waiting = 0
        public init() {}
    }

    public static func run(in store: some OperatorStore, asOf: Day) throws -> Result {
        try store.retryQuarantine(asOf: asOf)
    }

    /// The retry's own delivery: when, and from which deliveries its rows come.
    static func delivery(retrying sources: [Int64], asOf: Day) -> (identity: String, receivedAt: String, dialect: String) {
        let stamp = Clock.timestamp()
        let list = Set(sources).sorted().map(String.init).joined(separator: ",")
        return ("herkansing \(stamp) \(UUID().uuidString)", stamp, "herkansing uit quarantaine van levering \(list)")
    }
}
