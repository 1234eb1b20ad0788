import Crypto
import Domain
import Foundation

/// Reads and checks a reference data directory (SPEC §1). Everything is checked before anything
/// is replaced: an unknown sector, a `wijk_code` not in `wijken.csv`, a duplicate code, a missing
/// file or column gives one Dutch message naming file, line and column.
public enum ReferenceLoader {
    public struct Loaded: Sendable {
        public let data: ReferenceData
        /// SHA-256 over the files used (name and content hash each), recorded in every pack's manifest.
        public let sha256: String
        public let usedDefaultCategories: Bool
    }

    public static let requiredFiles = ["wijken.csv", "scholen.csv", "leerlingen.csv"]

    public static func load(directory: String) throws -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReferenceDataError("map met referentiegegevens bestaat niet: \(directory)")
        }
        let missing = requiredFiles.filter { !FileManager.default.fileExists(atPath: path(directory, $0)) }
        if !missing.isEmpty {
            throw ReferenceDataError(
                "\(directory): ontbrekend bestand: \(missing.joined(separator: ", ")) (nodig: \(requiredFiles.joined(separator: ", ")))")
        }
        var hasher = SHA256()
        func table(_ name: String, required: [String]) throws -> ReferenceTable {
            let file = path(directory, name)
            let fingerprint = try FileFingerprint.compute(path: file)
            if let error = fingerprint.decodingError {
                throw ReferenceDataError("\(file) regel \(error.line), byte \(error.column): \(error.reason)")
            }
            hasher.update(data: Data("\(name):\(fingerprint.sha256)\n".utf8))
            return try ReferenceTable(path: file, required: required, encoding: fingerprint.encoding)
        }

        let wijkTable = try table("wijken.csv", required: ["wijk_code", "wijk_naam", "stadsdeel", "gebied"])
        var wijken: [Wijk] = []
        var wijkLines: [String: Int] = [:]
        for row in wijkTable.rows {
            let code = try row.required("wijk_code")
            if let earlier = wijkLines[code] { throw row.error("wijk_code", "dubbele code '\(code)' (ook op regel \(earlier))") }
            wijkLines[code] = row.line
            let stadsdeel = row["stadsdeel"]
            let gebied = row["gebied"]
            wijken.append(
                Wijk(
                    code: code, naam: try row.required("wijk_naam"),
                    stadsdeel: stadsdeel.isEmpty ? "onbekend" : stadsdeel,
                    gebied: gebied.isEmpty ? "onbekend" : gebied, poCluster: row["po_cluster"]))
        }

        let schoolTable = try table("scholen.csv", required: ["school_code", "naam", "sector", "wijk_code"])
        var scholen: [School] = []
        var schoolLines: [String: Int] = [:]
        for row in schoolTable.rows {
            let code = try row.required("school_code")
            if let earlier = schoolLines[code] { throw row.error("school_code", "dubbele code '\(code)' (ook op regel \(earlier))") }
            schoolLines[code] = row.line
            let sectorText = try row.required("sector")
            guard let sector = Sector(rawValue: sectorText.uppercased()) else {
                throw row.error(
                    "sector", "onbekende sector '\(sectorText)'; toegestaan: \(Sector.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let wijkCode = try row.required("wijk_code")
            guard wijkLines[wijkCode] != nil else {
                throw row.error("wijk_code", "wijk '\(wijkCode)' staat niet in wijken.csv")
            }
            var joined: Day?
            let joinedText = row["aangesloten_per"]
            if !joinedText.isEmpty {
                guard let day = Day(iso: joinedText) else {
                    throw row.error("aangesloten_per", "geen geldige datum in de vorm JJJJ-MM-DD: '\(joinedText)'")
                }
                joined = day
            }
            scholen.append(School(code: code, naam: try row.required("naam"), sector: sector, wijkCode: wijkCode, aangeslotenPer: joined))
        }

        let enrolmentTable = try table("leerlingen.csv", required: ["school_code", "schooljaar", "leerlingen"])
        var leerlingen: [Leerlingental] = []
        var enrolmentLines: [String: Int] = [:]
        for row in enrolmentTable.rows {
            let school = try row.required("school_code")
            guard schoolLines[school] != nil else { throw row.error("school_code", "school '\(school)' staat niet in scholen.csv") }
            let year = try row.required("schooljaar")
            guard isSchoolYear(year) else { throw row.error("schooljaar", "geen schooljaar in de vorm 2024-2025: '\(year)'") }
            let countText = try row.required("leerlingen")
            guard let count = Int(countText), count >= 0 else { throw row.error("leerlingen", "geen geheel aantal ≥ 0: '\(countText)'") }
            let key = school + "|" + year
            if let earlier = enrolmentLines[key] { throw row.error("schooljaar", "dubbel: \(school) \(year) (ook op regel \(earlier))") }
            enrolmentLines[key] = row.line
            leerlingen.append(Leerlingental(schoolCode: school, schooljaar: year, leerlingen: count))
        }

        var categorieen = DefaultCategories.list
        let categoryFile = path(directory, "categorieen.csv")
        let usedDefault = !FileManager.default.fileExists(atPath: categoryFile)
        if usedDefault {
            hasher.update(data: Data("categorieen.csv:standaard\n".utf8))
        } else {
            categorieen = try loadCategories(try table("categorieen.csv", required: ["code", "label", "meldplicht"]))
        }
        var afspraken: [Afspraak] = []
        if FileManager.default.fileExists(atPath: path(directory, "afspraken.csv")) {
            let agreementTable = try table(
                "afspraken.csv",
                required: [
                    "school_code", "schooljaar", "coordinator", "vertrouwenspersoon",
                    "veiligheidsplan", "politiecontacten", "jaargesprek",
                ])
            var agreementLines: [String: Int] = [:]
            for row in agreementTable.rows {
                let school = try row.required("school_code")
                guard schoolLines[school] != nil else { throw row.error("school_code", "school '\(school)' staat niet in scholen.csv") }
                let year = try row.required("schooljaar")
                guard isSchoolYear(year) else { throw row.error("schooljaar", "geen schooljaar in de vorm 2024-2025: '\(year)'") }
                if let earlier = agreementLines[school + "|" + year] {
                    throw row.error("schooljaar", "dubbel: \(school) \(year) (ook op regel \(earlier))")
                }
                agreementLines[school + "|" + year] = row.line
                func yesNo(_ column: String) throws -> Bool {
                    switch row[column].lowercased() {
                    case "ja": return true
                    case "nee", "": return false
                    default: throw row.error(column, "verwacht ja of nee, niet '\(row[column])'")
                    }
                }
                let contactsText = row["politiecontacten"]
                guard let contacts = contactsText.isEmpty ? 0 : Int(contactsText), contacts >= 0 else {
                    throw row.error("politiecontacten", "geen geheel aantal ≥ 0: '\(contactsText)'")
                }
                var talk: Day?
                let talkText = row["jaargesprek"]
                if !talkText.isEmpty {
                    guard let day = Day(iso: talkText) else {
                        throw row.error("jaargesprek", "geen geldige datum in de vorm JJJJ-MM-DD: '\(talkText)'")
                    }
                    guard day.schooljaar == year else { throw row.error("jaargesprek", "\(talkText) valt niet in schooljaar \(year)") }
                    talk = day
                }
                afspraken.append(
                    Afspraak(
                        schoolCode: school, schooljaar: year, coordinator: try yesNo("coordinator"),
                        vertrouwenspersoon: try yesNo("vertrouwenspersoon"), veiligheidsplan: try yesNo("veiligheidsplan"),
                        politiecontacten: contacts, jaargesprek: talk))
            }
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return Loaded(
            data: ReferenceData(wijken: wijken, scholen: scholen, leerlingen: leerlingen, categorieen: categorieen, afspraken: afspraken),
            sha256: digest, usedDefaultCategories: usedDefault)
    }

    /// Reads a category list (also used to check the built-in default against its CSV).
    public static func loadCategories(path file: String) throws -> [Categorie] {
        let encoding = try FileFingerprint.compute(path: file).encoding
        return try loadCategories(try ReferenceTable(path: file, required: ["code", "label", "meldplicht"], encoding: encoding))
    }

    private static func loadCategories(_ table: ReferenceTable) throws -> [Categorie] {
        var result: [Categorie] = []
        var codeLines: [String: Int] = [:]
        var names: [String: (code: String, line: Int)] = [:]
        for row in table.rows {
            let code = try row.required("code")
            if let earlier = codeLines[code] { throw row.error("code", "dubbele code '\(code)' (ook op regel \(earlier))") }
            codeLines[code] = row.line
            let meldplichtText = try row.required("meldplicht")
            guard let meldplicht = Meldplicht.parse(meldplichtText) else {
                throw row.error("meldplicht", "ongeldige waarde '\(meldplichtText)'; toegestaan: ja, afweging, nee")
            }
            let aliassen = row["aliassen"].split(separator: "|").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let label = try row.required("label")
            for name in [code, label] + aliassen {
                let folded = TextFolding.fold(name)
                if let other = names[folded], other.code != code {
                    throw row.error("aliassen", "'\(name)' verwijst ook naar categorie \(other.code) (regel \(other.line))")
                }
                names[folded] = (code, row.line)
            }
            result.append(Categorie(code: code, label: label, meldplicht: meldplicht, aliassen: aliassen))
        }
        if result.isEmpty { throw ReferenceDataError("\(table.path): bevat geen categorieën") }
        return result
    }

    private static func isSchoolYear(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let first = Int(parts[0]), let second = Int(parts[1]) else { return false }
        return second == first + 1
    }

    private static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }
}

