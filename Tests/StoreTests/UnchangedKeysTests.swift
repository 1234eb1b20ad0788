import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Store

@Suite("Unchanged keys of a re-delivery: noted in memory, decided exactly")
struct UnchangedKeysTests {
    static func key(_ index: Int) -> (school: [UInt8], id: [UInt8]) {
        (Array("VO\(index % 7)".utf8), Array("K\(index)".utf8))
    }

    static func hash(_ index: Int) -> UInt64 {
        let (school, id) = key(index)
        return school.withUnsafeBufferPointer { school in id.withUnsafeBufferPointer { UnchangedKeys.hash(school: school, incidentId: $0) }
        }
    }

    @Test("keys spilled to the temporary file come back whole and in order; their hashes stay known after a drain")
    func spillAndDrain() throws {
        var keys = UnchangedKeys(maximumSlots: 1 << 12, spillLimit: 64)
        for index in 0..<500 {
            let (school, id) = Self.key(index)
            #expect(!keys.mayContain(Self.hash(index)))
            let added = try school.withUnsafeBufferPointer { school in
                try id.withUnsafeBufferPointer { id in
                    try keys.add(
                        Self.hash(index),
                        .init(school: school, incidentId: id, line: Int64(index + 2), storedDelivery: 7, storedLine: Int64(index)))
                }
            }
            #expect(added)
        }
        #expect((0..<500).allSatisfy { keys.mayContain(Self.hash($0)) })
        #expect((500..<1000).allSatisfy { !keys.mayContain(Self.hash($0)) })
        var drained: [String] = []
        try keys.drain { entry in
            drained.append(
                "\(String(decoding: entry.school, as: UTF8.self))/\(String(decoding: entry.incidentId, as: UTF8.self)):\(entry.line):\(entry.storedDelivery):\(entry.storedLine)"
            )
        }
        #expect(drained == (0..<500).map { "VO\($0 % 7)/K\($0):\($0 + 2):7:\($0)" })
        #expect(keys.isDrained)
        #expect((0..<500).allSatisfy { keys.mayContain(Self.hash($0)) })
        var again = 0
        try keys.drain { _ in again += 1 }
        #expect(again == 0)
        keys.close()
    }

    @Test("a full set refuses a key (the writer then notes keys in the table directly)")
    func fullSet() throws {
        var keys = UnchangedKeys(maximumSlots: 64, spillLimit: 1 << 20)
        var added = 0
        for index in 0..<100 {
            let (school, id) = Self.key(index)
            let accepted = try school.withUnsafeBufferPointer { school in
                try id.withUnsafeBufferPointer {
                    try keys.add(Self.hash(index), .init(school: school, incidentId: $0, line: 1, storedDelivery: 1, storedLine: 1))
                }
            }
            if !accepted { break }
            added += 1
        }
        #expect(added == 32)
        keys.close()
    }

    /// A re-delivery of `count` stored rows in file order, with an identical repeat of one key and a
    /// differing repeat of another at the end, written with the given limits of the in-memory set.
    static func redeliver(count: Int, limits: UnchangedKeys) throws -> (DeliveryWriter.Totals, [Int], String?) {
        let folder = try TemporaryFolder()
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("db.sqlite"))
        let asOf = Day(iso: "2025-06-30")!
        func incident(_ index: Int, datum: String = "2025-01-10") -> EncodedIncident {
            EncodedIncident(Incident(schoolCode: "VO\(index % 3)", incidentId: "K\(index)", datum: Day(iso: datum)!, categorie: "PESTEN"))
        }
        try database.pool.write { db in
            let first = try DeliveryWriter(
                db: db, sha256: "1", identity: "1", size: 1, asOf: asOf, dialect: "test", droppedColumns: [])
            for index in 0..<count { try first.apply(line: index + 2, incident(index)) }
            _ = try first.finish()
        }
        return try database.pool.write { db in
            let again = try DeliveryWriter(
                db: db, sha256: "2", identity: "2", size: 1, asOf: asOf, dialect: "test", droppedColumns: [], unchangedKeys: limits)
            for index in 0..<count { try again.apply(line: index + 2, incident(index)) }
            try again.apply(line: count + 2, incident(3))
            try again.apply(line: count + 3, incident(count - 5, datum: "2025-02-01"))
            try again.replacePeriod(from: Day(iso: "2025-01-01")!, to: Day(iso: "2025-03-31")!, schools: ["VO0", "VO1", "VO2"])
            let totals = try again.finish()
            let lines = try Int.fetchAll(
                db, sql: "SELECT line FROM quarantine WHERE delivery_id = ? ORDER BY line", arguments: [again.deliveryId])
            let kept = try String.fetchOne(db, sql: "SELECT datum FROM incident WHERE incident_id = ?", arguments: ["K\(count - 5)"])
            return (totals, lines, kept)
        }
    }

    @Test(
        "a re-delivery decides repeats exactly whether its keys stay in memory, spill to a file, or fill the set",
        arguments: [(1 << 21, 1 << 18), (1 << 16, 100), (256, 100)])
    func redeliveryIsExact(maximumSlots: Int, spillLimit: Int) throws {
        let count = 600
        let (totals, lines, kept) = try Self.redeliver(
            count: count, limits: UnchangedKeys(maximumSlots: maximumSlots, spillLimit: spillLimit))
        #expect(totals.new == 0)
        #expect(totals.updated == 0)
        // Every key unchanged but the one repeated with other values; nothing retracted.
        #expect(totals.unchanged == count - 1)
        #expect(totals.retracted == 0)
        #expect(totals.quarantinedLines == 2)
        #expect(lines == [count - 5 + 2, count + 3])
        #expect(kept == "2025-01-10")
    }
}
