import Analytics
import Domain

/// Fictional reference data for the demo: real Almere stadsdelen and wijk names, invented
/// schools (about 60, every sector) and their enrolment per school year.
public enum DemoReference {
    /// (code, name, stadsdeel, gebied): the covenant's meeting areas group the stadsdelen,
    /// with Stad split between Oost-Haven (east) and West-Poort (west).
    static let wijkList: [(String, String, String, String)] = [
        ("HAV01", "Centrum Haven", "Haven", "Oost-Haven"), ("HAV02", "De Werven", "Haven", "Oost-Haven"),
        ("HAV03", "De Marken", "Haven", "Oost-Haven"), ("HAV04", "De Hoven", "Haven", "Oost-Haven"),
        ("STA01", "Centrum Stad", "Stad", "Oost-Haven"), ("STA02", "Stedenwijk", "Stad", "Oost-Haven"),
        ("STA03", "Waterwijk", "Stad", "Oost-Haven"), ("STA04", "Muziekwijk", "Stad", "Oost-Haven"),
        ("STA05", "Kruidenwijk", "Stad", "West-Poort"), ("STA06", "Filmwijk", "Stad", "West-Poort"),
        ("STA07", "Parkwijk", "Stad", "West-Poort"), ("STA08", "Literatuurwijk", "Stad", "West-Poort"),
        ("POO01", "Europakwartier", "Poort", "West-Poort"), ("POO02", "Homeruskwartier", "Poort", "West-Poort"),
        ("POO03", "Columbuskwartier", "Poort", "West-Poort"),
        ("BUI01", "Centrum Buiten", "Buiten", "Buiten-Hout"), ("BUI02", "Regenboogbuurt", "Buiten", "Buiten-Hout"),
        ("BUI03", "Molenbuurt", "Buiten", "Buiten-Hout"), ("BUI04", "Seizoenenbuurt", "Buiten", "Buiten-Hout"),
        ("BUI05", "Oostvaardersbuurt", "Buiten", "Buiten-Hout"),
        ("HOU01", "Nobelhorst", "Hout", "Buiten-Hout"), ("HOU02", "Vogelhorst", "Hout", "Buiten-Hout"),
        ("HOU03", "Overgooi", "Hout", "Buiten-Hout"),
    ]

    /// The Passend-Onderwijs clusters (`po_cluster`): the stadsdeel, with Stad, the largest, in
    /// an eastern and a western cluster as its gebieden; each holds four to six primary schools.
    static func poCluster(_ wijk: String, _ stadsdeel: String) -> String {
        guard stadsdeel == "Stad", let number = Int(wijk.dropFirst(3)) else { return stadsdeel }
        return number <= 4 ? "Stad-Oost" : "Stad-West"
    }

    static let sectorCounts: [(Sector, Int)] = [(.po, 30), (.sbo, 3), (.so, 3), (.vso, 3), (.vo, 11), (.mbo, 6), (.hbo, 4)]

    static let names: [Sector: (prefixes: [String], names: [String])] = [
        .po: (
            ["Basisschool", "Kindcentrum", "OBS", "CBS"],
            [
                "De Zilvermeeuw", "Het Windorgel", "De Polderster", "De Vlonder", "Het Kompasveld", "De Lichtboei",
                "De Zevensprong", "Het Dijkpad", "De Waterhoen", "De Ijsvogelkade", "Het Rietland", "De Meerkoet",
                "De Klimboom", "Het Zeilschip", "De Duinroos", "De Kustlijn", "Het Palet", "De Zonnewijzer",
                "De Schelp", "Het Vlot", "De Horizon", "De Brugwachter", "Het Lisdodde", "De Reiger",
                "De Oeverzwaluw", "Het Sluisje", "De Fluitekruid", "De Hooiberg", "Het Boegbeeld", "De Wadvogel",
            ]
        ),
        .sbo: (["SBO"], ["De Tussenstap", "Het Opstapje", "De Wegwijzer"]),
        .so: (["SO"], ["De Vuurtoren", "Het Anker", "De Kaap"]),
        .vso: (["VSO"], ["De Ankerplaats", "Het Baken", "De Overtocht"]),
        .vo: (
            ["College", "Lyceum", "Scholengemeenschap"],
            [
                "Polderlicht", "Weidevogel", "Kwelderrand", "Dijkgraaf", "Eemvallei", "Flevomeer", "Ringvaart",
                "Lepelaar", "Zeestraat", "Waterlinie", "Kustzicht",
            ]
        ),
        .mbo: (["MBO College"], ["Havenpoort", "Vaartweg", "Werkplaats Flevo", "Stadsbaken", "Techniekhaven", "Zorgplein"]),
        .hbo: (["Hogeschool"], ["Flevoland Campus", "Polder Academie", "Stadshart Instituut", "Nieuwland"]),
    ]

