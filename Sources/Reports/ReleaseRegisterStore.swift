import Domain
import Foundation
import GRDB
import Store

/// The release register (SPEC §5): what each audience has received, so a later edition cannot
/// give a hidden cell away by difference. Kept in the database as one JSON document per
/// audience (migration v10), written only after a run's packs are all in place.
enum ReleaseRegisterStore {
    /// The registers of an audience, per group of linked tables (rows `audience#group`).
    static func load(audience: String, in database: SchoolveiligDatabase) throws -> [String: Data] {
        try database.pool.read { db in
            var result: [String: Data] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT audience, register FROM release_register WHERE audience LIKE ? ESCAPE '\\'",
                                        arguments: [escapedPrefix(audience) + "#%"]) {
                let key: String = row["audience"]
                result[String(key.dropFirst(audience.count + 1))] = Data((row["register"] as String).utf8)
            }
            return result
        }
    }

    static func save(_ registers: [String: Data], audience: String, in database: SchoolveiligDatabase) throws {
        try database.pool.write { db in
            for (group, register) in registers.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: """
                    INSERT INTO release_register(audience, register, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(audience) DO UPDATE SET register = excluded.register, updated_at = excluded.updated_at
                    """, arguments: ["\(audience)#\(group)", String(decoding: register, as: UTF8.self), Clock.timestamp()])
            }
        }
    }

    private static func escapedPrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
