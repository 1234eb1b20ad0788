import Domain
import Foundation

/// The quarantine of one delivery as the school should see it: a CSV with line, column, reason
/// (Dutch) and the masked value — what the veiligheidsmanager sends back to the school. It holds
/// only what the quarantine table holds: never a raw value.
public struct QuarantineReport: Sendable {
    public struct Delivery: Sendable, Equatable {
        public let id: Int64
        /// The schools of the delivery (comma-separated; file names are not stored).
        public let schools: String
        public let receivedAt: String
        public let quarantinedLines: Int
    }

    public let delivery: Delivery
    public let csv: String

    /// Deliveries with quarantined lines, newest first (or the one with `id`).
    public static func deliveries(id: Int64? = nil, in store: some OperatorStore) throws -> [Delivery] {
        try store.quarantinedDeliveries(id: id)
    }

    public static func make(for delivery: Delivery, in store: some OperatorStore) throws -> QuarantineReport {
        var lines = ["regel,kolom,reden,waarde_gemaskeerd"]
        for line in try store.quarantineLines(ofDelivery: delivery.id) {
            lines.append([String(line.line), line.column, line.reason, line.maskedValue].map(CSVField.escape).joined(separator: ","))
        }
        return QuarantineReport(delivery: delivery, csv: lines.joined(separator: "\n") + "\n")
    }

    /// The statements both stores run (`?1` is the delivery id or null).
    static let deliveriesQuery = """
        SELECT id, schools, received_at, rows_quarantined FROM delivery
         WHERE rows_quarantined > 0 AND (?1 IS NULL OR id = ?1)
         ORDER BY id DESC
        """
    static let linesQuery = """
        SELECT line, coalesce(kolom, '') AS kolom, reden, coalesce(waarde_gemaskeerd, '') AS waarde
          FROM quarantine WHERE delivery_id = ? ORDER BY line, id
        """

    /// `quarantaine_12_VO01.csv`: by delivery number and school (file names are not stored).
    public var fileName: String {
        let school = delivery.schools.isEmpty ? "levering" : delivery.schools.replacingOccurrences(of: ",", with: "-")
        let safe = school.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return "quarantaine_\(delivery.id)_\(String(safe.prefix(60))).csv"
    }
}
