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
/// - marked in a bitmap by where its stored version came from: the stored row's delivery and
///   line. Every stored row has its own (delivery, line), and an unchanged row leaves it as it
///   is, so a key met again in the same file finds its own mark: "not marked" is exact;
/// - appended to a spill buffer (key, line, stored delivery and line), to be written into
///   `touched` in one go when an exact answer is needed.
///
/// The writer asks the bitmap first. A mark means "seen before in this file" (or, should two
/// stored rows ever share a position, perhaps seen): the writer then writes the spilled keys into
/// `touched` (`drain`) and takes the exact path through that table, so a genuine repeat is
/// decided exactly. `replacePeriod` drains before it reads `touched`. When the bitmap would pass
/// its limit, the writer drains once and notes every further key in `touched` directly, as before.
///
/// The bitmap replaced a hash set of 2^21 four-byte slots: its probes missed the cache on
/// every row (6 % of a 1M-row re-delivery's writer), where a re-delivery in the stored order
/// walks the bitmap in order (1M rows: 125 KB). The spill lives in memory up to `spillLimit`
/// bytes, then in an unlinked temporary file, so memory stays flat for any file size; the file
/// holds school codes and incident ids only (the same values SQLite's own temporary files hold)
/// and is gone when closed.
struct UnchangedKeys {
    /// One key to note in `touched`.
    struct Entry {
        let school: UnsafeBufferPointer<UInt8>
        let incidentId: UnsafeBufferPointer<UInt8>
        let line: Int64
        let storedDelivery: Int64
        let storedLine: Int64
    }

    /// At most this many bits in all (2^27: 16 MiB), over the stored deliveries' lines.
    let maximumBits: Int
    /// Bytes of spill kept in memory before they go to the temporary file.
    let spillLimit: Int

    init(maximumBits: Int = 1 << 27, spillLimit: Int = 1 << 18) {
        precondition(maximumBits > 0, "room for a bit")
        self.maximumBits = maximumBits
        self.spillLimit = spillLimit
    }

    /// The marks of one stored delivery: bit `line` is set when a key stored from that line was
    /// found unchanged. Zeroed memory, grown as lines come.
    private final class Marks {
        private(set) var words: UnsafeMutablePointer<UInt64>
        private(set) var count = 0
        init() { words = calloc(1, MemoryLayout<UInt64>.stride)!.assumingMemoryBound(to: UInt64.self) }
        deinit { free(words) }

        func contains(_ line: Int) -> Bool {
            let word = line >> 6
            return word < count && words[word] & (1 << UInt64(line & 63)) != 0
        }

        /// Grows to hold `line` (doubling); the words added, or nil when out of memory.
        func grow(toHold line: Int) -> Int? {
            let needed = (line >> 6) + 1
            guard needed > count else { return 0 }
            let capacity = max(needed, count * 2, 16)
            guard let grown = realloc(words, capacity * MemoryLayout<UInt64>.stride) else { return nil }
            words = grown.assumingMemoryBound(to: UInt64.self)
            (words + count).initialize(repeating: 0, count: capacity - count)
            defer { count = capacity }
            return capacity - count
        }

        func insert(_ line: Int) { words[line >> 6] |= 1 << UInt64(line & 63) }
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

    private var marks: [Int64: Marks] = [:]
    /// The marks asked for last (a re-delivery's rows mostly come from one stored delivery).
    private var last: (delivery: Int64, marks: Marks)?
    private var bits = 0
    /// Entries not yet in `touched`: a `SpillHeader`, then the school's and the id's bytes.
    private var spill: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?
    private var spilledToFile = 0

    /// Whether no key has been added since the last drain.
    var isDrained: Bool { spill.isEmpty && spilledToFile == 0 }

    private func marks(of delivery: Int64) -> Marks? {
        if let last, last.delivery == delivery { return last.marks }
        return marks[delivery]
    }

    /// Whether a key whose stored version came from `storedDelivery`, line `storedLine`, may have
    /// been added (an exact "no" when false).
    func mayContain(storedDelivery: Int64, storedLine: Int64) -> Bool {
        guard storedLine >= 0, let marks = marks(of: storedDelivery) else { return false }
        return marks.contains(Int(storedLine))
    }

    /// Adds a key that `mayContain` denied; `false` (nothing added) when the bitmap would pass
    /// `maximumBits` (or its line is negative).
    mutating func add(_ entry: Entry) throws -> Bool {
        guard entry.storedLine >= 0 else { return false }
        let line = Int(entry.storedLine)
        let owner: Marks
        if let existing = marks(of: entry.storedDelivery) {
            owner = existing
        } else {
            guard bits + 64 <= maximumBits else { return false }
            owner = Marks()
            marks[entry.storedDelivery] = owner
            bits += 64
        }
        last = (entry.storedDelivery, owner)
        if line >> 6 >= owner.count {
            let capacity = max((line >> 6) + 1, owner.count * 2, 16)
            guard bits + (capacity - owner.count) * 64 <= maximumBits, let added = owner.grow(toHold: line) else { return false }
            bits += added * 64
        }
        owner.insert(line)
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
    /// the marks stay, so `mayContain` keeps answering for them.
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
        marks = [:]
        last = nil
        bits = 0
    }
}
