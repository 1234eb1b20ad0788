import Domain
import Foundation
import Store

/// Which edition a run of a period makes (SPEC §4, issue 17). A period's edition is
/// `voorlopig` while the as-of date lies before the period's end plus the aanlevertermijn, and
/// `definitief` from then on (once definitief, always definitief). Editions are numbered 1, 2, ….
///
/// Whose data changed since the last edition is decided per school from a fingerprint: the
/// SHA-256 of the school's monthly counts and delivered months in the run's snapshot (the very
/// rows every table of the packs is computed from). A school whose fingerprint differs, appears
/// or disappears has changed; one that re-sent the same data has not. Late data from fewer than
/// `min_schools` such schools waits while the new edition would be voorlopig.
struct EditionPlan: Sendable, Equatable {
    enum Kind: String, Sendable {
        case voorlopig, definitief
    }

    enum Decision: Sendable, Equatable {
        /// No edition yet, or one with new data or a new kind: edition `number` is made.
        case new
        /// Nothing changed since the last edition and its kind holds: it is made again, with its number.
        case same
        /// Late data from fewer than `min_schools` schools while the edition would be voorlopig.
        case wait
    }

    let kind: Kind
    var number: Int
    let definitiefVanaf: Day
    let decision: Decision
    /// Schools whose data changed since the last edition, in code order.
    let changedSchools: [String]
    /// Of those, the schools that delivered months the last edition did not have (late data).
    let lateSchools: [String]
    /// The fingerprints of this run, `school:sha256` a line.
    let fingerprints: String
    /// The edition whose cells the Revisies sheet compares with (nil for edition 1).
    var previous: PackEditionRecord?

    /// The date from which a period's edition is definitief.
    static func definitiefVanaf(_ period: Period, weeks: Int) -> Day { period.to.adding(days: 7 * weeks) }

    static func make(
        settings: PackSettings, period: Period, asOf: Day, snapshot: MartSnapshot, editions: [PackEditionRecord]
    ) -> EditionPlan {
        let vanaf = definitiefVanaf(period, weeks: settings.aanlevertermijnWeken)
        var kind: Kind = asOf < vanaf ? .voorlopig : .definitief
        let prints = fingerprints(snapshot, sectors: settings.sectors)
        let text = prints.keys.sorted().map { "\($0):\(prints[$0]!.hash)" }.joined(separator: "\n")
        guard let last = editions.max(by: { $0.number < $1.number }) else {
            return EditionPlan(
                kind: kind, number: 1, definitiefVanaf: vanaf, decision: .new, changedSchools: [], lateSchools: [],
                fingerprints: text, previous: nil)
        }
        if last.kind == Kind.definitief.rawValue { kind = .definitief }
        /// The schools whose data differ from `record`'s, and of those the ones with new months.
        func changes(since record: PackEditionRecord) -> (changed: [String], late: [String]) {
            let old = Self.parse(record.schools)
            let changed = Set(old.keys).union(prints.keys).filter { old[$0]?.hash != prints[$0]?.hash }.sorted()
            let late = changed.filter { school in
                guard let now = prints[school]?.months else { return false }
                return !now.isSubset(of: old[school]?.months ?? [])
            }
            return (changed, late)
        }
        var (changed, late) = changes(since: last)
        let decision: Decision
        if changed.isEmpty && kind.rawValue == last.kind {
            decision = .same
        } else if !changed.isEmpty && kind == .voorlopig && changed.count < settings.minSchools {
            decision = .wait
        } else {
            decision = .new
        }
        let number = decision == .new ? last.number + 1 : last.number
        let previous = editions.first { $0.number == number - 1 }
        // The same edition made again says what it said: the changes since the one before it.
        if decision == .same { (changed, late) = previous.map(changes) ?? ([], []) }
        return EditionPlan(
            kind: kind, number: number, definitiefVanaf: vanaf, decision: decision, changedSchools: changed,
            lateSchools: late, fingerprints: text, previous: previous)
    }

    /// The Voorblad's line: "voorlopig (2e editie), definitief vanaf 11 augustus 2026" or "definitief".
    var text: String {
        switch kind {
        case .voorlopig: "voorlopig (\(number)e editie), definitief vanaf \(DutchDate.long(definitiefVanaf))"
        case .definitief: number == 1 ? "definitief" : "definitief (\(number)e editie)"
        }
    }

    /// Per school of the pipeline's sectors: the hash of its counts and delivered months, and
    /// the months delivered (kept in the fingerprint line as `hash;month,month,…`).
    private static func fingerprints(_ snapshot: MartSnapshot, sectors: Set<Sector>?) -> [String: (hash: String, months: Set<String>)] {
        let included = Set(
            snapshot.schools.filter { school in sectors.map { set in set.contains { $0.rawValue == school.sector } } ?? true }.map(\.code))
        var lines: [String: [String]] = [:]
        for fact in snapshot.facts where included.contains(fact.schoolCode) {
            lines[fact.schoolCode, default: []].append(
                "f\t\(fact.month)\t\(fact.categorie)\t\(fact.locatie)\t\(fact.politie)\t\(fact.aantal)")
        }
        var delivered: [String: Set<String>] = [:]
        for month in snapshot.deliveredMonths where included.contains(month.schoolCode) {
            delivered[month.schoolCode, default: []].insert(month.month.description)
        }
        var result: [String: (hash: String, months: Set<String>)] = [:]
        for school in Set(lines.keys).union(delivered.keys) {
            let months = delivered[school] ?? []
            let body = ((lines[school] ?? []).sorted() + months.sorted().map { "m\t\($0)" }).joined(separator: "\n")
            let hash = PackManifest.checksum(Data(body.utf8)).prefix(32)
            result[school] = (hash + ";" + months.sorted().joined(separator: ","), months)
        }
        return result
    }

    /// A record's fingerprint lines (`school:hash;month,month,…`), as `fingerprints` makes them.
    private static func parse(_ schools: String) -> [String: (hash: String, months: Set<String>)] {
        var result: [String: (hash: String, months: Set<String>)] = [:]
        for line in schools.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let months =
                parts[1].firstIndex(of: ";").map { parts[1][parts[1].index(after: $0)...].split(separator: ",").map(String.init) } ?? []
            result[String(parts[0])] = (String(parts[1]), Set(months))
        }
        return result
    }
}