    public static func make() -> ReferenceData {
        var random = RandomSource(seed: DemoScenario.seed)
        let wijken = wijkList.map { Wijk(code: $0.0, naam: $0.1, stadsdeel: $0.2, gebied: $0.3, poCluster: poCluster($0.0, $0.2)) }
        var scholen: [School] = []
        var leerlingen: [Leerlingental] = []
        var wijkIndex = 0
        for (sector, count) in sectorCounts {
            let naming = names[sector]!
            for number in 1...count {
                let code = "\(sector.rawValue)\(number < 10 ? "0" : "")\(number)"
                let prefix = naming.prefixes[(number - 1) % naming.prefixes.count]
                let name = "\(prefix) \(naming.names[(number - 1) % naming.names.count])"
                // Spread schools over the wijken; larger schools over the centres first.
                let wijk = wijken[(wijkIndex * 7) % wijken.count]
                wijkIndex += 1
                // Most schools signed on 14 November 2023; a few joined later (art. 10.1).
                let joined: Day? = number % 9 == 0 ? Day(year: 2024, month: 3, day: 1) : Day(year: 2023, month: 11, day: 14)
                scholen.append(School(code: code, naam: name, sector: sector, wijkCode: wijk.code, aangeslotenPer: joined))
                let base =
                    Double(enrolmentRange(sector).lowerBound)
                    + random.unit() * Double(enrolmentRange(sector).count)
                for startYear in 2021...2026 {
                    let growth = 1.0 + 0.015 * Double(startYear - 2021) + (random.unit() - 0.5) * 0.04
                    leerlingen.append(
                        Leerlingental(
                            schoolCode: code, schooljaar: "\(startYear)-\(startYear + 1)",
                            leerlingen: Int((base * growth).rounded())))
                }
            }
        }
        return ReferenceData(
            wijken: wijken, scholen: scholen, leerlingen: leerlingen, categorieen: DefaultCategories.list,
            afspraken: agreements(scholen))
    }

    /// The covenant's other agreements for the school years since the signing, for joined schools:
    /// mostly met, with a few gaps (a plan not yet adopted, fewer police contacts, a talk not held).
    static func agreements(_ scholen: [School]) -> [Afspraak] {
        var random = RandomSource(seed: DemoScenario.seed &+ 0xAF5)
        var result: [Afspraak] = []
        for school in scholen {
            for start in 2023...2025 {
                let year = "\(start)-\(start + 1)"
                guard let joined = school.aangeslotenPer, joined.schooljaar <= year else { continue }
                let talk = random.unit() < 0.85 ? Day(year: start + 1, month: random.int(in: 2...6), day: random.int(in: 1...28)) : nil
                result.append(
                    Afspraak(
                        schoolCode: school.code, schooljaar: year, coordinator: random.unit() < 0.95,
                        vertrouwenspersoon: random.unit() < 0.9, veiligheidsplan: random.unit() < (start == 2023 ? 0.6 : 0.85),
                        politiecontacten: random.int(in: 5...12), jaargesprek: talk))
            }
        }
        return result
    }

    static func enrolmentRange(_ sector: Sector) -> ClosedRange<Int> {
        switch sector {
        case .po: 140...520
        case .sbo: 90...190
        case .so: 70...150
        case .vso: 80...200
        case .vo: 600...1800
        case .mbo: 1500...5000
        case .hbo: 1500...6000
        }
    }

    /// Writes the reference set as the CSV files of SPEC §1 (categories: the default list).
    public static func write(_ reference: ReferenceData, to directory: String) throws {
        func csv(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { $0.map(CSVField.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
        }
        try FileOutput.write(
            csv(
                ["wijk_code", "wijk_naam", "stadsdeel", "gebied", "po_cluster"],
                reference.wijken.map { [$0.code, $0.naam, $0.stadsdeel, $0.gebied, $0.poCluster] }),
            to: directory, name: "wijken.csv")
        try FileOutput.write(
            csv(
                ["school_code", "naam", "sector", "wijk_code", "aangesloten_per"],
                reference.scholen.map { [$0.code, $0.naam, $0.sector.rawValue, $0.wijkCode, $0.aangeslotenPer?.description ?? ""] }),
            to: directory, name: "scholen.csv")
        try FileOutput.write(
            csv(
                ["school_code", "schooljaar", "leerlingen"],
                reference.leerlingen.map { [$0.schoolCode, $0.schooljaar, String($0.leerlingen)] }),
            to: directory, name: "leerlingen.csv")
        try FileOutput.write(
            csv(
                ["code", "label", "meldplicht", "aliassen"],
                reference.categorieen.map { [$0.code, $0.label, $0.meldplicht.rawValue, $0.aliassen.joined(separator: "|")] }),
            to: directory, name: "categorieen.csv")
        func yesNo(_ value: Bool) -> String { value ? "ja" : "nee" }
        try FileOutput.write(
            csv(
                ["school_code", "schooljaar", "coordinator", "vertrouwenspersoon", "veiligheidsplan", "politiecontacten", "jaargesprek"],
                reference.afspraken.map {
                    [
                        $0.schoolCode, $0.schooljaar, yesNo($0.coordinator), yesNo($0.vertrouwenspersoon),
                        yesNo($0.veiligheidsplan), String($0.politiecontacten), $0.jaargesprek?.description ?? "",
                    ]
                }),
            to: directory, name: "afspraken.csv")
    }
}
