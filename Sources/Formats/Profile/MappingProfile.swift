import Domain
import Foundation
import Yams

/// A mapping profile (`pipelines/profiles/NAME.yml`): how one school system's export maps onto
/// the canonical columns of SPEC §2a. Written by a data officer; see
/// `pipelines/profiles/README.md`. Keys are Dutch, like the rest of what users write.
///
/// ```yaml
/// naam: incidentregistratie-vo
/// herkenning: [Registratienummer, Soort incident, Datum voorval]   # header signature
/// kolommen:                       # canonical column: the export's header name
///   incident_id: Registratienummer
///   school_code: BRIN-nummer
///   datum: Datum voorval
///   categorie: Soort incident
/// school: VO01                    # optional: one school per file, no school column
/// waarden:                        # optional value tables per canonical column
///   categorie:
///     "Pesten/treiteren": PESTEN
/// periode: 2025-Q1                # optional: a declared period (SPEC §2c)
/// blad: Incidenten                # optional: the sheet of an .xlsx export
/// kopregel: 4                     # optional: the header's line (row) number; the rows above are skipped
/// id_formaat: volgnummer          # optional: incident_id is the school's rising sequence number
/// ```
public struct MappingProfile: Sendable, Equatable {
    public let name: String
    public let path: String
    /// Header names that together recognise the export (case and surrounding spaces ignored).
    public let signature: [String]
    /// Canonical column → the export's header name.
    public let columns: [ExportColumn: String]
    /// A fixed school for every row, when the export has no school column.
    public let school: String?
    /// Per canonical column: folded source value → canonical value.
    public let values: [ExportColumn: [String: String]]
    public let period: Period?
    public let sheet: String?
    /// The line (spreadsheet row) the header stands on; nil: found in the first 20 rows.
    public var headerRow: Int? = nil
    /// What the school's incident ids look like (`id_formaat`); nil: free-form pseudonyms.
    public var idFormat: IncidentIdFormat? = nil

