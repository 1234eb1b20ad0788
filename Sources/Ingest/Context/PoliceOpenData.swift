import Domain
import Formats
import Foundation
import Store

/// Police context data in the layout CBS publishes the police's registered crimes in (open data
/// table 47022NED): one row per area × month × crime type, for example
///
/// ```
/// "ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"
/// 0;"1.4.4  ";"WK003401  ";"2024MM01";"12"
/// ```
///
/// Areas (`WijkenEnBuurten`, `WK…`/`BU…` codes) are mapped onto the project's wijken with a
/// mapping file (`cbs_code, wijk_code`); areas the mapping does not name are skipped and counted.
/// The counts are a context series of their own: never added to the schools' registrations.
public enum PoliceOpenData {
    public static let source = "politie-cbs-47022NED"

    public struct Loaded: Sendable {
        public let cells: [ContextStore.Cell]
        public let rowsRead: Int
        public let unmappedAreas: [String]
        public let unmappedRows: Int
        /// Rows that could not be read: line and Dutch reason.
        public let problems: [(line: Int, reason: String)]
        public let sha256: String
    }

    /// Reads a mapping file `cbs_code, wijk_code` (`,` or `;`), checking every wijk against the reference data.
    public static func loadMapping(path: String, knownWijken: Set<String>) throws -> [String: String] {
        let fingerprint = try FileFingerprint.compute(path: path)
        if let error = fingerprint.decodingError {
            throw ReferenceDataError("\(path) regel \(error.line): \(error.reason)")
        }
        let table = try ReferenceTable(path: path, required: ["cbs_code", "wijk_code"], encoding: fingerprint.encoding)
        var mapping: [String: String] = [:]
        for row in table.rows {
            let code = try row.required("cbs_code").uppercased()
            let wijk = try row.required("wijk_code")
            guard knownWijken.contains(wijk) else { throw row.error("wijk_code", "wijk '\(wijk)' staat niet in de referentiegegevens") }
            if let earlier = mapping[code], earlier != wijk { throw row.error("cbs_code", "'\(code)' is al gekoppeld aan wijk \(earlier)") }
            mapping[code] = wijk
        }
        return mapping
    }

    public static func load(path: String, mapping: [String: String], asOf: Day) throws -> Loaded {
        let fingerprint = try FileFingerprint.compute(path: path)
        if let error = fingerprint.decodingError {
            throw ReferenceDataError("\(path) regel \(error.line), byte \(error.column): \(error.reason)")
        }
        let dialect = try Dialect.detect(path: path, encoding: fingerprint.encoding)
        var positions: [String: Int]?
        var sums: [ContextStore.Cell: Int] = [:]
        var rowsRead = 0
        var unmapped: Set<String> = []
        var unmappedRows = 0
        var problems: [(Int, String)] = []
        let required = ["wijkenenbuurten", "perioden", "soortmisdrijf"]
        do {
            try CSVReader(path: path, dialect: dialect).forEachRecord { record in
                guard let columns = positions else {
                    var found: [String: Int] = [:]
                    for (index, name) in record.strings.enumerated() {
                        let folded = name.trimmingSpaces.lowercased()
                        found[folded.hasPrefix("geregistreerdemisdrijven") ? "aantal" : folded] = index
                    }
                    let missing = (required + ["aantal"]).filter { found[$0] == nil }
                    if !missing.isEmpty {
                        throw CSVReader.Failure(
                            line: record.line,
                            message:
                                "kolom ontbreekt: \(missing.map { $0 == "aantal" ? "GeregistreerdeMisdrijven_1" : $0 }.joined(separator: ", ")) (verwacht de indeling van CBS-tabel 47022NED)"
                        )
                    }
                    positions = found
                    return
                }
                rowsRead += 1
                guard record.fieldCount > columns.values.max()! else {
                    problems.append((record.line, "te weinig velden"))
                    return
                }
                let area = record.trimmed(columns["wijkenenbuurten"]!).uppercased()
                let period = record.trimmed(columns["perioden"]!)
                let kind = record.trimmed(columns["soortmisdrijf"]!)
                let countText = record.trimmed(columns["aantal"]!)
                guard let maand = month(period) else {
                    problems.append((record.line, "Perioden '\(period)' is geen maand in de vorm 2024MM01"))
                    return
                }
                guard let first = Day(iso: maand + "-01"), first <= asOf else {
                    problems.append((record.line, "maand \(maand) ligt na de peildatum \(asOf)"))
                    return
                }
                guard !kind.isEmpty else {
                    problems.append((record.line, "SoortMisdrijf ontbreekt"))
                    return
                }
                // CBS writes "." for a value that is not available: no count, not zero.
                if countText == "." || countText.isEmpty { return }
                guard let count = Int(countText), count >= 0 else {
                    problems.append((record.line, "aantal '\(countText)' is geen geheel getal ≥ 0"))
                    return
                }
                guard let wijk = mapping[area] else {
                    unmapped.insert(area)
                    unmappedRows += 1
                    return
                }
                sums[ContextStore.Cell(wijkCode: wijk, maand: maand, soort: kind), default: 0] += count
            }
        } catch let failure as CSVReader.Failure {
            throw ReferenceDataError("\(path) \(failure.description)")
        }
        let cells = sums.map { ContextStore.Cell(wijkCode: $0.key.wijkCode, maand: $0.key.maand, soort: $0.key.soort, aantal: $0.value) }
        return Loaded(
            cells: cells.sorted { ($0.wijkCode, $0.maand, $0.soort) < ($1.wijkCode, $1.maand, $1.soort) },
            rowsRead: rowsRead, unmappedAreas: unmapped.sorted(), unmappedRows: unmappedRows,
            problems: problems, sha256: fingerprint.sha256)
    }

    /// `2024MM01` → `2024-01`; other period kinds (`2024JJ00`, `2024KW01`) are not months.
    static func month(_ period: String) -> String? {
        let characters = Array(period)
        guard characters.count == 8, String(characters[4...5]) == "MM",
            let year = Int(String(characters[0...3])), let month = Int(String(characters[6...7])), (1...12).contains(month)
        else { return nil }
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }
}
