import Analytics
import Domain
import Foundation
import Store

/// What the Voorblad, Toelichting and Bronnen sheets say about a pack: the meeting, the area,
/// the period, the data's as-of date (never a clock time, SPEC §4), the rule applied, the
/// reference data and the deliveries used.
public struct PackInfo: Sendable {
    public let meeting: String
    public let area: String
    /// The wijken of a Passend-Onderwijs cluster pack, for the Voorblad.
    public var wijken: String? = nil
    public let period: Period
    public let previous: Period
    public let asOf: Day
    public let ruleText: String
    public let referenceHash: String
    /// Deliveries used, per sector: (sector, deliveries, schools).
    public let deliveries: [(sector: String, deliveries: Int, schools: Int)]
    /// The school's own deliveries (file names), only in its own pack.
    public let ownDeliveries: [String]
    public let categoryLabels: [String: String]
    /// The edition, as the Voorblad says it: "voorlopig (1e editie), definitief vanaf 11 augustus 2026".
    public var edition: String? = nil
    /// What changed since the previous edition (an edition after the first only).
    var revisions: Revisions? = nil
    /// The small-count threshold and `min_schools`, for the Revisies sheet's explanation.
    public var threshold = 5
    public var minSchools = 3

    static func read(
        pack: PackPlan.Pack, settings: PackSettings, period: Period, asOf: Day, ruleText: String,
        in snapshot: MartSnapshot
    ) -> PackInfo {
        let reference = snapshot.referenceHash
        let frame = SchoolMonthFrame.make(months: period.months, asOf: asOf, filter: pack.filter, snapshot)
        let codes = frame.schools.map(\.code)
        var perSector: [String: (deliveries: Set<Int64>, schools: Set<String>)] = [:]
        let sectorOf = Dictionary(uniqueKeysWithValues: frame.schools.map { ($0.code, $0.sector) })
        var own: Set<Int64> = []
        for row in snapshot.deliverySchools(covering: period) {
            let school = row.school
            guard codes.contains(school), let sector = sectorOf[school] else { continue }
            perSector[sector, default: ([], [])].deliveries.insert(row.delivery)
            perSector[sector, default: ([], [])].schools.insert(school)
            if school == pack.ownSchool { own.insert(row.delivery) }
        }
        // Identified by number, declared period and hash: file names are not stored (SPEC §5).
        let ownFiles = snapshot.deliveries.filter { own.contains($0.id) }.map { delivery in
            "levering \(delivery.id)" + (delivery.schools.isEmpty ? "" : ", school \(delivery.schools)")
                + (delivery.period.isEmpty ? "" : ", periode \(delivery.period)")
                + (delivery.sha256.isEmpty ? "" : ", sha256 \(delivery.sha256.prefix(12))")
        }
        var labels: [String: String] = [:]
        for category in snapshot.categories { labels[category.code] = category.label }
        var info = PackInfo(
            meeting: settings.meeting, area: pack.area, period: period, previous: period.yearEarlier, asOf: asOf,
            ruleText: ruleText, referenceHash: reference,
            deliveries: perSector.keys.sorted().map { ($0, perSector[$0]!.deliveries.count, perSector[$0]!.schools.count) },
            ownDeliveries: ownFiles, categoryLabels: labels)
        info.wijken = pack.wijken
        info.threshold = settings.threshold
        info.minSchools = settings.minSchools
        return info
    }
}
