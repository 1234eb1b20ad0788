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

    static func add(_ keys: inout UnchangedKeys, _ index: Int, storedDelivery: Int64 = 7) throws -> Bool {
        let (school, id) = key(index)
        return try school.withUnsafeBufferPointer { school in
            try id.withUnsafeBufferPointer { id in
                try keys.add(
                    .init(school: school, incidentId: id, line: Int64(index + 2), storedDelivery: storedDelivery, storedLine: Int64(index)))
            }
        }
    }

    @Test("keys spilled to the temporary file come back whole and in order; their marks stay known after a drain")
    func spillAndDrain() throws {
        var keys = UnchangedKeys(spillLimit: 64)
        for index in 0..<500 {
            #expect(!keys.mayContain(storedDelivery: 7, storedLine: Int64(index)))
            #expect(try Self.add(&keys, index))
        }
        #expect((0..<500).allSatisfy { keys.mayContain(storedDelivery: 7, storedLine: Int64($0)) })
        #expect((500..<1000).allSatisfy { !keys.mayContain(storedDelivery: 7, storedLine: Int64($0)) })
        // The same lines of another stored delivery are other rows.
        #expect((0..<500).allSatisfy { !keys.mayContain(storedDelivery: 8, storedLine: Int64($0)) })
        var drained: [String] = []
        try keys.drain { entry in
            drained.append(
                "\(String(decoding: entry.school, as: UTF8.self))/\(String(decoding: entry.incidentId, as: UTF8.self)):\(entry.line):\(entry.storedDelivery):\(entry.storedLine)"
            )
        }
        #expect(drained == (0..<500).map { "VO\($0 % 7)/K\($0):\($0 + 2):7:\($0)" })
        #expect(keys.isDrained)
        #expect((0..<500).allSatisfy { keys.mayContain(storedDelivery: 7, storedLine: Int64($0)) })
        var again = 0
        try keys.drain { _ in again += 1 }
        #expect(again == 0)
        keys.close()
    }

    @Test("marks of several stored deliveries, in any order of lines, are kept apart and exact")
    func severalDeliveries() throws {
        var keys = UnchangedKeys()
        // A linear congruential generator (Knuth's MMIX constants), upper bits: deterministic, no shared helper needed.
        var state: UInt64 = 17
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var added: Set<[Int64]> = []
        for _ in 0..<3000 {
            let delivery = Int64(next() % 4)
            let line = Int64(next() % 20_000)
            guard !keys.mayContain(storedDelivery: delivery, storedLine: line) else {
                #expect(added.contains([delivery, line]))
                continue
            }
            #expect(!added.contains([delivery, line]))
            let (school, id) = Self.key(Int(line))
            let accepted = try school.withUnsafeBufferPointer { school in
                try id.withUnsafeBufferPointer {
                    try keys.add(.init(school: school, incidentId: $0, line: 1, storedDelivery: delivery, storedLine: line))
                }
            }
            #expect(accepted)
            added.insert([delivery, line])
        }
        for delivery in Int64(0)..<4 {
            for line in Int64(0)..<20_000 {
                if keys.mayContain(storedDelivery: delivery, storedLine: line) != added.contains([delivery, line]) {
                    Issue.record("delivery \(delivery), line \(line)")
                }
            }
        }
        keys.close()
    }

    @Test("a bitmap at its limit refuses a key (the writer then notes keys in the table directly)")
    func fullSet() throws {
        var keys = UnchangedKeys(maximumBits: 2000, spillLimit: 1 << 20)
        var added = 0
        for index in 0..<10_000 {
            if !(try Self.add(&keys, index)) { break }
            added += 1
        }
        // 64 bits counted for the delivery, then 16 words (1,024 lines); doubling to 32 words
        // would pass the limit of 2,000 bits.
        #expect(added == 1024)
        let marked = keys.mayContain(storedDelivery: 7, storedLine: 1024)
        #expect(!marked)
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
        arguments: [(1 << 27, 1 << 18), (1 << 16, 100), (64 * 4, 100)])
    func redeliveryIsExact(maximumBits: Int, spillLimit: Int) throws {
        let count = 600
        let (totals, lines, kept) = try Self.redeliver(
            count: count, limits: UnchangedKeys(maximumBits: maximumBits, spillLimit: spillLimit))
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
