import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The keys a delivery found unchanged, noted without a B-tree write per row.
///
/// A re-delivery finds most rows unchanged. Noting each of them in the temporary `touched` table
/// right away cost two B-tree operations per row, and made a re-delivery slower than the first
/// ingest. Instead, each unchanged key is
/// - hashed into an in-memory set (4 bytes a slot, at most half full), which answers
///   "certainly not seen before" for a key whose hash it lacks;
/// - appended to a spill buffer (key, line, stored delivery and line), to be written into
///   `touched` in one go when an exact answer is needed.
///
/// The writer asks the set first. A hash the set holds means "perhaps seen": the writer then
/// writes the spilled keys into `touched` (`drain`) and takes the exact path through that table,
/// so a genuine repeat and a hash collision are both decided exactly. `replacePeriod` drains
/// before it reads `touched`. When the set is full, the writer drains once and notes every
/// further key in `touched` directly, as before.
///
/// The spill lives in memory up to `spillLimit` bytes, then in an unlinked temporary file, so
/// memory stays flat for any file size; the file holds school codes and incident ids only (the
/// same values SQLite's own temporary files hold) and is gone when closed.
struct UnchangedKeys {
    /// One key to note in `touched`.
    struct Entry {
        let school: UnsafeBufferPointer<UInt8>
        let incidentId: UnsafeBufferPointer<UInt8>
        let line: Int64
        let storedDelivery: Int64
        let storedLine: Int64
    }

    /// At most 2^21 slots (8 MiB): up to 2^20 keys, a 1M-row re-delivery.
    let maximumSlots: Int
    /// Bytes of spill kept in memory before they go to the temporary file.
    let spillLimit: Int

    init(maximumSlots: Int = 1 << 21, spillLimit: Int = 1 << 18) {
        precondition(maximumSlots > 0 && maximumSlots & (maximumSlots - 1) == 0, "a power of two")
        self.maximumSlots = maximumSlots
        self.spillLimit = spillLimit
    }

    /// The slots: the upper 32 bits of a key's hash (0: empty), found by linear probing from its
    /// lower bits. A "yes" may be a false one (a drain and the exact path follow, nothing worse);
    /// a "no" is exact. Zeroed memory from `calloc`, made at the first key: the pages become
    /// resident only as keys land on them, and nothing is copied when the set fills up.
    private final class Slots {
        let pointer: UnsafeMutablePointer<UInt32>
        let mask: Int
        init(count: Int) {
            pointer = calloc(count, MemoryLayout<UInt32>.stride)!.assumingMemoryBound(to: UInt32.self)
            mask = count - 1
        }
        deinit { free(pointer) }
    }

    /// The spill's entry header, copied as it lies in memory (`headerSize` bytes; the reader
    /// finds each field at its `MemoryLayout` offset).
    private struct SpillHeader {
        var line: Int64
        var storedDelivery: Int64
        var storedLine: Int64
        var schoolLength: UInt16
        var idLength: UInt16
    }
    private static let headerSize = MemoryLayout<SpillHeader>.size

    private var slots: Slots?
    private var used = 0
    /// Entries not yet in `touched`: a `SpillHeader`, then the school's and the id's bytes.
    private var spill: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?
    private var spilledToFile = 0

    /// Whether no key has been added since the last drain.
    var isDrained: Bool { spill.isEmpty && spilledToFile == 0 }

