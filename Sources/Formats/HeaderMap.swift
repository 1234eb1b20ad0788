import Domain

/// Where each SPEC column stands in a file's header. Names are matched without case, diacritics
/// and surrounding Unicode spaces (a no-break space included), in any order. Columns the SPEC does not list are never read
/// (data minimisation, covenant art. 8); their names are reported as dropped.
public struct HeaderMap: Sendable, Equatable {
    public let positions: [ExportColumn: Int]
    public let fieldCount: Int

    /// The field index of `column`, or `nil` when the file does not have it.
    public func position(_ column: ExportColumn) -> Int? { positions[column] }
    public let droppedColumns: [String]
    /// The header as written, to recognise it when it is repeated further down.
    public let headerNames: [String]

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let message: String
        /// The required columns the header lacks (empty for other problems).
        public var missing: [ExportColumn] = []
        public var description: String { message }
    }

    /// How many required columns a row would map: to pick the row that comes closest to a header.
    static func requiredMatches(_ fields: [String], profile: MappingProfile?) -> Int {
        let folded = Set(fields.map(TextFolding.fold))
        return ExportColumn.allCases.filter { column in
            guard column.isRequired else { return false }
            if let source = profile?.columns[column] { return folded.contains(TextFolding.fold(source)) }
            return folded.contains(column.rawValue)
        }.count
    }

    /// Maps a header onto the SPEC columns: by the canonical names, or through a mapping
    /// profile (its source names, compared without case, diacritics and surrounding spaces).
    /// A profile's fixed school stands in for a missing `school_code` column.
    public init(header: [String], profile: MappingProfile? = nil) throws(Problem) {
        var positions: [ExportColumn: Int] = [:]
        var dropped: [String] = []
        var seen: [String: Int] = [:]
        var sourceNames: [String: ExportColumn] = [:]
        for (column, source) in profile?.columns ?? [:] { sourceNames[TextFolding.fold(source)] = column }
        for (index, raw) in header.enumerated() {
            if let column = sourceNames[TextFolding.fold(raw)] {
                positions[column] = index
                continue
            }
            let name = TextFolding.fold(raw)
            if let earlier = seen[name], !name.isEmpty {
                // Only a SPEC column is named: a first line without header could hold personal data.
                let named = ExportColumn(rawValue: name).map { "kolom '\($0.rawValue)'" } ?? "een kolomnaam"
                throw Problem(message: "\(named) staat twee keer in de kopregel (kolom \(earlier + 1) en \(index + 1))")
            }
            seen[name] = index
            if let column = ExportColumn(rawValue: name) {
                positions[column] = index
            } else {
                dropped.append(name.isEmpty ? "(kolom \(index + 1) zonder naam)" : raw.trimmingUnicodeSpaces)
            }
        }
        if let profile {
            let absent = profile.columns.filter { positions[$0.key] == nil }.map { "'\($0.value)' (\($0.key.rawValue))" }.sorted()
            if !absent.isEmpty {
                throw Problem(message: "profiel \(profile.name): kolom \(absent.joined(separator: ", ")) staat niet in de kopregel")
            }
        }
        let missing = ExportColumn.allCases.filter {
            $0.isRequired && positions[$0] == nil && !($0 == .schoolCode && profile?.school != nil)
        }
        if !missing.isEmpty {
            throw Problem(
                message:
                    "\(missing.count > 1 ? "verplichte kolommen ontbreken" : "verplichte kolom ontbreekt") in de kopregel: \(missing.map(\.rawValue).joined(separator: ", ")) (deze regel telt \(header.count) kolommen)",
                missing: missing)
        }
        self.positions = positions
        self.fieldCount = header.count
        self.headerNames = header
        self.droppedColumns = dropped
    }
}

extension String {
    /// Without surrounding Unicode white space (no-break spaces included) and zero-width characters.
    public var trimmingUnicodeSpaces: String {
        let ignorable: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || TextFolding.isZeroWidth($0) }
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, ignorable(first) { scalars.removeFirst() }
        while let last = scalars.last, ignorable(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    public var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
