/// One incident in canonical, minimised form: exactly the SPEC §2a columns, nothing else.
public struct Incident: Hashable, Sendable {
    public let schoolCode: String
    public let incidentId: String
    public let datum: Day
    /// A category code of the reference list (already resolved from label or alias).
    public let categorie: String
    public let locatie: Locatie
    public let politie: Politie
    public let leeftijd: Leeftijd
    public let ernst: Ernst

    public init(
        schoolCode: String, incidentId: String, datum: Day, categorie: String,
        locatie: Locatie = .onbekend, politie: Politie = .onbekend,
        leeftijd: Leeftijd = .onbekend, ernst: Ernst = .onbekend
    ) {
        self.schoolCode = schoolCode
        self.incidentId = incidentId
        self.datum = datum
        self.categorie = categorie
        self.locatie = locatie
        self.politie = politie
        self.leeftijd = leeftijd
        self.ernst = ernst
    }
}
