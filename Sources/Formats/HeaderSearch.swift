import Domain

/// Finds the header of a delivery: the first row, within the first `rowLimit` rows that have a
/// value, that maps the required columns (names compared without case, diacritics and Unicode
/// spaces; through a mapping profile when one is named or recognised), or that is the aggregated
/// form's header. Most exports put one or two title lines and a blank line above it: those rows
/// are skipped, and reported by line number only (a title may hold a name). A profile may fix
/// the header's line (`kopregel`).
///
/// When no row qualifies, the problem of the row that came closest is reported, with hints a
/// data officer can act on: the closest mapping profile and the column it lacks, and a header
/// name that looks like a SPEC column (by its position, never by the name: the row may be data).
public struct HeaderSearch {
    static let rowLimit = 20

    public struct Header {
        public let line: Int
        public let fields: [String]
        public let profile: MappingProfile?
        public let aggregated: Bool
        /// Lines of the rows with a value above the header.
        public let skippedLines: [Int]
    }

    public struct NotFound: Error {
        /// Dutch, starting with the line of the closest row.
        public let message: String
        /// The closest row, for the rejection record (masked before it is stored).
        public let closest: [String]?
    }

    public enum Outcome {
        case found(Header)
        case notFound(NotFound)
    }

    let profile: MappingProfile?
    let catalog: ProfileCatalog

    public init(profile: MappingProfile?, catalog: ProfileCatalog) {
        self.profile = profile
        self.catalog = catalog
    }

    /// Reads the first rows of `path`. Reader failures (`CSVReader.Failure`, `XLSXError`,
    /// `ByteSource.DecodingFailure`) and an ambiguous profile (`MappingProfile.Problem`) pass through.
    public func find(path: String, dialect: Dialect) throws -> Outcome {
        var rows: [(line: Int, fields: [String])] = []
        struct Enough: Error {}
        do {
            try dialect.reader(path: path).forEachRecord { record in
                let fields = record.strings
                guard fields.contains(where: { !$0.trimmingUnicodeSpaces.isEmpty }) else { return }
                rows.append((record.line, fields))
                if rows.count >= Self.rowLimit || (profile?.headerRow.map { record.line >= $0 } ?? false) { throw Enough() }
            }
        } catch is Enough {}
        return try find(in: rows)
    }

    func find(in rows: [(line: Int, fields: [String])]) throws -> Outcome {
        guard !rows.isEmpty else {
            return .notFound(NotFound(message: "het bestand bevat geen kopregel (geen enkele regel met een waarde)", closest: nil))
        }
        var closest: (line: Int, fields: [String], problem: HeaderMap.Problem, score: Int)?
        for (index, row) in rows.enumerated() {
            let skipped = rows[..<index].map(\.line)
            if let fixed = profile?.headerRow {
                if row.line < fixed { continue }
                guard row.line == fixed else { break }
            }
            var candidate = profile
            if candidate == nil, let recognised = try catalog.recognise(row.fields) {
                if recognised.headerRow == nil || recognised.headerRow == row.line {
                    return .found(Header(line: row.line, fields: row.fields, profile: recognised, aggregated: false, skippedLines: skipped))
                }
                candidate = recognised
            }
            if candidate == nil, AggregatedHeader.recognises(row.fields) {
                return .found(Header(line: row.line, fields: row.fields, profile: nil, aggregated: true, skippedLines: skipped))
            }
            do {
                _ = try HeaderMap(header: row.fields, profile: candidate)
                return .found(Header(line: row.line, fields: row.fields, profile: candidate, aggregated: false, skippedLines: skipped))
            } catch {
                let score = HeaderMap.requiredMatches(row.fields, profile: candidate)
                if closest == nil || score > closest!.score { closest = (row.line, row.fields, error, score) }
            }
        }
        guard let closest else {
            let fixed = profile?.headerRow ?? 1
            return .notFound(
                NotFound(
                    message:
                        "regel \(fixed): profiel \(profile?.name ?? ""): de kopregel staat volgens het profiel op regel \(fixed), maar die regel is leeg (kopregel in het profiel)",
                    closest: nil))
        }
        var message = "regel \(closest.line): \(closest.problem.message)"
        if profile?.headerRow == nil, rows.count > 1 {
            message += "; ook in de eerste \(rows.count) regels met een waarde staat geen kopregel"
        }
        message += hints(closest.fields, missing: closest.problem.missing, rows: rows)
        return .notFound(NotFound(message: message, closest: closest.fields))
    }

    /// Hints for a missing header: header names that look like a SPEC column (named by their
    /// position only), and the mapping profile that comes closest.
    private func hints(_ fields: [String], missing: [ExportColumn], rows: [(line: Int, fields: [String])]) -> String {
        guard !missing.isEmpty, profile == nil else { return "" }
        var text = ""
        var lookalikes: [String] = []
        for column in missing {
            let wanted = Self.squeeze(column.rawValue)
            if let index = fields.firstIndex(where: { Self.editDistance(Self.squeeze(TextFolding.fold($0)), wanted, limit: 2) <= 2 }) {
                lookalikes.append("kolom \(index + 1) lijkt op \(column.rawValue)")
            }
        }
        if !lookalikes.isEmpty {
            text += "; \(lookalikes.joined(separator: ", ")): schrijf de kolomnaam precies zo"
        }
        let folded = Set(rows.flatMap { $0.fields.map(TextFolding.fold) })
        let ranked = catalog.profiles.map { ($0, $0.columnMatches(folded)) }.filter { $0.1.found > 0 }
            .sorted { $0.1.found != $1.1.found ? $0.1.found > $1.1.found : $0.0.name < $1.0.name }
        if let (best, match) = ranked.first {
            let absent = match.absent.map { "\($0.0.rawValue): '\($0.1)'" }.joined(separator: ", ")
            text +=
                "; het profiel '\(best.name)' komt het dichtst bij (\(match.found) van \(match.found + match.absent.count) kolomnamen gevonden"
            text += absent.isEmpty ? ")" : "; niet gevonden: \(absent))"
            text +=
                ": pas de sleutel kolommen in \(best.path) aan, of maak een eigen profiel (zie pipelines/profiles/README.md) en kies het met --profile"
        } else {
            text +=
                "; heeft het schoolsysteem eigen kolomnamen, koppel ze dan in een profiel (zie pipelines/profiles/README.md; onder de sleutel kolommen bijvoorbeeld \(missing[0].rawValue): <kolomnaam>) en kies het met --profile"
        }
        return text
    }

    /// A folded name without separators: `School code`, `school-code` and `schoolcode` agree.
    static func squeeze(_ folded: String) -> String {
        String(folded.unicodeScalars.filter { $0 != "_" && $0 != " " && $0 != "-" && $0 != "." }.map(Character.init))
    }

    /// Levenshtein distance, cut off above `limit` (names are short).
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit || a.count > 64 || b.count > 64 { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
