// A table of a pack before suppression: long form, dimension values plus true counts.

/// One table of a briefing pack in long form, with its true counts: the input of the
/// ``Suppressor``. Each row holds one value per dimension; a margin row carries `Totaal` in every
/// dimension it sums over. A total must be the sum of the rows it covers (the suppressor checks).
public struct PublishedTable: Sendable, Equatable {
    /// The table's name as shown in the pack, used in messages.
    public let name: String
    /// The dimension columns, e.g. `["stadsdeel", "categorie"]`.
    public let dimensions: [String]
    /// One array of dimension values per row, in the order of `dimensions`.
    public var rows: [[String]]
    /// The true count of each row.
    public var counts: [Int]
    /// Rows that are the audience's own figures (the school's own pack): always published, never
    /// sensitive. nil means none. A cell marked own in one table is own in every table of the pack.
    public var own: [Bool]?
    /// Per row, the value the cumulative publication already holds for the same cell (published to
    /// any audience before), nil when none: a cell published before stays as published.
    public var publishedBefore: [Int?]?
    /// Per row, whether the publication holds the same cell as hidden: it stays hidden.
    public var hiddenBefore: [Bool]?
    /// Per row, the schools that contribute to the count and the cell's population (issue 17),
    /// nil where unknown (then only the count itself is judged).
    public var contributions: [CellContribution?]?
    /// Per row, what each earlier edition of the pack held for the cell (issue 17), one entry per
    /// earlier edition, in the same order for every row; nil where that edition did not have it.
    /// A reader may hold every edition, so the change from each of them is a cell.
    public var revisions: [[CellRevision?]]? = nil

    public init(
        name: String, dimensions: [String], rows: [[String]], counts: [Int], own: [Bool]? = nil,
        publishedBefore: [Int?]? = nil, hiddenBefore: [Bool]? = nil, contributions: [CellContribution?]? = nil
    ) {
        self.contributions = contributions
        self.name = name
        self.dimensions = dimensions
        self.rows = rows
        self.counts = counts
        self.own = own
        self.publishedBefore = publishedBefore
        self.hiddenBefore = hiddenBefore
    }

    func isOwn(_ row: Int) -> Bool { own?[row] ?? false }

    func contribution(_ row: Int) -> CellContribution? { contributions?[row] ?? nil }

    func revisions(_ row: Int) -> [CellRevision?] { revisions?[row] ?? [] }
}
