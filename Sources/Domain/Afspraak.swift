/// The covenant's other agreements for one school in one school year (SPEC §1 `afspraken.csv`):
/// a safety coordinator (art. 2.1), a confidential contact (2.2), a safety plan (2.8), monthly
/// contacts with the police (6.1) and the yearly policy talk (6.2).
public struct Afspraak: Hashable, Sendable {
    public let schoolCode: String
    public let schooljaar: String
    public let coordinator: Bool
    public let vertrouwenspersoon: Bool
    public let veiligheidsplan: Bool
    /// Contacts with the police in the school year.
    public let politiecontacten: Int
    /// The day of the yearly talk, when it was held.
    public let jaargesprek: Day?

    public init(
        schoolCode: String, schooljaar: String, coordinator: Bool, vertrouwenspersoon: Bool, veiligheidsplan: Bool,
        politiecontacten: Int, jaargesprek: Day?
    ) {
        self.schoolCode = schoolCode
        self.schooljaar = schooljaar
        self.coordinator = coordinator
        self.vertrouwenspersoon = vertrouwenspersoon
        self.veiligheidsplan = veiligheidsplan
        self.politiecontacten = politiecontacten
        self.jaargesprek = jaargesprek
    }

    /// Art. 6.1 asks for a monthly contact: ten in the ten school months of a year.
    public static let monthlyContacts = 10

    /// Each agreement with whether this school met it that year, in the covenant's order.
    public var agreements: [(name: String, met: Bool)] {
        [
            ("coordinator", coordinator), ("vertrouwenspersoon", vertrouwenspersoon), ("veiligheidsplan", veiligheidsplan),
            ("politiecontacten", politiecontacten >= Self.monthlyContacts), ("jaargesprek", jaargesprek != nil),
        ]
    }

    /// The agreements' names with the article and a Dutch description, for the packs.
    public static let descriptions: [String: String] = [
        "coordinator": "veiligheidscoördinator aangesteld (art. 2.1)",
        "vertrouwenspersoon": "vertrouwenspersoon aangesteld (art. 2.2)",
        "veiligheidsplan": "veiligheidsplan vastgesteld (art. 2.8)",
        "politiecontacten": "maandelijks contact met de politie, minstens \(monthlyContacts) per schooljaar (art. 6.1)",
        "jaargesprek": "jaarlijks beleidsgesprek gehouden (art. 6.2)",
    ]
}
