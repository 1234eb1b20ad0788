import Analytics
import Domain

/// One table of a pack: long form (SPEC §4) — the dimensions, named as the `counts`
/// dimensions, then the measures, `aantal` first — with margin rows that carry `Totaal` in each
/// dimension they sum over. It is written as CSV and shown on one sheet of the workbook.
public struct PackTable: Sendable {
    /// The sheet of the workbook that shows the table.
    public enum Sheet: String, Sendable, CaseIterable {
        case samenvatting = "Samenvatting"
        case trends = "Trends"
        case uitsplitsingen = "Uitsplitsingen"
        case naleving = "Naleving"
        case aanlevering = "Aanlevering"
    }

    /// The file name of its CSV (without `.csv`), such as `uitsplitsing_stadsdeel`.
    public let slug: String
    /// The Dutch title above it.
    public let title: String
    public let sheet: Sheet
    public var table: LongTable
    /// The measures that count incidents: what disclosure control protects.
    public let counts: [String]
    /// Measures derived from a count (rate, interval, share): hidden with it.
    public let derived: [String: String]
    /// A line chart over the time dimension, one series per value of this dimension.
    public let chartSeries: String?
    public let note: String?
    /// Figures of other schools shown beside a school's own (schoolgesprek): suppressed even
    /// in the school's own pack.
    public let benchmark: Bool
    /// The dimension a share (`aandeel`) is taken over: a row's share is its count over the
    /// count of the row with `Totaal` in this dimension (`PublishedShares`).
    public let shareOf: String?

    public init(
        slug: String, title: String, sheet: Sheet, table: LongTable, counts: [String] = ["aantal"],
        derived: [String: String] = [:], chartSeries: String? = nil, note: String? = nil, benchmark: Bool = false,
        shareOf: String? = nil
    ) {
        self.benchmark = benchmark
        self.shareOf = shareOf
        self.slug = slug
        self.title = title
        self.sheet = sheet
        self.table = table
        self.counts = counts
        self.derived = derived
        self.chartSeries = chartSeries
        self.note = note
    }

    /// The CSV cells of a row: keys as text, measures as numbers or text.
    func csvRows() -> [[CSVDialect.Cell]] {
        table.rows.map { row in
            row.keys.map { .text($0) }
                + row.values.map { value in
                    switch value {
                    case .integer(let number): .integer(number)
                    case .decimal(let number, let places): .decimal(number, places: places)
                    case .text(let text): .text(text)
                    case .empty: .empty
                    }
                }
        }
    }
}

/// The word a margin row carries in each dimension it sums over (SPEC §4).
public let totaal = "Totaal"
