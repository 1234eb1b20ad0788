import Domain
import GRDB

/// The (school, month) pairs a delivery changed — inserted, updated (old and new month) or
/// retracted — recorded in `delivery_month` so the marts refresh only what new data touches.
///
/// Called for every row written, so it avoids `Hasher` (SipHash over a `String`, about a tenth
/// of the writing thread's time when schools and months change from row to row): a school code
/// of up to 16 UTF-8 bytes is packed into two integers and kept in a small open-addressing
/// table; longer codes (none in practice) go to a plain `Set`.
struct TouchedMonths {
    private struct Pair: Hashable {
        let school: String
        /// year × 12 + month − 1
        let month: Int
    }

    /// A packed pair: the school's bytes (little-endian, zero-padded) and `month << 5 | length`.
    private struct Slot: Equatable {
        var low: UInt64
        var high: UInt64
        var tag: Int64
    }

    private var slots = [Slot](repeating: Slot(low: 0, high: 0, tag: -1), count: 256)
    private var used = 0
    private var long: Set<Pair> = []
    private var last = Slot(low: 0, high: 0, tag: -1)

    mutating func insert(_ row: EncodedIncident) {
        row.bytes.withUnsafeBufferPointer { buffer in
            let school = row.range(0)
            insert(school: UnsafeBufferPointer(rebasing: buffer[school]), datum: buffer.baseAddress! + row.range(2).lowerBound)
        }
    }

    /// `datum` points at `YYYY-MM…` (ASCII).
    mutating func insert(school: String, datum: UnsafePointer<UInt8>) {
        var school = school
        school.withUTF8 { insert(school: $0, datum: datum) }
    }

    private mutating func insert(school: UnsafeBufferPointer<UInt8>, datum: UnsafePointer<UInt8>) {
        func digit(_ index: Int) -> Int { Int(datum[index]) - 48 }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = year * 12 + digit(5) * 10 + digit(6) - 1
        guard school.count <= 16 else {
            long.insert(Pair(school: String(decoding: school, as: UTF8.self), month: month))
            return
        }
        var low: UInt64 = 0, high: UInt64 = 0
        for (index, byte) in school.enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * UInt64(index)) } else { high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        let slot = Slot(low: low, high: high, tag: Int64(month) << 5 | Int64(school.count))
        if slot == last { return }
        last = slot
        if (used + 1) * 2 > slots.count { grow() }
        place(slot)
    }

    private static func hash(_ slot: Slot) -> Int {
        var value = slot.low &* 0x9E37_79B9_7F4A_7C15
        value ^= slot.high &* 0xC2B2_AE3D_27D4_EB4F
        value ^= UInt64(bitPattern: slot.tag) &* 0x1656_67B1_9E37_79F9
        return Int(truncatingIfNeeded: value ^ (value >> 29))
    }

    private mutating func place(_ slot: Slot) {
        let mask = slots.count - 1
        var index = Self.hash(slot) & mask
        while slots[index].tag >= 0 {
            if slots[index] == slot { return }
            index = (index + 1) & mask
        }
        slots[index] = slot
        used += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(low: 0, high: 0, tag: -1), count: old.count * 2)
        used = 0
        for slot in old where slot.tag >= 0 { place(slot) }
    }

    private var pairs: [Pair] {
        var pairs = Array(long)
        for slot in slots where slot.tag >= 0 {
            var bytes: [UInt8] = []
            for index in 0..<Int(slot.tag & 31) {
                bytes.append(
                    UInt8(truncatingIfNeeded: (index < 8 ? slot.low >> (8 * UInt64(index)) : slot.high >> (8 * UInt64(index - 8)))))
            }
            pairs.append(Pair(school: String(decoding: bytes, as: UTF8.self), month: Int(slot.tag >> 5)))
        }
        return pairs
    }

    func record(delivery: Int64, _ db: Database) throws {
        let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, ?)")
        for pair in pairs.sorted(by: { ($0.school, $0.month) < ($1.school, $1.month) }) {
            let month = pair.month % 12 + 1
            try statement.execute(arguments: [delivery, pair.school, "\(pair.month / 12)-\(month < 10 ? "0" : "")\(month)"])
        }
    }
}
