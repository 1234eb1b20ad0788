import Foundation

/// Command line of the bench: `--rows N`, `--work DIR`, `--schoolveilig PATH`, `--keep`.
struct BenchOptions {
    var rows = 1_000_000
    var workDirectory: String?
    var schoolveilig: String?
    var keep = false
    var compareParsers = false
    var marts = true
    var repeats = 3
    var flavour = ExportGenerator.Flavour.canonical
    /// `--parse-only NAME FILE`: the child mode of the parser comparison.
    var parseOnly: (parser: String, file: String)?

    static let usage = """
        usage: schoolveilig-bench [--rows N] [--work DIR] [--schoolveilig PATH] [--keep] [--compare-parsers] [--repeat N] [--dialect D]
          --rows N             rows in the generated export (default 1000000)
          --work DIR           work folder (default: a new folder under /tmp, removed afterwards)
          --schoolveilig PATH  the CLI binary to time (default: schoolveilig next to this executable)
          --keep               keep the work folder (export, databases, logs)
          --compare-parsers    also time the Swift CSV packages on the same export
          --no-marts           skip the nightly/marts part (run nightly with nothing new, full rebuild vs sqlite3)
          --repeat N           rounds of ingest and .import; the median of each is compared (default 3)
          --dialect D          canonical (default) or windows1252-semicolon (Excel on Dutch Windows, CRLF, a dropped column)
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError("\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--rows":
                let text = try value(argument).replacingOccurrences(of: "_", with: "")
                guard let rows = Int(text), rows > 0 else { throw BenchError("--rows must be a positive whole number") }
                options.rows = rows
            case "--work": options.workDirectory = try value(argument)
            case "--schoolveilig": options.schoolveilig = try value(argument)
            case "--keep": options.keep = true
            case "--compare-parsers": options.compareParsers = true
            case "--no-marts": options.marts = false
            case "--dialect":
                let name = try value(argument)
                guard let flavour = ExportGenerator.Flavour(rawValue: name) else {
                    throw BenchError("--dialect must be canonical or windows1252-semicolon")
                }
                options.flavour = flavour
            case "--repeat":
                guard let repeats = Int(try value(argument)), repeats > 0 else {
                    throw BenchError("--repeat must be a positive whole number")
                }
                options.repeats = repeats
            case "--parse-only":
                let parser = try value(argument)
                options.parseOnly = (parser, try value(argument))
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchError("unknown argument: \(argument)\n\(usage)")
            }
            index += 1
        }
        return options
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
