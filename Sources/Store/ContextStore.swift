import Domain

/// Context series beside the schools' registrations (SPEC §4: their own measure names), such as
/// the police's registered crimes per wijk and month. Never mixed into `incident`.
public enum ContextStore {
    public struct Cell: Sendable, Hashable {
        public let wijkCode: String
        /// `2024-01`
        public let maand: String
        /// The series' own breakdown, e.g. the CBS crime type key `1.4.4`.
        public let soort: String
        public let aantal: Int

        public init(wijkCode: String, maand: String, soort: String, aantal: Int = 0) {
            self.wijkCode = wijkCode
            self.maand = maand
            self.soort = soort
            self.aantal = aantal
        }

        public static func == (lhs: Cell, rhs: Cell) -> Bool {
            lhs.wijkCode == rhs.wijkCode && lhs.maand == rhs.maand && lhs.soort == rhs.soort
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(wijkCode)
            hasher.combine(maand)
            hasher.combine(soort)
        }
    }

    /// Replaces the series' counts for the months the load covers, in one transaction; returns
    /// the number of months replaced.
    @discardableResult
    public static func replace(
        series: String, cells: [Cell], sourceFile: String, sha256: String,
        in store: some OperatorStore
    ) throws -> Int {
        try store.replaceContext(series: series, cells: cells, sourceFile: sourceFile, sha256: sha256)
    }
}
