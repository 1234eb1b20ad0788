import Foundation
import SwiftCSV

/// swiftcsv/SwiftCSV: loads the whole file into a String, then rows of `[String]`.
func parseWithSwiftCSV(_ file: String) throws -> (Int, Int) {
    let csv = try CSV<Enumerated>(url: URL(fileURLWithPath: file), loadColumns: false)
    let fields = csv.rows.reduce(csv.header.count) { $0 + $1.count }
    return (csv.rows.count + 1, fields)
}
