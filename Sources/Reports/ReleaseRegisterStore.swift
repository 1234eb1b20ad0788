import Domain
import Foundation
import GRDB
import Store

/// The release register (SPEC §5): what each audience has received, so a later edition cannot
/// give a hidden cell away by difference. Kept in the database as one JSON document per
/// audience (migration v10), written only after a run's packs are all in place.
enum ReleaseRegisterStore {
    static func load(audience: String, in database: SchoolveiligDatabase) throws -> Data? {
        try database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT register FROM release_register WHERE audience = ?", arguments: [audience]).map { Data($0.utf8) }
        }
    }

    static func save(_ register: Data?, audience: String, in database: SchoolveiligDatabase) throws {
        guard let register else { return }
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO release_register(audience, register, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(audience) DO UPDATE SET register = excluded.register, updated_at = excluded.updated_at
                """, arguments: [audience, String(decoding: register, as: UTF8.self), Clock.timestamp()])
        }
    }
}
