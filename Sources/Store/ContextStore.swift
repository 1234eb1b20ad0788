import Domain
import GRDB

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
        in database: SchoolveiligDatabase
    ) throws -> Int {
        try database.pool.write { db in
            let months = Set(cells.map(\.maand)).sorted()
            for month in months {
                try db.execute(sql: "DELETE FROM context_count WHERE series = ? AND maand = ?", arguments: [series, month])
            }
            try db.execute(
                sql: "INSERT INTO context_load(series, file_name, sha256, loaded_at, cells) VALUES (?, ?, ?, ?, ?)",
                arguments: [series, sourceFile, sha256, Clock.timestamp(), cells.count])
            let load = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO context_count(series, wijk_code, maand, soort, aantal, load_id) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for cell in cells {
                try insert.execute(arguments: [series, cell.wijkCode, cell.maand, cell.soort, cell.aantal, load])
            }
            return months.count
        }
    }
}