    /// A profile that cannot be used: the message names file, line and column.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static let knownKeys = [
        "naam", "omschrijving", "herkenning", "kolommen", "school", "waarden", "periode", "blad", "kopregel", "id_formaat",
    ]

    public static func load(path: String) throws -> MappingProfile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Problem(message: "\(path): profiel niet leesbaar (bestaat het, en is het UTF-8?)")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> MappingProfile {
        func fail(_ node: Node?, _ message: String) -> Problem {
            let place = node?.mark.map { " regel \($0.line), kolom \($0.column)" } ?? ""
            return Problem(message: "\(path)\(place): \(message)")
        }
        let root: Node
        do {
            guard let composed = try ConfigurationYAML.compose(text) else { throw fail(nil, "het profiel is leeg") }
            root = composed
        } catch let problem as ConfigurationYAML.KeyProblem {
            throw Problem(message: "\(path) \(problem)")
        } catch let error as YamlError {
            throw Problem(message: "\(path): geen geldige YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw fail(root, "verwacht een lijst van sleutels (naam, kolommen, …)") }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, knownKeys.contains(name) else {
                throw fail(key, "onbekende sleutel '\(key.string ?? "?")'; bekend: \(knownKeys.joined(separator: ", "))")
            }
            entries[name] = value
        }
        guard let nameNode = entries["naam"], let name = nameNode.string, !name.isEmpty else {
            throw fail(root, "'naam' ontbreekt")
        }
        func strings(_ node: Node, _ what: String) throws -> [String] {
            guard let sequence = node.sequence else { throw fail(node, "\(what): verwacht een lijst") }
            return try sequence.map { item in
                guard let text = item.string, !text.isEmpty else { throw fail(item, "\(what): verwacht tekst") }
                return text
            }
        }
        func column(_ key: Node) throws -> ExportColumn {
            guard let text = key.string, let column = ExportColumn(rawValue: text) else {
                throw fail(
                    key,
                    "onbekende kolom '\(key.string ?? "?")'; kolommen: \(ExportColumn.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return column
        }

        var columns: [ExportColumn: String] = [:]
        if let node = entries["kolommen"] {
            guard let map = node.mapping else { throw fail(node, "kolommen: verwacht 'kolom: kopnaam' per regel") }
            for (key, value) in map {
                let target = try column(key)
                guard let source = value.string, !source.isEmpty else {
                    throw fail(value, "kolommen.\(target.rawValue): verwacht de kopnaam uit de export")
                }
                columns[target] = source
            }
        }
        var school: String?
        if let node = entries["school"] {
            guard let text = node.string, !text.isEmpty else { throw fail(node, "school: verwacht een schoolcode") }
            school = text
        }
        let missing = ExportColumn.allCases.filter { $0.isRequired && columns[$0] == nil && !($0 == .schoolCode && school != nil) }
        if !missing.isEmpty {
            throw fail(
                entries["kolommen"] ?? root, "kolommen: verplichte kolom niet gekoppeld: \(missing.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var values: [ExportColumn: [String: String]] = [:]
        if let node = entries["waarden"] {
            guard let map = node.mapping else { throw fail(node, "waarden: verwacht per kolom een tabel 'bronwaarde: waarde'") }
            for (key, table) in map {
                let target = try column(key)
                guard let pairs = table.mapping else {
                    throw fail(table, "waarden.\(target.rawValue): verwacht 'bronwaarde: waarde' per regel")
                }
                var translated: [String: String] = [:]
                for (source, value) in pairs {
                    guard let from = source.string, let to = value.string else {
                        throw fail(source, "waarden.\(target.rawValue): verwacht tekst")
                    }
                    let folded = TextFolding.fold(from)
                    if translated[folded] != nil { throw fail(source, "waarden.\(target.rawValue): '\(from)' staat er twee keer in") }
                    translated[folded] = to
                }
                values[target] = translated
            }
        }
        var period: Period?
        if let node = entries["periode"] {
            do {
                period = try Period.parse(node.string ?? "")
            } catch {
                throw fail(node, error.message)
            }
        }
        var profile = MappingProfile(
            name: name, path: path,
            signature: try entries["herkenning"].map { try strings($0, "herkenning") } ?? Array(columns.values).sorted(),
            columns: columns, school: school, values: values, period: period, sheet: entries["blad"]?.string)
        if let node = entries["kopregel"] {
            guard let text = node.string, let line = Int(text), (1...HeaderSearch.rowLimit).contains(line) else {
                throw fail(node, "kopregel: verwacht het regelnummer van de kopregel, 1 t/m \(HeaderSearch.rowLimit)")
            }
            profile.headerRow = line
        }
        if let node = entries["id_formaat"] {
            guard let text = node.string, let format = IncidentIdFormat(rawValue: text) else {
                throw fail(node, "id_formaat: verwacht een van \(IncidentIdFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            profile.idFormat = format
        }
        return profile
    }

    /// How many of the profile's column names a row carries (to name the closest profile).
    func columnMatches(_ folded: Set<String>) -> (found: Int, absent: [(ExportColumn, String)]) {
        var found = 0
        var absent: [(ExportColumn, String)] = []
        for column in ExportColumn.allCases {
            guard let source = columns[column] else { continue }
            if folded.contains(TextFolding.fold(source)) { found += 1 } else { absent.append((column, source)) }
        }
        return (found, absent)
    }

    /// Whether a header carries every name of the signature.
    public func recognises(_ header: [String]) -> Bool {
        let names = Set(header.map { TextFolding.fold($0) })
        return !signature.isEmpty && signature.allSatisfy { names.contains(TextFolding.fold($0)) }
    }

    /// Translates a source value through the column's value table (unchanged when it has none
    /// or the value is not in it).
    public func translate(_ value: String, for column: ExportColumn) -> String {
        guard let table = values[column], !value.isEmpty else { return value }
        return table[TextFolding.fold(value)] ?? value
    }
}

/// The profiles of a folder (`pipelines/profiles`), loaded and checked together.
public struct ProfileCatalog: Sendable {
    public let profiles: [MappingProfile]

    public static let defaultFolder = "pipelines/profiles"

    public init(profiles: [MappingProfile]) { self.profiles = profiles }

    /// Loads every `*.yml` in `folder` (none when the folder does not exist).
    public static func load(folder: String) throws -> ProfileCatalog {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let profiles = try names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map {
            try MappingProfile.load(path: (folder as NSString).appendingPathComponent($0))
        }
        return ProfileCatalog(profiles: profiles)
    }

    public func named(_ name: String) -> MappingProfile? { profiles.first { $0.name == name } }

    /// The profile whose signature the header carries; the longest signature wins, and two equally
    /// long matches are ambiguous (the data officer must then pass `--profile`).
    public func recognise(_ header: [String]) throws(MappingProfile.Problem) -> MappingProfile? {
        let matches = profiles.filter { $0.recognises(header) }.sorted { $0.signature.count > $1.signature.count }
        guard let best = matches.first else { return nil }
        if matches.count > 1, matches[1].signature.count == best.signature.count {
            throw MappingProfile.Problem(
                message: "de kopregel past bij meer profielen (\(matches.map(\.name).joined(separator: ", "))); kies er een met --profile")
        }
        return best
    }
}
