/// The closed value lists of the canonical incident export (SPEC §2a) and reference data (SPEC §1).
/// Every list has `onbekend` where the SPEC allows an empty value.

public enum Sector: String, CaseIterable, Sendable, Codable {
    case po = "PO", sbo = "SBO", so = "SO", vso = "VSO", vo = "VO", mbo = "MBO", hbo = "HBO"
}

public enum Locatie: String, CaseIterable, Sendable {
    case school, omgeving, online, onbekend
}

public enum Politie: String, CaseIterable, Sendable {
    case ja, nee, onbekend
}

public enum Leeftijd: String, CaseIterable, Sendable {
    case tot11 = "0-11", van12tot15 = "12-15", van16tot17 = "16-17", volwassen = "18+", onbekend
}

public enum Ernst: String, CaseIterable, Sendable {
    case licht, middel, zwaar, onbekend
}

/// Whether the school always involves the police for a category (covenant art. 2.4/2.5/2.10),
/// decides itself (art. 2.6), or neither applies.
public enum Meldplicht: String, CaseIterable, Sendable, Codable {
    case ja, afweging, nee
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Parses a value case-insensitively, ignoring surrounding spaces; an empty value is `nil`
    /// (the caller decides whether that means `onbekend`).
    public static func parse(_ text: String) -> Self? {
        let folded = TextFolding.fold(text)
        return allCases.first { $0.rawValue.lowercased() == folded }
    }

    /// The allowed values, for messages: `school, omgeving, online, onbekend`.
    public static var allowedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
