import Domain

/// The words a reader of the workbook sees in place of the machine names the CSV keeps (SPEC §4:
/// the CSV tables keep codes and column names such as `per_1000` and `FYSIEK_GEWELD`; the
/// workbook shows "Per 1.000 leerlingen" and the category's label from `categorieen.csv`).
struct DutchLabels: Sendable {
    /// Category code → label (the loaded `categorieen.csv`).
    let categories: [String: String]
    /// The pack's area, for unambiguous place names ("Stad (deel Oost-Haven)").
    let area: String

    init(categories: [String: String], area: String = "Almere") {
        self.categories = categories
        self.area = area
    }

    /// Column headers: the machine names of dimensions and measures as Dutch words.
    static let headers: [String: String] = [
        "periode": "Periode", "maand": "Maand", "kwartaal": "Kwartaal", "halfjaar": "Halfjaar", "schooljaar": "Schooljaar",
        "jaar": "Jaar", "tertiaal": "Tertiaal", "school": "School", "wijk": "Wijk", "stadsdeel": "Stadsdeel", "gebied": "Gebied",
        "sector": "Sector", "categorie": "Categorie", "meldplicht": "Meldplicht", "locatie": "Locatie",
        "politie": "Politie betrokken", "leeftijd": "Leeftijd", "ernst": "Ernst",
        "aantal": "Aantal incidenten", "leerlingen": "Leerlingen", "per_1000": "Per 1.000 leerlingen",
        "bi_laag": "95%-interval: van", "bi_hoog": "95%-interval: tot", "aanlevering": "Aanlevering",
        "aandeel": "Aandeel (%)", "beoordeling": "Beoordeling", "methode": "Methode", "vergeleken_met": "Vergeleken met",
        "richting": "Richting", "sterkte": "Sterkte", "ratio": "Verhouding", "p": "p-waarde", "q": "q-waarde (na correctie)",
        "zin": "Signaal", "scholen": "Scholen", "volledig": "Volledig aangeleverd", "gedeeltelijk": "Gedeeltelijk aangeleverd",
        "niet_aangeleverd": "Niet aangeleverd", "niet_aangesloten": "Niet aangesloten",
        "schoolmaanden_verwacht": "Schoolmaanden verwacht", "schoolmaanden_aangeleverd": "Schoolmaanden aangeleverd",
        "afspraak": "Afspraak", "voldaan": "Voldaan", "toelichting": "Toelichting", "waargenomen": "Aantal",
        "verwacht": "Verwacht", "bovengrens": "Bovengrens",
    ]

    /// The header a person reads for a column.
    static func header(_ name: String) -> String {
        if let known = headers[name] { return known }
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Values of fact dimensions and statuses as words.
    static let values: [String: [String: String]] = [
        "meldplicht": ["ja": "meldplicht (politie altijd)", "afweging": "afweging door de school", "nee": "geen meldplicht"],
        "politie": ["ja": "ja", "nee": "nee", "onbekend": "onbekend"],
        "aanlevering": [
            "volledig": "volledig", "gedeeltelijk": "gedeeltelijk", "niet_aangeleverd": "niet aangeleverd",
            "niet_aangesloten": "niet aangesloten",
        ],
        "methode": [
            "trend": "trend over de jaren", "vergelijking": "tegen een jaar eerder", "afwijking": "tegen de verwachting voor het kwartaal",
        ],
        "afspraak": [
            "coordinator": "Veiligheidscoördinator (art. 2.1)", "vertrouwenspersoon": "Vertrouwenspersoon (art. 2.2)",
            "veiligheidsplan": "Veiligheidsplan (art. 2.8)", "politiecontacten": "Politiecontacten (art. 6.1)",
            "jaargesprek": "Jaargesprek (art. 6.2)",
        ],
    ]

    /// The text shown for the value `value` of column `column`.
    func value(_ value: String, column: String) -> String {
        if value == totaal { return column == "categorie" ? "Alle categorieën" : totaal }
        switch column {
        case "categorie": return categories[value] ?? value
        case "stadsdeel": return place(value)
        default:
            if let label = Self.values[column]?[value] { return label }
            return value.contains("_") && value == value.uppercased() ? (categories[value] ?? value) : value
        }
    }

    /// A stadsdeel's name that cannot be mistaken for the city or for another part of it: the
    /// stadsdeel "Stad" spans several meeting areas, so in an area's pack it is "Stad (deel Oost-Haven)".
    func place(_ stadsdeel: String) -> String {
        guard stadsdeel == "Stad", area.hasPrefix("gebied ") else { return stadsdeel }
        return "Stad (deel \(area.dropFirst("gebied ".count)))"
    }
}
