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

    public enum Outcome: Sendable {
        case valid(Incident)
        case invalid([Problem])
        /// Valid but for a school the reference data does not know (yet): quarantined, and kept
        /// in canonical form so that it can be retried after a reference load (SPEC §2d).
        case unknownSchool(Incident, Problem)
        /// The declared id format does not hold for this file (`IncidentIdFormat`): refused whole.
        case formatBroken(String)
    }

    public static let maximumIdLength = 64

    private let header: HeaderMap
    /// Field positions, looked up once per file rather than once per row (-1: column absent).
    private let idPosition, schoolPosition, datumPosition, categoriePosition: Int
    private let locatiePosition, politiePosition, leeftijdPosition, ernstPosition: Int
    private let asOf: Day
    private let schoolsByFoldedCode: [String: String]
    private let schoolCodes: Set<String>
    private let categories: CategoryMatcher
    /// The school code a delivery folder is named after: rows of other schools are refused.
    private let folderSchool: String?
    /// The period the delivery declares (SPEC §2c): rows dated outside it are refused.
    private let declaredPeriod: Period?
    /// The mapping profile: value tables are applied before validation; its fixed school fills
    /// a missing school column.
    private let profile: MappingProfile?
    /// Spreadsheet dates arrive as Excel serial numbers (`45292` is 2024-01-01).
    private let acceptsExcelSerials: Bool
    /// The workbook's date system: a 1904 workbook's serials are 1462 days later.
    private let excelDateSystem: ExcelDateSystem
    /// Incidents before this day were folded into monthly counts at the end of their retention
    /// (SPEC §5): a row that old would count twice, so it is refused.
    private let retainedFrom: Day?
    /// The declared format of incident ids; nil: free-form pseudonyms (11-check applied).
    private let idFormat: IncidentIdFormat?
    /// Per school (as written), the last sequence number seen in this file.
    private var lastSequenceNumber: [String: UInt64] = [:]
    private var categoryCache: [String: String?] = [:]
    private let locaties = ByteMatcher<Locatie>()
    private let politieWaarden = ByteMatcher<Politie>()
    private let leeftijden = ByteMatcher<Leeftijd>()
    private let ernstWaarden = ByteMatcher<Ernst>()

    public init(
        header: HeaderMap, asOf: Day, schoolCodes: [String], categories: CategoryMatcher, folderSchool: String?,
        declaredPeriod: Period? = nil, profile: MappingProfile? = nil, acceptsExcelSerials: Bool = false,
        excelDateSystem: ExcelDateSystem = .from1900, retainedFrom: Day? = nil, idFormat: IncidentIdFormat? = nil
    ) {
        self.excelDateSystem = excelDateSystem
        self.idFormat = idFormat
        self.retainedFrom = retainedFrom
        self.acceptsExcelSerials = acceptsExcelSerials
        self.declaredPeriod = declaredPeriod
        self.profile = profile
        self.header = header
        idPosition = header.position(.incidentId) ?? -1
        schoolPosition = header.position(.schoolCode) ?? -1
        datumPosition = header.position(.datum) ?? -1
        categoriePosition = header.position(.categorie) ?? -1
        locatiePosition = header.position(.locatie) ?? -1
        politiePosition = header.position(.politie) ?? -1
        leeftijdPosition = header.position(.leeftijd) ?? -1
        ernstPosition = header.position(.ernst) ?? -1
        self.asOf = asOf
        var schools: [String: String] = [:]
        for code in schoolCodes { schools[code.lowercased()] = code }
        self.schoolsByFoldedCode = schools
        self.schoolCodes = Set(schoolCodes)
        self.categories = categories
        self.folderSchool = folderSchool
    }

    public func validate(_ record: CSVRecord) -> Outcome {
        guard record.fieldCount == header.fieldCount else {
            return .invalid([
                Problem(
                    column: nil, reason: "de regel heeft \(record.fieldCount) velden, de kopregel \(header.fieldCount)", maskedValue: nil)
            ])
        }
        var problems: [Problem] = []
        if isRepeatedHeader(record) {
            return .invalid([
                Problem(column: nil, reason: "de kopregel staat hier nog een keer (twee exports achter elkaar geplakt?)", maskedValue: nil)
            ])
        }
        if record.hasStrayQuote {
            problems.append(Problem(column: nil, reason: "aanhalingsteken midden in een veld (niet volgens RFC 4180)", maskedValue: nil))
        }
        func value(_ position: Int, _ column: ExportColumn) -> String {
            let raw = position < 0 ? "" : record.trimmed(position)
            guard let profile else { return raw }
            if raw.isEmpty, column == .schoolCode, let school = profile.school { return school }
            return profile.translate(raw, for: column)
        }
        func problem(_ column: ExportColumn, _ reason: String, _ raw: String?) {
            problems.append(Problem(column: column.rawValue, reason: reason, maskedValue: raw.map(Masking.mask)))
        }

        let incidentId = value(idPosition, .incidentId)
        var isSequenceNumber = false
        if idFormat == .volgnummer, !incidentId.isEmpty {
            if let number = Self.sequenceNumber(incidentId) {
                let school = value(schoolPosition, .schoolCode).lowercased()
                if let last = lastSequenceNumber[school], number < last || number - last > IncidentIdFormat.maximumStep {
                    return .formatBroken(
                        "regel \(record.line): de waarden van incident_id lopen niet op als volgnummers (id_formaat volgnummer: per school oplopend, stappen van hoogstens \(IncidentIdFormat.maximumStep)); is dit wel de kolom met volgnummers? Het hele bestand is geweigerd, zodat er geen BSN als volgnummer worden opgeslagen"
                    )
                }
                lastSequenceNumber[school] = number
                isSequenceNumber = true
            } else {
                problem(
                    .incidentId, "geen volgnummer (id_formaat volgnummer: alleen cijfers, hoogstens \(IncidentIdFormat.maximumDigits))",
                    incidentId)
            }
        }
        if incidentId.isEmpty {
            problem(.incidentId, "verplichte waarde ontbreekt", nil)
        } else if incidentId.utf8.count > RowValidator.maximumIdLength, incidentId.count > RowValidator.maximumIdLength {
            problem(.incidentId, "langer dan \(RowValidator.maximumIdLength) tekens", incidentId)
        } else if incidentId.utf8.contains(where: { $0 < 32 || $0 == 127 }) {
            problem(.incidentId, "bevat een regeleinde of stuurteken", incidentId)
        } else if let kind = PersonalDataGuard.detect(incidentId, checkingBSN: !isSequenceNumber) {
            // Covenant art. 8: a stored field must never hold personal data.
            problem(.incidentId, kind.reason, incidentId)
        }

        let rawSchool = value(schoolPosition, .schoolCode)
        var schoolCode = ""
        var unknownSchool: String?
        if rawSchool.isEmpty {
            problem(.schoolCode, "verplichte waarde ontbreekt", nil)
        } else if let known = schoolCodes.contains(rawSchool) ? rawSchool : schoolsByFoldedCode[rawSchool.lowercased()] {
            schoolCode = known
            if let folderSchool, known != folderSchool {
                problem(.schoolCode, "rij van een andere school dan \(folderSchool), de school van deze levering", rawSchool)
            }
        } else {
            problem(.schoolCode, "onbekende school_code (niet in de referentiegegevens)", rawSchool)
            if let kind = PersonalDataGuard.detect(rawSchool) {
                problem(.schoolCode, kind.reason, rawSchool)  // never kept for a retry
            } else {
                unknownSchool = rawSchool
            }
        }

        let datum = parseDatum(record, &problems)

        let rawCategory = value(categoriePosition, .categorie)
        var categorie = ""
        if rawCategory.isEmpty {
            problem(.categorie, "verplichte waarde ontbreekt", nil)
        } else if let code = resolveCategory(rawCategory) {
            categorie = code
        } else {
            problem(.categorie, "onbekende categorie (geen code, omschrijving of alias uit de categorielijst)", rawCategory)
        }

        let locatie = optional(.locatie, record, locatiePosition, locaties, &problems)
        let politie =
            withField(record, politiePosition, .politie) { bytes in
                bytes.isEmpty ? Politie.onbekend : ValueParsers.politie(bytes)
            } ?? optional(.politie, record, politiePosition, politieWaarden, &problems)
        let leeftijd = optional(.leeftijd, record, leeftijdPosition, leeftijden, &problems)
        let ernst = optional(.ernst, record, ernstPosition, ernstWaarden, &problems)

        if let unknownSchool, problems.count == 1, let datum, folderSchool == nil {
            return .unknownSchool(
                Incident(
                    schoolCode: unknownSchool, incidentId: incidentId, datum: datum, categorie: categorie,
                    locatie: locatie, politie: politie, leeftijd: leeftijd, ernst: ernst), problems[0])
        }
        guard problems.isEmpty, let datum else { return .invalid(problems) }
        return .valid(
            Incident(
                schoolCode: schoolCode, incidentId: incidentId, datum: datum, categorie: categorie,
                locatie: locatie, politie: politie, leeftijd: leeftijd, ernst: ernst))
    }

    /// The value of an id made of 1 to 18 ASCII digits.
    static func sequenceNumber(_ id: String) -> UInt64? {
        guard id.utf8.count <= IncidentIdFormat.maximumDigits, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(id)
    }

    /// The key (`school_code`, `incident_id`) an invalid row names, when both are usable: a
    /// declared period must not retract the stored version of a key whose new version is in
    /// quarantine (SPEC §2d: a later invalid row leaves the stored version as it was).
    public func key(of record: CSVRecord) -> (schoolCode: String, incidentId: String)? {
        guard record.fieldCount == header.fieldCount, idPosition >= 0 else { return nil }
        func value(_ position: Int, _ column: ExportColumn) -> String {
            let raw = position < 0 ? "" : record.trimmed(position)
            guard let profile else { return raw }
            if raw.isEmpty, column == .schoolCode, let school = profile.school { return school }
            return profile.translate(raw, for: column)
        }
        let incidentId = value(idPosition, .incidentId)
        guard !incidentId.isEmpty, incidentId.count <= RowValidator.maximumIdLength else { return nil }
        let rawSchool = value(schoolPosition, .schoolCode)
        guard let known = schoolCodes.contains(rawSchool) ? rawSchool : schoolsByFoldedCode[rawSchool.lowercased()] else { return nil }
        return (known, incidentId)
    }

    private func parseDatum(_ record: CSVRecord, _ problems: inout [Problem]) -> Day? {
        guard datumPosition >= 0 else { return nil }
        let (parsed, raw) = withField(record, datumPosition, .datum) { bytes -> (Day?, String?) in
            let parsed =
                Day(iso: bytes) ?? ValueParsers.date(bytes)
                ?? (acceptsExcelSerials ? ValueParsers.excelSerialDate(bytes, system: excelDateSystem) : nil)
            if let day = parsed, day >= Day.earliest, day <= asOf, declaredPeriod?.contains(day) ?? true,
                day >= retainedFrom ?? Day.earliest
            {
                return (day, nil)
            }
            return (parsed, String(decoding: bytes, as: UTF8.self))
        }
        guard let raw else { return parsed }
        func fail(_ reason: String) -> Day? {
            problems.append(
                Problem(column: ExportColumn.datum.rawValue, reason: reason, maskedValue: raw.isEmpty ? nil : Masking.mask(raw)))
            return nil
        }
        if raw.isEmpty { return fail("verplichte waarde ontbreekt") }
        guard let day = parsed else {
            return fail("geen geldige datum (JJJJ-MM-DD of D-M-JJJJ; een tijd erachter mag)")
        }
        if day < Day.earliest { return fail("datum ligt vóór 2000-01-01") }
        if day > asOf { return fail("datum ligt na de peildatum \(asOf)") }
        if let retainedFrom, day < retainedFrom {
            return fail(
                "datum ligt vóór \(retainedFrom): incidenten van vóór die dag zijn na hun bewaartermijn samengevoegd tot maandtellingen")
        }
        if let declaredPeriod, !declaredPeriod.contains(day) {
            return fail("datum valt buiten de opgegeven periode \(declaredPeriod.from) t/m \(declaredPeriod.to)")
        }
        return day
    }

    /// Hands `body` the trimmed bytes of a field — translated through the profile's value table
    /// for `column` when it has one (the common case, no table, allocates nothing).
    private func withField<T>(
        _ record: CSVRecord, _ position: Int, _ column: ExportColumn,
        _ body: (UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        let bytes = position < 0 ? UnsafeBufferPointer(start: nil, count: 0) : record.trimmedField(position)
        guard let profile, profile.values[column] != nil else { return body(bytes) }
        var translated = profile.translate(String(decoding: bytes, as: UTF8.self), for: column)
        return translated.withUTF8(body)
    }

    /// A row that repeats the header's names (two exports pasted together).
    private func isRepeatedHeader(_ record: CSVRecord) -> Bool {
        guard idPosition >= 0 else { return false }
        let id = record.trimmedField(idPosition)
        guard id.count == header.headerNames[idPosition].utf8.count else { return false }
        return (0..<record.fieldCount).allSatisfy { TextFolding.fold(record.trimmed($0)) == TextFolding.fold(header.headerNames[$0]) }
    }

    private func resolveCategory(_ raw: String) -> String? {
        if let cached = categoryCache[raw] { return cached }
        let code = categories.code(for: raw)
        if categoryCache.count < 10_000 { categoryCache[raw] = code }
        return code
    }

    private func optional<Value: CaseIterable & RawRepresentable>(
        _ column: ExportColumn, _ record: CSVRecord, _ position: Int, _ matcher: ByteMatcher<Value>, _ problems: inout [Problem]
    ) -> Value where Value.RawValue == String {
        guard position >= 0 else { return Value(rawValue: "onbekend")! }
        // Fast path: the exact canonical spelling, compared as bytes.
        let (exact, raw) = withField(record, position, column) { bytes -> (Value?, String) in
            if bytes.isEmpty { return (Value(rawValue: "onbekend")!, "") }
            if let exact = matcher.match(bytes) { return (exact, "") }
            return (nil, String(decoding: bytes, as: UTF8.self))
        }
        if let exact { return exact }
        if let parsed = Value.parse(raw) { return parsed }
        problems.append(
            Problem(
                column: column.rawValue, reason: "ongeldige waarde; toegestaan: \(Value.allowedList) of leeg",
                maskedValue: Masking.mask(raw)))
        return Value(rawValue: "onbekend")!
    }
}
