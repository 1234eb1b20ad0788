/// The reference data of SPEC §1: the map of Almere (wijk → stadsdeel → gebied), the schools
/// of the covenant, their enrolment and the category list.
public struct ReferenceData: Sendable, Equatable {
    public var wijken: [Wijk]
    public var scholen: [School]
    public var leerlingen: [Leerlingental]
    public var categorieen: [Categorie]
    /// The covenant's other agreements per school and school year (optional `afspraken.csv`).
    public var afspraken: [Afspraak]

    public init(wijken: [Wijk], scholen: [School], leerlingen: [Leerlingental], categorieen: [Categorie], afspraken: [Afspraak] = []) {
        self.afspraken = afspraken
        self.wijken = wijken
        self.scholen = scholen
        self.leerlingen = leerlingen
        self.categorieen = categorieen
    }
}

public struct Wijk: Hashable, Sendable {
    public let code: String
    public let naam: String
    public let stadsdeel: String
    /// The area of a stadsdeel meeting (Oost-Haven, West-Poort, Buiten-Hout); `onbekend` when empty.
    public let gebied: String
    /// The Passend-Onderwijs area the wijk belongs to (`po_cluster` in `wijken.csv`): wijken of one
    /// cluster get one po-wijk pack together; without a cluster, the stadsdeel is the area.
    public let poCluster: String

    public init(code: String, naam: String, stadsdeel: String, gebied: String, poCluster: String? = nil) {
        self.code = code
        self.naam = naam
        self.stadsdeel = stadsdeel
        self.gebied = gebied
        self.poCluster = poCluster.flatMap { $0.isEmpty ? nil : $0 } ?? stadsdeel
    }
}

public struct School: Hashable, Sendable {
    public let code: String
    public let naam: String
    public let sector: Sector
    public let wijkCode: String
    /// The date the school joined the covenant (art. 10.1); `nil` when not given.
    public let aangeslotenPer: Day?

    public init(code: String, naam: String, sector: Sector, wijkCode: String, aangeslotenPer: Day?) {
        self.code = code
        self.naam = naam
        self.sector = sector
        self.wijkCode = wijkCode
        self.aangeslotenPer = aangeslotenPer
    }
}

/// Enrolment of one school in one school year, for rates per 1000 pupils.
public struct Leerlingental: Hashable, Sendable {
    public let schoolCode: String
    public let schooljaar: String
    public let leerlingen: Int

    public init(schoolCode: String, schooljaar: String, leerlingen: Int) {
        self.schoolCode = schoolCode
        self.schooljaar = schooljaar
        self.leerlingen = leerlingen
    }
}
