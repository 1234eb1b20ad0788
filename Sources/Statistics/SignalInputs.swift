// What a caller hands to `SignalPack` for each cell: a period comparison, a yearly series, or a
// series of periods for aberration detection. Plain values, no I/O.

/// This period against the same period a year earlier; exposure = enrolled pupils.
public struct PeriodComparisonInput: Sendable, Equatable {
    public var cell: CellIdentifier
    public var measure: String
    public var currentLabel: String
    public var currentCount: Int
    /// Pupils in the current period; zero, negative or NaN means missing.
    public var currentEnrolment: Double
    public var previousLabel: String
    public var previousCount: Int
    public var previousEnrolment: Double
    /// The cell has incomplete deliveries: a decrease will not be reported.
    public var incompleteDeliveries: Bool
    /// A count of the comparison is not published (disclosure control): the cell is not
    /// tested, takes no part in the Benjamini–Hochberg adjustment, and gets no direction or
    /// verdict ("geen signaal berekend"). Pass 0 for a hidden count: it is shown as the caller's
    /// marker and never used.
    public var unpublished: Bool

    public init(
        cell: CellIdentifier, measure: String,
        currentLabel: String, currentCount: Int, currentEnrolment: Double,
        previousLabel: String, previousCount: Int, previousEnrolment: Double,
        incompleteDeliveries: Bool = false, unpublished: Bool = false
    ) {
        self.unpublished = unpublished
        self.cell = cell
        self.measure = measure
        self.currentLabel = currentLabel
        self.currentCount = currentCount
        self.currentEnrolment = currentEnrolment
        self.previousLabel = previousLabel
        self.previousCount = previousCount
        self.previousEnrolment = previousEnrolment
        self.incompleteDeliveries = incompleteDeliveries
    }
}

/// Yearly counts with enrolment for a multi-year trend.
public struct TrendInput: Sendable, Equatable {
    public var cell: CellIdentifier
    public var measure: String
    /// Label of the first and last year, e.g. "2019" and "2025".
    public var firstLabel: String
    public var lastLabel: String
    /// One count per consecutive year.
    public var counts: [Double]
    /// Pupils per year.
    public var enrolments: [Double]
    public var incompleteDeliveries: Bool
    /// A year's count is not published: no trend is estimated ("geen signaal berekend").
    public var unpublished: Bool

    public init(
        cell: CellIdentifier, measure: String, firstLabel: String, lastLabel: String,
        counts: [Double], enrolments: [Double], incompleteDeliveries: Bool = false, unpublished: Bool = false
    ) {
        self.unpublished = unpublished
        self.cell = cell
        self.measure = measure
        self.firstLabel = firstLabel
        self.lastLabel = lastLabel
        self.counts = counts
        self.enrolments = enrolments
        self.incompleteDeliveries = incompleteDeliveries
    }
}

/// A series of periods (e.g. quarters) whose latest period is checked for an aberration.
public struct AberrationInput: Sendable, Equatable {
    public var cell: CellIdentifier
    public var measure: String
    /// Label of the latest period, e.g. "2025-Q3".
    public var currentLabel: String
    /// Counts per period, oldest first; NaN marks a missing count.
    public var counts: [Double]
    /// Optional pupils per period.
    public var exposures: [Double]?
    public var configuration: FarringtonConfiguration
    /// A count of the series is not published: Farrington is not run ("geen signaal berekend").
    public var unpublished: Bool

    public init(
        cell: CellIdentifier, measure: String, currentLabel: String, counts: [Double],
        exposures: [Double]? = nil, configuration: FarringtonConfiguration = .init(), unpublished: Bool = false
    ) {
        self.unpublished = unpublished
        self.cell = cell
        self.measure = measure
        self.currentLabel = currentLabel
        self.counts = counts
        self.exposures = exposures
        self.configuration = configuration
    }
}
