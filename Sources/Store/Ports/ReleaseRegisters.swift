import Domain
import Foundation
import GRDB

/// The port of the release registers (SPEC §5): what each audience has received, so a later
/// edition cannot give a hidden cell away by difference. One document per audience and group
/// of linked tables, written only after a run's packs are all in place.
public protocol ReleaseRegisters: Sendable {
    /// The registers of an audience, per group of linked tables.
    func releaseRegisters(audience: String) throws -> [String: Data]
    /// Stores the registers of an audience (each group replaced), in one transaction.
    func saveReleaseRegisters(_ registers: [String: Data], audience: String) throws
}

extension SchoolveiligDatabase: ReleaseRegisters {
    // Kept as one JSON document per `audience#group` row (migration v10).
    public func releaseRegisters(audience: String) throws -> [String: Data] {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
                of: "_", with: "\\_")
        }
        return try pool.read { db in
            var result: [String: Data] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT audience, register FROM release_register WHERE audience LIKE ? ESCAPE '\\'",
                arguments: [escaped(audience) + "#%"])
            {
                let key: String = row["audience"]
                result[String(key.dropFirst(audience.count + 1))] = Data((row["register"] as String).utf8)
            }
            return result
        }
    }

    public func saveReleaseRegisters(_ registers: [String: Data], audience: String) throws {
        try pool.write { db in
            for (group, register) in registers.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO release_register(audience, register, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT(audience) DO UPDATE SET register = excluded.register, updated_at = excluded.updated_at
                        """, arguments: ["\(audience)#\(group)", String(decoding: register, as: UTF8.self), Clock.timestamp()])
            }
        }
    }
}
