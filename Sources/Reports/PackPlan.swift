import Analytics
import Domain
import Store

/// Which packs a pipeline run writes (SPEC §4): one city-wide, or one per gebied (the meeting
/// area), wijk, Passend-Onderwijs cluster or school that has schools of the pipeline's sectors.
/// A small area — a wijk or a Passend-Onderwijs cluster — with fewer than `min_schools` joined
/// schools of those sectors gets no pack (issue 17): its figures would be one or two schools' own.
/// The covenant's meeting areas (gebied) are not left out; their cells fall under the cell rules.
public struct PackPlan: Sendable, Equatable {
    public struct Pack: Sendable, Equatable {
        /// The file name without extension: `kerngroep_2025-Q3`, `stadsdeel_2025-H1_Oost-Haven`.
        public let name: String
        /// For the Voorblad: "Gebied Oost-Haven", "Wijk HAV01 Centrum Haven", "school VO01", or "Almere".
        public let area: String
        /// The wijken a Passend-Onderwijs cluster covers, for the Voorblad: "Centrum Haven (HAV01), De Werven (HAV02)".
        public var wijken: String? = nil
        /// The Passend-Onderwijs cluster of a cluster pack.
        var cluster: String? = nil
        public let filter: SchoolFilter
        /// A school's own pack (schoolgesprek): its own figures are not suppressed.
        public let ownSchool: String?
        /// The own school's sector: its benchmark is the sector city-wide.
        public var ownSector: Sector? = nil
        /// Who the pack is for, as structured data (never parsed from its file name).
        public var identity = PackIdentity(pipeline: "", split: .none, value: nil)
    }

    public let packs: [Pack]
    /// The areas left out for having fewer than `min_schools` joined schools, with their count
    /// (never which schools): for the run's report.
    public var skipped: [SkippedArea] = []

    /// An area without a pack and its number of joined schools: "cluster C2 (2 scholen)".
    public struct SkippedArea: Sendable, Equatable, CustomStringConvertible {
        public let area: String
        public let schools: Int
        public var description: String { "\(area) (\(schools) \(schools == 1 ? "school" : "scholen"))" }
    }

    public static func make(settings: PackSettings, period: Period, schools all: [SchoolRecord]) -> PackPlan {
        let planned = packs(settings: settings, period: period, schools: all)
        // Joined by the period's end (reference data, never who delivered).
        let joined = all.filter { school in school.aangeslotenPer.map { $0 <= period.to } ?? true }
        var kept: [Pack] = []
        var skipped: [SkippedArea] = []
        for pack in planned {
            let count = joined.filter(pack.filter.admits).count
            if !(settings.split == .wijk || settings.split == .poCluster) || count >= settings.minSchools {
                kept.append(pack)
            } else {
                skipped.append(SkippedArea(area: pack.area, schools: count))
            }
        }
        var plan = PackPlan(
            packs: kept.map { pack in
                var pack = pack
                let value: String? =
                    switch settings.split {
                    case .none: nil
                    case .gebied: pack.filter.gebied
                    case .wijk: pack.filter.wijk
                    case .school: pack.filter.school
                    case .poCluster: pack.cluster
                    }
                pack.identity = PackIdentity(pipeline: settings.audience, split: settings.split, value: value)
                return pack
            })
        plan.skipped = skipped
        return plan
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
        case .poCluster:
            let clusters = Dictionary(grouping: schools, by: \.poCluster)
            return clusters.keys.sorted().map { cluster in
                var names: [String: String] = [:]
                for school in clusters[cluster]! { names[school.wijk] = school.wijkName }
                var filter = base
                filter.wijken = Set(names.keys)
                var pack = Pack(name: "\(stem)_\(fileSafe(cluster))", area: "cluster \(cluster)", filter: filter, ownSchool: nil)
                pack.wijken = names.keys.sorted().map { wijk in names[wijk].map { $0.isEmpty ? wijk : "\($0) (\(wijk))" } ?? wijk }
                    .joined(separator: ", ")
                pack.cluster = cluster
                return pack
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