/// A small reference CSV read whole (reference files are small), in any dialect `Dialect` detects.
public struct ReferenceTable {
    public struct Row {
        public let path: String
        public let line: Int
        public let values: [String: String]

        public subscript(_ column: String) -> String { values[column] ?? "" }

        public func required(_ column: String) throws -> String {
            let value = self[column]
            guard !value.isEmpty else { throw error(column, "verplichte waarde ontbreekt") }
            return value
        }

        public func error(_ column: String, _ message: String) -> ReferenceDataError {
            ReferenceDataError("\(path) regel \(line), kolom \(column): \(message)")
        }
    }

    let path: String
    public let rows: [Row]

    public init(path: String, required: [String], encoding: TextEncoding) throws {
        self.path = path
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path, dialect: try Dialect.detect(path: path, encoding: encoding))
        } catch let failure as ByteSource.DecodingFailure {
            throw ReferenceDataError("\(path) regel \(failure.line): \(failure.message)")
        }
        var header: [String]?
        var rows: [Row] = []
        do {
            try reader.forEachRecord { record in
                guard let names = header else {
                    header = record.strings.map { $0.trimmingSpaces.lowercased() }
                    return
                }
                guard record.fieldCount == names.count else {
                    throw ReferenceDataError(
                        "\(path) regel \(record.line): \(record.fieldCount) velden, de kopregel heeft er \(names.count)")
                }
                var values: [String: String] = [:]
                for (index, name) in names.enumerated() { values[name] = record.trimmed(index) }
                rows.append(Row(path: path, line: record.line, values: values))
            }
        } catch let failure as CSVReader.Failure {
            throw ReferenceDataError("\(path) \(failure.description)")
        }
        guard let names = header else { throw ReferenceDataError("\(path): het bestand is leeg (geen kopregel)") }
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty {
            throw ReferenceDataError("\(path) regel 1: verplichte kolom ontbreekt: \(missing.joined(separator: ", "))")
        }
        self.rows = rows
    }
}
