/// The keys a delivery found stored and unchanged, with the line they stood on, held in memory
/// instead of the temporary `touched` table: a re-delivery of a large export then costs one
/// lookup per row instead of a lookup and a B-tree insert (which at millions of rows spilled the
/// temporary table to disk). Only an earlier line of the same key in the same file is ever asked.
///
/// A key is held as 96 bits of two differently seeded hashes of its bytes, 16 bytes a slot in an
/// open-addressing table of at most `maximumSlots` (16 MiB): past three quarters full it refuses
/// more keys, and the writer notes the rest in `touched` as before, so memory stays bounded.
/// Two keys of one file agreeing on 96 bits (about one chance in 10^17 for a million keys) is
/// the only way a key could be taken for another.
struct UnchangedKeys {
    static let maximumSlots = 1 << 20

    private var first: [UInt64]
    /// The second hash in the high 32 bits, the line in the low 32 (line + 1: 0 marks an empty slot).
    private var second: [UInt64]
    private var mask: Int
    private let slotLimit: Int
    private(set) var count = 0

    init(slots: Int = 1 << 14, slotLimit: Int = UnchangedKeys.maximumSlots) {
        self.slotLimit = slotLimit
        first = Array(repeating: 0, count: slots)
        second = Array(repeating: 0, count: slots)
        mask = slots - 1
    }

    /// The two hashes of a key's bytes (school code, a separator, incident id).
    static func fingerprint(school: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) -> (UInt64, UInt32) {
        var a = Hasher()
        a.combine(bytes: school)
        a.combine(0x1F as UInt8)
        a.combine(bytes: id)
        var b = Hasher()
        b.combine(0xA5A5 as UInt16)
        b.combine(bytes: id)
        b.combine(0x1F as UInt8)
        b.combine(bytes: school)
        return (UInt64(bitPattern: Int64(a.finalize())), UInt32(truncatingIfNeeded: b.finalize()))
    }

    /// The line of an earlier occurrence of the key, if this file had one.
    func line(of key: (UInt64, UInt32)) -> Int? {
        var index = Int(truncatingIfNeeded: key.0) & mask
        while second[index] != 0 {
            if first[index] == key.0, UInt32(truncatingIfNeeded: second[index] >> 32) == key.1 {
                return Int(second[index] & 0xFFFF_FFFF) - 1
            }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Holds a key first seen on `line`; false when the table is full (the caller falls back).
    mutating func insert(_ key: (UInt64, UInt32), line: Int) -> Bool {
        guard line >= 0, line < Int(UInt32.max) else { return false }
        if (count + 1) * 4 > (mask + 1) * 3 {
            guard mask + 1 < slotLimit else { return false }
            grow()
        }
        var index = Int(truncatingIfNeeded: key.0) & mask
        while second[index] != 0 { index = (index + 1) & mask }
        first[index] = key.0
        second[index] = UInt64(key.1) << 32 | UInt64(line + 1)
        count += 1
        return true
    }

    private mutating func grow() {
        let oldFirst = first, oldSecond = second
        let slots = (mask + 1) * 2
        first = Array(repeating: 0, count: slots)
        second = Array(repeating: 0, count: slots)
        mask = slots - 1
        for index in 0..<oldSecond.count where oldSecond[index] != 0 {
            var target = Int(truncatingIfNeeded: oldFirst[index]) & mask
            while second[target] != 0 { target = (target + 1) & mask }
            first[target] = oldFirst[index]
            second[target] = oldSecond[index]
        }
    }
}
