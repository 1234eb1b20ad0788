import Disclosure
import Domain
import Store

/// Schools as contributors (SPEC §5, issue 17): for a shared cell, each school's part of its
/// count and the cell's population, read from the run's snapshot of the marts (the same monthly
/// counts the tables are computed from) and the reference data. The population is the number of
/// schools of the cell that had joined the covenant by the end of the run's period (reference
/// data, never counts): a trend cell of a year before the signing rests on the same member
/// schools as this period's.
///
/// With `police` set (the pipeline's `police_contributor`), the police are a contributor too:
/// they know their own cases (`politie = ja`), so a cell's police part is its count with
/// `politie = ja` (key ``police``), and what remains without it must not be small either.
final class CellContributions {
    /// The contributor key of the police's own cases; never a school code (SPEC §1 codes have no `=`).
    static let police = "politie=ja"

    private let factsByMonth: [String: [FactRecord]]
    private let schools: [String: SchoolRecord]
    private let joinedFrom: [String: String]
    private let police: Bool
    private var cache: [CellScope: CellContribution] = [:]
    private var totals: [CellScope: Int] = [:]

    private let end: Day

    /// - Parameters:
    ///   - end: the last day of the run's period: schools joined by then make up a cell's population.
    ///   - police: whether the police's own cases count as a contributor.
    init(snapshot: MartSnapshot, end: Day, police: Bool = false) {
        self.police = police
        self.end = end
        var byMonth: [String: [FactRecord]] = [:]
        for fact in snapshot.facts { byMonth[fact.month.description, default: []].append(fact) }
        factsByMonth = byMonth
        var schools: [String: SchoolRecord] = [:]
        for school in snapshot.schools { schools[school.code] = school }
        self.schools = schools
        joinedFrom = PublicationScope.joinedFrom(snapshot)
    }

    /// The contributors of a cell whose true count is `count`, or nil when the snapshot does not
    /// give that count (then only the count itself is judged).
    func contribution(_ scope: CellScope, count: Int) -> CellContribution? {
        if let known = cache[scope] { return totals[scope] == count ? known : nil }
        let members = Set(scope.schools)
        let categories = scope.categories.map(Set.init)
        var parts: [String: Int] = [:]
        var policePart = 0
        for month in scope.months {
            for fact in factsByMonth[month] ?? [] where members.contains(fact.schoolCode) {
                if let categories, !categories.contains(fact.categorie) { continue }
                if let locatie = scope.locatie, locatie != fact.locatie { continue }
                if let politie = scope.politie, politie != fact.politie { continue }
                if scope.joinedOnly, let first = joinedFrom[fact.schoolCode], month < first { continue }
                parts[fact.schoolCode, default: 0] += fact.aantal
                if police, fact.politie == "ja" { policePart += fact.aantal }
            }
        }
        let total = parts.values.reduce(0, +)
        if policePart > 0 { parts[Self.police] = policePart }
        let population = scope.schools.filter { code in (schools[code]?.aangeslotenPer).map { $0 <= end } ?? true }.count
        let result = CellContribution(parts: parts, population: population)
        cache[scope] = result
        totals[scope] = total
        return total == count ? result : nil
    }
}
