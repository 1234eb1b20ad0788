import Domain
import GRDB

/// The (school, month) pairs a delivery changed — inserted, updated (old and new month) or
/// retracted — recorded in `delivery_month` so the marts refresh only what new data touches.
/// Rows mostly come grouped by school and month, so a repeat of the last pair costs a compare.
struct TouchedMonths {
    private struct Pair: Hashable {
        let school: String
        /// year × 12 + month − 1
        let month: Int
    }

    private var pairs: Set<Pair> = []
    private var last: Pair?

    mutating func insert(_ row: EncodedIncident) {
        row.bytes.withUnsafeBufferPointer { buffer in
            insert(school: row.incident.schoolCode, datum: buffer.baseAddress! + row.range(2).lowerBound)
        }
    }

    /// `datum` points at `YYYY-MM…` (ASCII).
    mutating func insert(school: String, datum: UnsafePointer<UInt8>) {
        func digit(_ index: Int) -> Int { Int(datum[index]) - 48 }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let pair = Pair(school: school, month: year * 12 + digit(5) * 10 + digit(6) - 1)
        if pair == last { return }
        last = pair
        pairs.insert(pair)
    }

    func record(delivery: Int64, _ db: Database) throws {
        let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand) VALUES (?, ?, ?)")
        for pair in pairs.sorted(by: { ($0.school, $0.month) < ($1.school, $1.month) }) {
            let month = pair.month % 12 + 1
            try statement.execute(arguments: [delivery, pair.school, "\(pair.month / 12)-\(month < 10 ? "0" : "")\(month)"])
        }
    }
}
