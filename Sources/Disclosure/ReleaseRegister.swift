// What was published before to one audience: earlier editions constrain the next one.

/// The cells published to one audience in earlier editions, with the value last published.
///
/// An attacker keeps old packs. A cell whose current count equals the value published before is
/// therefore known, whatever the new pack writes: the suppressor never uses it as a complement
/// (it is published again) and the audit treats it as published. A late delivery changes some
/// counts; without the register a re-run could hide a changed total while publishing the
/// unchanged parts, so that a new small cell follows by difference from the old total. Cells
/// whose count changed are not constrained by their old values.
///
/// Cells are matched by ``CellKey``, so the hierarchies of the pack must stay the same between
/// editions. Cells published before that do not occur in the current pack are not used.
public struct ReleaseRegister: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public let cell: CellKey
        public let value: Int
        /// The edition that last published this value, when the caller named it.
        public let edition: String?

        public init(cell: CellKey, value: Int, edition: String? = nil) {
            self.cell = cell
            self.value = value
            self.edition = edition
        }
    }

    /// The audience this register belongs to (a register must never be shared between audiences).
    public var audience: String
    /// Sorted by cell.
    public private(set) var entries: [Entry]

    public init(audience: String, entries: [Entry] = []) {
        self.audience = audience
        var latest: [CellKey: Entry] = [:]
        for entry in entries { latest[entry.cell] = entry }
        self.entries = latest.values.sorted { $0.cell < $1.cell }
    }

    /// Cell → value last published.
    public var values: [CellKey: Int] {
        Dictionary(entries.map { ($0.cell, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The value last published for a cell, nil when it was never published.
    public func value(of cell: CellKey) -> Int? {
        // Binary search: entries are sorted by cell.
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].cell < cell { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].cell == cell ? entries[low].value : nil
    }

    /// This register with the given cells recorded as published (replacing older values).
    public func recording(_ published: [CellKey: Int], edition: String? = nil) -> ReleaseRegister {
        var latest = Dictionary(entries.map { ($0.cell, $0) }, uniquingKeysWith: { _, last in last })
        for (cell, value) in published { latest[cell] = Entry(cell: cell, value: value, edition: edition) }
        return ReleaseRegister(audience: audience, entries: Array(latest.values))
    }
}