    /// A 64-bit hash of the key (school and id, lengths mixed in).
    static func hash(school: UnsafeBufferPointer<UInt8>, incidentId: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(school.count) << 32 | UInt64(incidentId.count))
        state = mix(state, school)
        state = mix(state, incidentId)
        // murmur3's finaliser
        state ^= state >> 33
        state &*= 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state &*= 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }

    @inline(__always)
    private static func mix(_ start: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state = start
        var index = 0
        while index < bytes.count {
            var word: UInt64 = 0
            let end = min(index + 8, bytes.count)
            for offset in index..<end { word |= UInt64(bytes[offset]) << (8 * UInt64(offset - index)) }
            state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
            state ^= state >> 29
            index = end
        }
        return (state ^ 0xFF) &* 0xBF58_476D_1CE4_E5B9
    }

    private static func tag(_ hash: UInt64) -> UInt32 { max(UInt32(truncatingIfNeeded: hash >> 32), 1) }

    /// Whether a key with this hash may have been added (an exact "no" when false).
    func mayContain(_ hash: UInt64) -> Bool {
        guard let slots else { return false }
        let tag = Self.tag(hash)
        var index = Int(truncatingIfNeeded: hash) & slots.mask
        while true {
            let slot = slots.pointer[index]
            if slot == 0 { return false }
            if slot == tag { return true }
            index = (index + 1) & slots.mask
        }
    }

    /// Adds a key whose hash `mayContain` denied; `false` (nothing added) when the set is full.
    mutating func add(_ hash: UInt64, _ entry: Entry) throws -> Bool {
        guard (used + 1) * 2 <= maximumSlots else { return false }
        let slots = self.slots ?? Slots(count: maximumSlots)
        self.slots = slots
        let tag = Self.tag(hash)
        var index = Int(truncatingIfNeeded: hash) & slots.mask
        while slots.pointer[index] != 0 { index = (index + 1) & slots.mask }
        slots.pointer[index] = tag
        used += 1
        // One append of the fixed-size header (no array per entry), then the key's bytes.
        let header = SpillHeader(
            line: entry.line, storedDelivery: entry.storedDelivery, storedLine: entry.storedLine,
            schoolLength: UInt16(entry.school.count), idLength: UInt16(entry.incidentId.count))
        withUnsafeBytes(of: header) { spill.append(contentsOf: $0.prefix(Self.headerSize)) }
        spill.append(contentsOf: entry.school)
        spill.append(contentsOf: entry.incidentId)
        if spill.count >= spillLimit { try writeSpill() }
        return true
    }

    private mutating func writeSpill() throws {
        if file == nil {
            guard let opened = tmpfile() else {
                throw FailureError("kan geen tijdelijk bestand maken: \(String(cString: strerror(errno)))")
            }
            file = opened
        }
        let written = spill.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file!) }
        guard written == spill.count else {
            throw FailureError("schrijffout in een tijdelijk bestand: \(String(cString: strerror(errno)))")
        }
        spilledToFile += spill.count
        spill.removeAll(keepingCapacity: true)
    }

    /// Hands every key added since the last drain to `body` (file order), then forgets them;
    /// the hashes stay, so `mayContain` keeps answering for them.
    mutating func drain(_ body: (Entry) throws -> Void) throws {
        if spilledToFile > 0, let file {
            guard fflush(file) == 0, fseek(file, 0, SEEK_SET) == 0 else {
                throw FailureError("leesfout in een tijdelijk bestand: \(String(cString: strerror(errno)))")
            }
            var chunk = [UInt8](repeating: 0, count: max(spillLimit, 4096))
            var carry: [UInt8] = []
            var remaining = spilledToFile
            while remaining > 0 {
                let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, min($0.count, remaining), file) }
                guard count > 0 else { throw FailureError("leesfout in een tijdelijk bestand: \(String(cString: strerror(errno)))") }
                remaining -= count
                carry.append(contentsOf: chunk[0..<count])
                let consumed = try Self.entries(in: carry, body)
                carry.removeFirst(consumed)
            }
            guard carry.isEmpty else { throw FailureError("een tijdelijk bestand is onvolledig") }
            guard fseek(file, 0, SEEK_SET) == 0, ftruncate(fileno(file), 0) == 0 else {
                throw FailureError("schrijffout in een tijdelijk bestand: \(String(cString: strerror(errno)))")
            }
            spilledToFile = 0
        }
        let consumed = try Self.entries(in: spill, body)
        precondition(consumed == spill.count, "the spill buffer holds whole entries")
        spill.removeAll(keepingCapacity: true)
    }

    /// Calls `body` for each whole entry in `bytes`; returns the bytes consumed.
    private static func entries(in bytes: [UInt8], _ body: (Entry) throws -> Void) throws -> Int {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            let headerSize = Self.headerSize
            func field<T: BitwiseCopyable>(_ path: KeyPath<SpillHeader, T>, _ type: T.Type, at start: Int) -> T {
                raw.loadUnaligned(fromByteOffset: start + MemoryLayout<SpillHeader>.offset(of: path)!, as: T.self)
            }
            while offset + headerSize <= raw.count {
                let schoolLength = Int(field(\.schoolLength, UInt16.self, at: offset))
                let idLength = Int(field(\.idLength, UInt16.self, at: offset))
                let end = offset + headerSize + schoolLength + idLength
                guard end <= raw.count else { break }
                let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                try body(
                    Entry(
                        school: UnsafeBufferPointer(start: base + offset + headerSize, count: schoolLength),
                        incidentId: UnsafeBufferPointer(start: base + offset + headerSize + schoolLength, count: idLength),
                        line: field(\.line, Int64.self, at: offset),
                        storedDelivery: field(\.storedDelivery, Int64.self, at: offset),
                        storedLine: field(\.storedLine, Int64.self, at: offset)))
                offset = end
            }
            return offset
        }
    }

    /// Closes (and so removes) the temporary file.
    mutating func close() {
        if let file { fclose(file) }
        file = nil
        spilledToFile = 0
        spill = []
        slots = nil
        used = 0
    }
}
