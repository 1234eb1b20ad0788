import Domain
import Foundation

/// Generates the demo's incidents: a Poisson number per school and day, shaped by the school
/// calendar, the sector and the school, with a mix of categories per sector and the injected
/// rising trend of `DemoScenario.risingTrend`.
public enum DemoIncidents {
    /// Incidents per 1000 pupils per school year, by sector.
    static func yearlyRate(_ sector: Sector) -> Double {
        switch sector {
        case .po: 18
        case .sbo: 70
        case .so: 55
        case .vso: 80
        case .vo: 45
        case .mbo: 35
        case .hbo: 6
        }
    }

    static func categoryWeights(_ sector: Sector) -> [(String, Double)] {
        switch sector {
        case .po, .sbo, .so:
            [
                ("PESTEN", 30), ("FYSIEK_GEWELD", 25), ("OVERLAST", 15), ("VANDALISME", 8), ("BEDREIGING", 5),
                ("INTIMIDATIE", 5), ("DISCRIMINATIE", 4), ("CYBERPESTEN", 3), ("DIEFSTAL", 3), ("SEKSUEEL", 1), ("OVERIG", 1),
            ]
        case .vo, .vso:
            [
                ("PESTEN", 15), ("CYBERPESTEN", 12), ("FYSIEK_GEWELD", 15), ("BEDREIGING", 10), ("DIEFSTAL", 8),
                ("DRUGS", 8), ("WAPENS", 3), ("VANDALISME", 8), ("INTIMIDATIE", 7), ("DISCRIMINATIE", 5),
                ("SEKSUEEL", 4), ("OVERLAST", 8), ("OVERIG", 2),
            ]
        case .mbo, .hbo:
            [
                ("DIEFSTAL", 15), ("DRUGS", 12), ("BEDREIGING", 12), ("FYSIEK_GEWELD", 10), ("INTIMIDATIE", 8),
                ("DISCRIMINATIE", 8), ("SEKSUEEL", 6), ("VANDALISME", 8), ("OVERLAST", 10), ("CYBERPESTEN", 5),
                ("WAPENS", 3), ("OVERIG", 2),
            ]
        }
    }

    static func ageWeights(_ sector: Sector) -> [(Leeftijd, Double)] {
        switch sector {
        case .po, .sbo, .so: [(.tot11, 88), (.van12tot15, 8), (.onbekend, 4)]
        case .vo: [(.van12tot15, 62), (.van16tot17, 30), (.volwassen, 4), (.onbekend, 4)]
        case .vso: [(.van12tot15, 45), (.van16tot17, 35), (.volwassen, 15), (.onbekend, 5)]
        case .mbo: [(.van16tot17, 45), (.volwassen, 50), (.onbekend, 5)]
        case .hbo: [(.volwassen, 95), (.onbekend, 5)]
        }
    }

    /// All demo incidents from `DemoScenario.firstDay` up to and including `asOf`, per school
    /// in date order.
    public static func make(reference: ReferenceData, asOf: Day) -> [Incident] {
        var random = RandomSource(seed: DemoScenario.seed ^ 0x5C0_0111)
        let stadsdeelOf = Dictionary(uniqueKeysWithValues: reference.wijken.map { ($0.code, $0.stadsdeel) })
        let meldplicht = Dictionary(uniqueKeysWithValues: reference.categorieen.map { ($0.code, $0.meldplicht) })
        var enrolment: [String: Int] = [:]
        for row in reference.leerlingen { enrolment[row.schoolCode + "|" + row.schooljaar] = row.leerlingen }
        var incidents: [Incident] = []
        for school in reference.scholen {
            let schoolFactor = 0.6 + random.unit() * 0.9
            let weights = categoryWeights(school.sector)
            let trending =
                stadsdeelOf[school.wijkCode] == DemoScenario.risingTrend.stadsdeel
                && (school.sector == .vo || school.sector == .mbo)
            var sequence = 0
            var day = DemoScenario.firstDay
            while day <= asOf {
                let pupils = Double(enrolment[school.code + "|" + day.schooljaar] ?? 0)
                let perDay = yearlyRate(school.sector) * pupils / 1000 / 200 * schoolFactor
                let activity = SchoolCalendar.activity(on: day)
                var todays: [String] = []
                for _ in 0..<random.poisson(perDay * activity) { todays.append(random.pick(weights)) }
                if trending {
                    let years = Double(day.daysSinceEpoch - DemoScenario.firstDay.daysSinceEpoch) / 365.25
                    let extra = 0.004 * pupils / 1000 * Foundation.pow(DemoScenario.risingTrend.factorPerYear, years)
                    for _ in 0..<random.poisson(extra * activity) { todays.append(DemoScenario.risingTrend.categorie) }
                }
                for categorie in todays {
                    sequence += 1
                    incidents.append(
                        incident(
                            school: school, number: sequence, day: day, categorie: categorie,
                            meldplicht: meldplicht[categorie] ?? .nee, random: &random))
                }
                day = day.adding(days: 1)
            }
        }
        return incidents
    }

    private static func incident(
        school: School, number: Int, day: Day, categorie: String,
        meldplicht: Meldplicht, random: inout RandomSource
    ) -> Incident {
        let locatie: Locatie =
            categorie == "CYBERPESTEN"
            ? random.pick([(.online, 90), (.school, 8), (.onbekend, 2)])
            : random.pick([(.school, 72), (.omgeving, 18), (.online, 3), (.onbekend, 7)])
        let politie: Politie
        switch meldplicht {
        case .ja: politie = random.pick([(.ja, 84), (.nee, 12), (.onbekend, 4)])
        case .afweging: politie = random.pick([(.ja, 15), (.nee, 78), (.onbekend, 7)])
        case .nee: politie = random.pick([(.ja, 4), (.nee, 90), (.onbekend, 6)])
        }
        let ernst: Ernst =
            categorie == "WAPENS" || categorie == "SEKSUEEL"
            ? random.pick([(.middel, 40), (.zwaar, 55), (.onbekend, 5)])
            : random.pick([(.licht, 55), (.middel, 33), (.zwaar, 8), (.onbekend, 4)])
        return Incident(
            schoolCode: school.code, incidentId: "\(school.code)-\(day.year)-\(String(number))",
            datum: day, categorie: categorie, locatie: locatie, politie: politie,
            leeftijd: random.pick(ageWeights(school.sector)), ernst: ernst)
    }
}
