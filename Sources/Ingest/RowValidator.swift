import Domain

/// Applies the validity rules of SPEC §2d to one record of a canonical export: every required
/// value present and valid, every optional value empty or valid, `datum` a real date from
/// 2000-01-01 up to the as-of date. Reports every problem of a row, each with its column.
public final class RowValidator {
    public struct Problem: Sendable, Equatable {
        public let column: String?
        public let reason: String
        /// The offending value, masked (never the raw value: it may be personal data).
        public let maskedValue: String?
    }

    public enum Outcome {
        case valid(Incident)
        case invalid([Problem])
    }

    public static let maximumIdLength = 64

    private let header: HeaderMap
    private let asOf: Day
    private let schoolsByFoldedCode: [String: String]
    private let categories: CategoryMatcher
    /// The school code a delivery folder is named after: rows of other schools are refused.
    private let folderSchool: String?
    private var categoryCache: [String: String?] = [:]

    public init(header: HeaderMap, asOf: Day, schoolCodes: [String], categories: CategoryMatcher, folderSchool: String?) {
        self.header = header
        self.asOf = asOf
        var schools: [String: String] = [:]
        for code in schoolCodes { schools[code.lowercased()] = code }
        self.schoolsByFoldedCode = schools
        self.categories = categories
        self.folderSchool = folderSchool
    }

    public func validate(_ record: CSVRecord) -> Outcome {
        guard record.fieldCount == header.fieldCount else {
            return .invalid([Problem(column: nil, reason: "de regel heeft \(record.fieldCount) velden, de kopregel \(header.fieldCount)", maskedValue: nil)])
        }
        var problems: [Problem] = []
        if record.hasStrayQuote {
            problems.append(Problem(column: nil, reason: "aanhalingsteken midden in een veld (niet volgens RFC 4180)", maskedValue: nil))
        }
        func value(_ column: ExportColumn) -> String {
            guard let position = header.positions[column] else { return "" }
            return record.trimmed(position)
        }
        func problem(_ column: ExportColumn, _ reason: String, _ raw: String?) {
            problems.append(Problem(column: column.rawValue, reason: reason, maskedValue: raw.map(Masking.mask)))
        }

        let incidentId = value(.incidentId)
        if incidentId.isEmpty {
            problem(.incidentId, "verplichte waarde ontbreekt", nil)
        } else if incidentId.count > RowValidator.maximumIdLength {
            problem(.incidentId, "langer dan \(RowValidator.maximumIdLength) tekens", incidentId)
        } else if incidentId.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            problem(.incidentId, "bevat een regeleinde of stuurteken", incidentId)
        }

        let rawSchool = value(.schoolCode)
        var schoolCode = ""
        if rawSchool.isEmpty {
            problem(.schoolCode, "verplichte waarde ontbreekt", nil)
        } else if let known = schoolsByFoldedCode[rawSchool.lowercased()] {
            schoolCode = known
            if let folderSchool, known != folderSchool {
                problem(.schoolCode, "rij van een andere school dan de map \(folderSchool) waarin het bestand stond", rawSchool)
            }
        } else {
            problem(.schoolCode, "onbekende school_code (niet in de referentiegegevens)", rawSchool)
        }

        let datum = parseDatum(record, &problems)

        let rawCategory = value(.categorie)
        var categorie = ""
        if rawCategory.isEmpty {
            problem(.categorie, "verplichte waarde ontbreekt", nil)
        } else if let code = resolveCategory(rawCategory) {
            categorie = code
        } else {
            problem(.categorie, "onbekende categorie (geen code, omschrijving of alias uit de categorielijst)", rawCategory)
        }

        let locatie: Locatie = optional(.locatie, value(.locatie), &problems)
        let politie: Politie = optional(.politie, value(.politie), &problems)
        let leeftijd: Leeftijd = optional(.leeftijd, value(.leeftijd), &problems)
        let ernst: Ernst = optional(.ernst, value(.ernst), &problems)

        guard problems.isEmpty, let datum else { return .invalid(problems) }
        return .valid(Incident(schoolCode: schoolCode, incidentId: incidentId, datum: datum, categorie: categorie,
                               locatie: locatie, politie: politie, leeftijd: leeftijd, ernst: ernst))
    }

    private func parseDatum(_ record: CSVRecord, _ problems: inout [Problem]) -> Day? {
        guard let position = header.positions[.datum] else { return nil }
        let raw = record.trimmed(position)
        func fail(_ reason: String) -> Day? {
            problems.append(Problem(column: ExportColumn.datum.rawValue, reason: reason, maskedValue: raw.isEmpty ? nil : Masking.mask(raw)))
            return nil
        }
        if raw.isEmpty { return fail("verplichte waarde ontbreekt") }
        guard let day = Day(iso: raw) else {
            return fail("geen geldige datum in de vorm JJJJ-MM-DD")
        }
        if day < Day.earliest { return fail("datum ligt vóór 2000-01-01") }
        if day > asOf { return fail("datum ligt na de peildatum \(asOf)") }
        return day
    }

    private func resolveCategory(_ raw: String) -> String? {
        if let cached = categoryCache[raw] { return cached }
        let code = categories.code(for: raw)
        if categoryCache.count < 10_000 { categoryCache[raw] = code }
        return code
    }

    private func optional<Value: CaseIterable & RawRepresentable>(
        _ column: ExportColumn, _ raw: String, _ problems: inout [Problem]
    ) -> Value where Value.RawValue == String {
        if raw.isEmpty { return Value(rawValue: "onbekend")! }
        if let exact = Value(rawValue: raw) { return exact }
        if let parsed = Value.parse(raw) { return parsed }
        problems.append(Problem(column: column.rawValue, reason: "ongeldige waarde; toegestaan: \(Value.allowedList) of leeg", maskedValue: Masking.mask(raw)))
        return Value(rawValue: "onbekend")!
    }
}
