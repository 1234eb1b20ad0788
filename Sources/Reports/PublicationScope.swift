import Analytics
import Disclosure
import Domain
import Store

/// The structured identity of every count a pack shows (issue 16): which schools, months and
/// facts it sums over, read from the pack's plan (its filter, its own school) and the row's
/// coordinates, never from a file name. The cells of every pack are then cells of one
/// publication over one base (the marts' grain).
struct PublicationScope {
    let schools: [SchoolRecord]
    let meldplicht: [String: [String]]
    let period: Period

    init(snapshot: MartSnapshot, period: Period) {
        schools = snapshot.schools
        var meldplicht: [String: [String]] = [:]
        for category in snapshot.categories { meldplicht[category.meldplicht, default: []].append(category.code) }
        self.meldplicht = meldplicht
        self.period = period
    }

    /// The place dimensions a row may hold.
    static let places: Set<String> = ["school", "wijk", "stadsdeel", "gebied", "sector"]

    /// Whether a table's counts belong to the shared publication: the incident tables, not the
    /// agreements (schools) and not a school's own figures (they go to that school only).
    static func shared(_ table: PackTable, ownSchool: String?) -> Bool {
        PackSuppression.protected(table) && table.slug != "afspraken" && (ownSchool == nil || table.benchmark)
    }

    /// The schools a table of the pack is about: the pack's filter, or for a school's benchmark
    /// its whole sector (one common cell set for the sector, issue 17).
    func tableSchools(_ table: PackTable, filter: SchoolFilter, benchmarkSector: Sector?, ownSchool: String?) -> [SchoolRecord] {
        let applied = table.benchmark ? SchoolFilter(sectors: benchmarkSector.map { [$0] }) : filter
        return schools.filter(applied.admits)
    }

    /// The scope of one row of a shared table.
    func scope(_ table: PackTable, keys: [String], schools tableSchools: [SchoolRecord]) throws -> CellScope {
        var schools = tableSchools
        var months: [Month]? = nil
        var categories: [String]? = nil
        var locatie: String? = nil
        var politie: String? = nil
        for (dimension, value) in zip(table.table.dimensions, keys) where value != totaal {
            if PackSuppression.timeColumns.contains(dimension) {
                guard let named = try? Period.parse(value) else {
                    throw FailureError("tabel '\(table.slug)': periode '\(value)' is niet te lezen voor de publicatie")
                }
                months = named.months
            } else if Self.places.contains(dimension) {
                schools = schools.filter { school in
                    switch dimension {
                    case "school": school.code == value
                    case "wijk": school.wijk == value
                    case "stadsdeel": school.stadsdeel == value
                    case "gebied": school.gebied == value
                    default: school.sector == value
                    }
                }
            } else if dimension == "categorie" {
                categories = [value]
            } else if dimension == "meldplicht" {
                categories = meldplicht[value] ?? []
            } else if dimension == "locatie" {
                locatie = value
            } else if dimension == "politie" {
                politie = value
            } else {
                throw FailureError("tabel '\(table.slug)': dimensie '\(dimension)' hoort niet bij de publicatie")
            }
        }
        // A pack holds nothing after its period; the covenant view nothing before the signing.
        let first = table.slug == "convenantperiode" ? Month(Covenant().period.from) : nil
        let last = Month(period.to)
        let within = (months ?? period.months).filter { month in month <= last && first.map { month >= $0 } ?? true }
        return CellScope(
            schools: schools.map(\.code), months: within.map(\.description),
            joinedOnly: table.slug == "naleving", categories: categories, locatie: locatie,
            politie: politie)
    }

    /// The base of the publication: the marts' monthly counts.
    static func base(_ snapshot: MartSnapshot) -> [BaseCount] {
        snapshot.facts.map {
            BaseCount(
                school: $0.schoolCode, month: $0.month.description, categorie: $0.categorie, locatie: $0.locatie, politie: $0.politie,
                count: $0.aantal)
        }
    }

    /// The first month in which each school counts as joined (no entry: joined all along).
    static func joinedFrom(_ snapshot: MartSnapshot) -> [String: String] {
        var result: [String: String] = [:]
        for school in snapshot.schools { if let day = school.aangeslotenPer { result[school.code] = Month(day).description } }
        return result
    }
}
