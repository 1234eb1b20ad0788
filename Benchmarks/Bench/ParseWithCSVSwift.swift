import CSV
import Foundation

/// yaslab/CSV.swift: streams from an InputStream, a `[String]` per row.
func parseWithCSVSwift(_ file: String) throws -> (Int, Int) {
    guard let stream = InputStream(fileAtPath: file) else { throw BenchError("cannot open \(file)") }
    let reader = try CSVReader(stream: stream)
    var records = 0
    var fields = 0
    while let row = reader.next() {
        records += 1
        fields += row.count
    }
    return (records, fields)
}
