import Analytics
import Domain
import Store

/// Which packs a pipeline run writes (SPEC §4): one city-wide, or one per gebied (the meeting
/// area), wijk or school that has schools of the pipeline's sectors.
public struct PackPlan: Sendable, Equatable {
    public struct Pack: Sendable, Equatable {
        /// The file name without extension: `kerngroep_2025-Q3`, `stadsdeel_2025-H1_Oost-Haven`.
        public let name: String
        /// For the Voorblad: "Gebied Oost-Haven", "Wijk HAV01 Centrum Haven", "school VO01", or "Almere".
        public let area: String
        public let filter: SchoolFilter
        /// A school's own pack (schoolgesprek): its own figures are not suppressed.
        public let ownSchool: String?
        /// The own school's sector: its benchmark is the sector city-wide.
        public var ownSector: Sector? = nil
        /// Who the pack is for, as structured data (never parsed from its file name).
        public var identity = PackIdentity(pipeline: "", split: .none, value: nil)
    }

    public let packs: [Pack]

    public static func make(settings: PackSettings, period: Period, schools all: [SchoolRecord]) -> PackPlan {
        let plan = packs(settings: settings, period: period, schools: all)
        return PackPlan(
            packs: plan.map { pack in
                var pack = pack
                let value: String? =
                    switch settings.split {
                    case .none: nil
                    case .gebied: pack.filter.gebied
                    case .wijk: pack.filter.wijk
                    case .school: pack.filter.school
                    }
                pack.identity = PackIdentity(pipeline: settings.audience, split: settings.split, value: value)
                return pack
            })
    }

    private static func packs(settings: PackSettings, period: Period, schools all: [SchoolRecord]) -> [Pack] {
        let base = SchoolFilter(sectors: settings.sectors)
        let stem = "\(settings.audience)_\(fileSafe(period.name))"
        let schools = all.filter { school in settings.sectors.map { $0.contains { $0.rawValue == school.sector } } ?? true }
        switch settings.split {
        case .none:
            return [Pack(name: stem, area: "Almere", filter: base, ownSchool: nil)]
        case .gebied:
            let gebieden = Set(schools.map(\.gebied)).sorted()
            return gebieden.map { gebied in
                var filter = base
                filter.gebied = gebied
                return Pack(name: "\(stem)_\(fileSafe(gebied))", area: "gebied \(gebied)", filter: filter, ownSchool: nil)
            }
        case .wijk:
            var names: [String: String] = [:]
            for school in schools { names[school.wijk] = school.wijkName }
            return names.keys.sorted().map { wijk in
                var filter = base
                filter.wijk = wijk
                return Pack(
                    name: "\(stem)_\(fileSafe(wijk))",
                    area: "wijk \(names[wijk].map { $0.isEmpty ? wijk : "\($0) (\(wijk))" } ?? wijk)",
                    filter: filter, ownSchool: nil)
            }
        case .school:
            return schools.map { school in
                let code = school.code
                var filter = base
                filter.school = code
                return Pack(
                    name: "\(stem)_\(fileSafe(code))", area: "school \(code)", filter: filter, ownSchool: code,
                    ownSector: Sector(rawValue: school.sector))
            }
        }
    }

    /// Letters, digits, `-` and `_` only: a name that is safe as a file name everywhere.
    static func fileSafe(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                let allowed = CharacterSetASCII.contains(scalar)
                return allowed ? Character(scalar) : "-"
            })
    }

    private enum CharacterSetASCII {
        static func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 48...57, 65...90, 97...122, 45, 95: true
            default: false
            }
        }
    }
}
