/// The columns of the canonical incident export, version 1 (SPEC §2a).
public enum ExportColumn: String, CaseIterable, Sendable {
    case incidentId = "incident_id"
    case schoolCode = "school_code"
    case datum
    case categorie
    case locatie
    case politie
    case leeftijd
    case ernst

    public var isRequired: Bool {
        switch self {
        case .incidentId, .schoolCode, .datum, .categorie: true
        case .locatie, .politie, .leeftijd, .ernst: false
        }
    }
}
