import Foundation

/// Why the CSV reader is hand-written: each parser reads the same export in a child process of
/// its own (`schoolveilig-bench --parse-only NAME FILE`), counting records and fields, so that
/// time and peak memory are each parser's alone.
enum ParserComparison {
    static let parsers = ["schoolveilig", "CSV.swift", "SwiftCSV"]

    /// Parses `file` with `parser`; returns (records, fields).
    static func parse(_ parser: String, file: String) throws -> (records: Int, fields: Int) {
        var records = 0
        var fields = 0
        switch parser {
        case "schoolveilig": (records, fields) = try parseWithSchoolveilig(file)
        case "CSV.swift": (records, fields) = try parseWithCSVSwift(file)
        case "SwiftCSV": (records, fields) = try parseWithSwiftCSV(file)
        default:
            throw BenchError("unknown parser \(parser); choose from \(parsers.joined(separator: ", "))")
        }
        return (records, fields)
    }

    /// Runs every parser on `file` in its own child process and reports the figures.
    static func report(bench: String, file: String, work: String) throws -> String {
        var lines = ["parser                    seconds    peak RSS   records"]
        var baseline: Double?
        for parser in parsers {
            let out = (work as NSString).appendingPathComponent("parse-\(parser).out")
            let result = try ChildProcess.run(
                bench, ["--parse-only", parser, file], stdoutPath: out,
                stderrPath: (work as NSString).appendingPathComponent("parse-\(parser).err"))
            let records = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            let relative = baseline.map { " (×\(format(result.seconds / $0, 1)))" } ?? ""
            if baseline == nil { baseline = result.seconds }
            let padded = parser.padding(toLength: 24, withPad: " ", startingAt: 0)
            lines.append(
                "\(padded)  \(format(result.seconds))\(relative)   \(format(result.peakRSSMB, 1)) MB   \(result.succeeded ? records : result.statusText)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
