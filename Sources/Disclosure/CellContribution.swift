// Schools as contributors: what each school adds to one shared cell, and the cell's population.

/// The contributors of one shared cell (SPEC §5, issue 17): each school's part of the count and
/// how many schools the cell is about. A school that knows its own counts can subtract its part,
/// so a cell is judged by what remains after removing any one school; a cell about fewer than
/// `min_schools` schools is not published at all.
public struct CellContribution: Sendable, Equatable {
    /// Each contributing school's part of the count (schools with 0 left out).
    public let parts: [String: Int]
    /// The joined schools the cell is about, from the reference data (never from the counts).
    public let population: Int

    public init(parts: [String: Int], population: Int) {
        self.parts = parts.filter { $0.value != 0 }
        self.population = population
    }

    /// The largest part. Among the schools (whose parts split the cell) it gives the smallest
    /// remainder; the police's part overlaps them, so the rule tries every part.
    public var largest: Int { parts.values.max() ?? 0 }

    /// The count without one school's part: what that school learns of the others.
    public func remainder(_ count: Int, without school: String) -> Int { count - (parts[school] ?? 0) }
}

/// Why a count is hidden by the primary rule.
public enum PrimaryReason: Sendable, Equatable {
    /// The count itself is 1 to k−1 (or 0, when zeros are disclosive).
    case smallCount
    /// The count minus one contributor's part is 1 to k−1: that contributor would learn a small
    /// count of the others (the insider rule).
    case smallRemainder
    /// The cell is about fewer than `min_schools` schools; it must stay unresolvable to within
    /// ±p % (``SuppressionRule/protectionPercent``).
    case fewSchools
}
