import Analytics
import ArgumentParser
import Domain

/// Option values with a fixed form are parsed into their types while the command line is read,
/// before any command runs: a wrong value is a usage error (exit 2) that names the option and
/// what is allowed, in Dutch.
enum TypedArgument {
    /// `--period`: any period of SPEC §4 (`2025-Q3`, `2025-H1`, `2024-2025`, `FROM..TO`, `convenant`, …).
    static func period(_ text: String) throws -> Period {
        do { return try Period.parse(text) } catch { throw ValidationError(error.message) }
    }

    /// `--by` of `counts`: dimensions of SPEC §3.
    static func countDimensions(_ text: String) throws -> Dimensions<CountDimension> {
        do { return Dimensions(list: try CountDimension.parseList(text)) } catch { throw ValidationError(error.message) }
    }

    /// `--by` of the mart commands, limited to what the command allows.
    static func martDimensions(_ text: String) throws -> Dimensions<MartDimension> {
        try martDimensions(text, allowed: MartDimension.allCases)
    }

    static func martDimensions(_ text: String, allowed: [MartDimension]) throws -> Dimensions<MartDimension> {
        do { return Dimensions(list: try MartDimension.parseList(text, allowed: allowed)) } catch { throw ValidationError(error.message) }
    }

    /// `--by` of `context counts`.
    static func contextDimensions(_ text: String) throws -> Dimensions<String> {
        do { return Dimensions(list: try ContextCounts.parse(text)) } catch { throw ValidationError(error.message) }
    }

    /// `--csv-dialect`: the pipeline parameter `csv_dialect`, checked by the same words.
    static func csvDialect(_ text: String) throws -> CSVDialectOption {
        guard let dialect = CSVDialectOption(rawValue: text) else {
            throw ValidationError(
                "csv_dialect moet \(CSVDialectOption.allCases.map(\.rawValue).joined(separator: " of ")) zijn, niet '\(text)'")
        }
        return dialect
    }
}

/// The dimensions of a `--by DIM,DIM` option, in the order given (one option value, not a repeated option).
struct Dimensions<Dimension: Sendable>: Sendable {
    let list: [Dimension]
    static var none: Dimensions { Dimensions(list: []) }
}

/// The CSV dialects of the packs (the pipeline parameter `csv_dialect`).
enum CSVDialectOption: String, CaseIterable, Sendable {
    case rfc4180
    case excelNL = "excel-nl"
}

/// `--format csv|table|json`.
extension TableFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
