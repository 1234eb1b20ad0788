import Domain

/// The header of the aggregated delivery form (SPEC §2b): `school_code, maand, categorie,
/// locatie, politie, aantal`. Recognised by `maand` and `aantal` without `incident_id`.
public enum AggregatedHeader {
    public enum Column: String, CaseIterable, Sendable {
        case schoolCode = "school_code", maand, categorie, locatie, politie, aantal
        public var isRequired: Bool { self != .locatie && self != .politie }
    }

    /// Whether a header row is the aggregated form.
    public static func recognises(_ header: [String]) -> Bool {
        let names = Set(header.map(TextFolding.fold))
        return names.contains("maand") && names.contains("aantal") && !names.contains("incident_id")
    }
}
