// The one cumulative publication: every pack of every audience and edition over one base.

import Foundation

/// One count of the marts' grain (school × month × categorie × locatie × politie): the base of
/// every published cell.
public struct BaseCount: Sendable, Equatable {
    public let school: String
    public let month: String
    public let categorie: String
    public let locatie: String
    public let politie: String
    public let count: Int

    public init(school: String, month: String, categorie: String, locatie: String, politie: String, count: Int) {
        self.school = school
        self.month = month
        self.categorie = categorie
        self.locatie = locatie
        self.politie = politie
        self.count = count
    }
}

/// A cell a run is about to write: its scope, its true count, whether the pack hides it, and
/// where it is shown first (for messages).
public struct RunCell: Sendable, Equatable {
    public let scope: CellScope
    public let truth: Int
    public var hidden: Bool
    public let place: String

    public init(scope: CellScope, truth: Int, hidden: Bool, place: String) {
        self.scope = scope
        self.truth = truth
        self.hidden = hidden
        self.place = place
    }
}

/// A cell of the publication so far: its published value, nil when hidden.
public struct PriorCell: Sendable, Equatable {
    public let scope: CellScope
    public let value: Int?

    public init(scope: CellScope, value: Int?) {
        self.scope = scope
        self.value = value
    }
}

/// Disclosure control over the whole publication (SPEC §5, issue 16): a run's cells together with
/// every cell published before, to any audience, in any edition.
///
/// Every cell is a sum of *atoms*: the base counts (school, month, categorie, locatie, politie)
/// grouped so that two base counts that lie in exactly the same cells form one atom (the
/// attacker cannot tell them apart, and the linear programmes stay small). The attacker knows
/// every published cell (an equation over atoms) and that atoms are non-negative.
///
/// A hidden cell whose true count is sensitive is protected when some non-negative assignment of
/// the atoms satisfies every published equation and gives the cell 0 (when zeros may be
/// published) or at least the threshold. Such a *certificate* is searched for in a region around
/// the cell (its atoms and those of the smallest published cells touching them, in three widening
/// steps), all atoms outside the region at their true value: a certificate in a region is one for
/// the whole publication. Where none exists, the cheapest set of this run's published cells whose
/// values would have to move is hidden as well (cells published before cannot be taken back):
/// the point that linear programme found is then a certificate. Hiding more never undoes another
/// cell's certificate, so one pass over the cells suffices.
public enum CumulativePublication {
    public struct Outcome: Sendable, Equatable {
        /// This run's cells to hide beyond what the packs hid, sorted.
        public let alsoHidden: [CellScope]
        /// Sensitive hidden cells that were checked.
        public let checked: Int
        /// Atoms of the publication after merging.
        public let atoms: Int
        /// Dutch notes: cells of earlier editions that were already open to recomputation, and
        /// cells whose count changed since they were published.
        public let notes: [String]
    }

    /// The largest region (in atoms) a certificate is searched in, per widening step.
    static let regionCaps = [50, 250]
    /// The same for a move (this run's cells may deviate; only earlier ones widen the region).
    static let moveCaps = [250, 1000, 3000]

    public static func protect(
        run: [RunCell], prior: [PriorCell], base: [BaseCount], joinedFrom: [String: String], rule: SuppressionRule
    ) throws -> Outcome {
        // Distinct cells: prior first, then the run's (merged by scope: hidden anywhere, hidden everywhere).
        var index: [CellScope: Int] = [:]
        var scopes: [CellScope] = []
        var priorValue: [Int: Int?] = [:]
        var runTruth: [Int: Int] = [:]
        var runHidden: [Int: Bool] = [:]
        var place: [Int: String] = [:]
        func id(_ scope: CellScope) -> Int {
            if let existing = index[scope] { return existing }
            index[scope] = scopes.count
            scopes.append(scope)
            return scopes.count - 1
        }
        for cell in prior { priorValue[id(cell.scope)] = cell.value }
        for cell in run {
            let c = id(cell.scope)
            if let truth = runTruth[c], truth != cell.truth {
                throw DisclosureError.conflictingValues(
                    cell: cell.scope.description, first: "\(truth) in \(place[c] ?? "")", second: "\(cell.truth) in \(cell.place)")
            }
            runTruth[c] = cell.truth
            runHidden[c] = (runHidden[c] ?? false) || cell.hidden
            if place[c] == nil { place[c] = cell.place }
        }
        let atoms = AtomIndex(scopes: scopes, base: base, joinedFrom: joinedFrom)
        let truth = atoms.cellTruth
        for (c, value) in runTruth where truth[c] != value {
            throw DisclosureError.inconsistentPublication(
                "\(place[c] ?? ""): de cel (\(scopes[c])) telt \(value), maar de basis van de publicatie geeft \(truth[c])")
        }
        // What the attacker knows: this run's published cells, and earlier published values still true.
        var known = [Int?](repeating: nil, count: scopes.count)
        var notes: [String] = []
        for c in scopes.indices {
            if let hidden = runHidden[c], !hidden { known[c] = truth[c] }
            if let stored = priorValue[c], let value = stored {
                if value == truth[c] {
                    known[c] = value
                } else {
                    notes.append("de cel (\(scopes[c])) is eerder als \(value) gepubliceerd en telt nu \(truth[c])")
                }
            }
        }
        let isNewPublished = scopes.indices.map { runHidden[$0] == false && priorValue[$0] == nil }
        var problem = AtomProblem(atoms: atoms, known: known, newlyPublished: isNewPublished, rule: rule)
        let pending = scopes.indices.filter { c in
            known[c] == nil && (runHidden[c] != nil || priorValue[c] != nil) && rule.isSensitive(truth[c])
        }
        var alsoHidden: [Int] = []
        var certified = Set<Int>()
        let trace = ProcessInfo.processInfo.environment["SCHOOLVEILIG_PUBLICATIE_SPOOR"] != nil
        func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        if trace { say("publicatie: \(scopes.count) cellen, \(atoms.count) atomen, \(pending.count) te controleren") }
        for x in pending where !certified.contains(x) {
            if let point = problem.certificate(for: x) {
                problem.certify(point, pending: pending, into: &certified)
                continue
            }
            if trace { say("publicatie: geen certificaat voor \(scopes[x])") }
            if let move = problem.cheapestMove(for: x) {
                for c in move.cells {
                    problem.hide(c)
                    alsoHidden.append(c)
                }
                problem.certify(move.point, pending: pending, into: &certified)
                continue
            }
            if runHidden[x] == nil {
                notes.append("de verborgen cel (\(scopes[x])) was al door eerdere versies terug te rekenen")
                continue
            }
            throw DisclosureError.cannotProtect(table: place[x] ?? "", cell: scopes[x].description)
        }
        return Outcome(
            alsoHidden: alsoHidden.map { scopes[$0] }.sorted(), checked: pending.count, atoms: atoms.count, notes: notes)
    }
}

/// The atoms of a set of cells and the cells each atom lies in.
struct AtomIndex {
    /// Per atom, the cells it lies in, ascending.
    private(set) var cellsOf: [[Int]] = []
    /// Per cell, its atoms, ascending.
    private(set) var atomsOf: [[Int]]
    /// Per atom, its true count.
    private(set) var truth: [Int] = []
    /// Per cell, its true count.
    let cellTruth: [Int]

    var count: Int { truth.count }

    init(scopes: [CellScope], base: [BaseCount], joinedFrom: [String: String]) {
        // The base's coordinates: schools and months of any cell; categories, locaties and
        // politie values as far as any cell names them (the rest is one value "other").
        var schoolIndex: [String: Int] = [:]
        var monthIndex: [String: Int] = [:]
        var schools: [String] = []
        var months: [String] = []
        for scope in scopes {
            for school in scope.schools where schoolIndex[school] == nil {
                schoolIndex[school] = schools.count
                schools.append(school)
            }
            for month in scope.months where monthIndex[month] == nil {
                monthIndex[month] = months.count
                months.append(month)
            }
        }
        func values(_ named: (CellScope) -> [String]?) -> [String: Int] {
            var result: [String: Int] = [:]
            for scope in scopes { for value in named(scope) ?? [] where result[value] == nil { result[value] = result.count } }
            return result
        }
        let categorie = values(\.categories)
        let locatie = values { $0.locatie.map { [$0] } }
        let politie = values { $0.politie.map { [$0] } }
        let (nc, nl, np) = (categorie.count + 1, locatie.count + 1, politie.count + 1)
        let details = nc * nl * np
        // Each cell: its pairs (school, month) and its detail shape.
        struct Shape: Hashable {
            let categories: [Int]?
            let locatie: Int?
            let politie: Int?
        }
        var shapeIndex: [Shape: Int] = [:]
        var shapeOf: [Int] = []
        var shapeDetails: [[Bool]] = []
        var cellsOfPair = [[Int]](repeating: [], count: schools.count * max(months.count, 1))
        for (c, scope) in scopes.enumerated() {
            let shape = Shape(
                categories: scope.categories.map { $0.map { categorie[$0]! } }, locatie: scope.locatie.map { locatie[$0]! },
                politie: scope.politie.map { politie[$0]! })
            if let existing = shapeIndex[shape] {
                shapeOf.append(existing)
            } else {
                shapeIndex[shape] = shapeDetails.count
                shapeOf.append(shapeDetails.count)
                var member = [Bool](repeating: false, count: details)
                let cats = Set(shape.categories ?? Array(0..<nc))
                for k in 0..<nc where cats.contains(k) {
                    for l in 0..<nl where shape.locatie == nil || shape.locatie == l {
                        for p in 0..<np where shape.politie == nil || shape.politie == p { member[(k * nl + l) * np + p] = true }
                    }
                }
                shapeDetails.append(member)
            }
            for school in scope.schools {
                let s = schoolIndex[school]!
                let joined = joinedFrom[school]
                for month in scope.months {
                    if scope.joinedOnly, let joined, month < joined { continue }
                    cellsOfPair[s * months.count + monthIndex[month]!].append(c)
                }
            }
        }
        // Pair atoms: pairs in exactly the same cells; then, within each, detail atoms.
        var pairAtomOf = [Int](repeating: -1, count: cellsOfPair.count)
        var pairAtomIndex: [[Int]: Int] = [:]
        var pairAtomCells: [[Int]] = []
        for (pair, cells) in cellsOfPair.enumerated() where !cells.isEmpty {
            if let existing = pairAtomIndex[cells] {
                pairAtomOf[pair] = existing
            } else {
                pairAtomIndex[cells] = pairAtomCells.count
                pairAtomOf[pair] = pairAtomCells.count
                pairAtomCells.append(cells)
            }
        }
        var atomOfDetail = [[Int]](repeating: [], count: pairAtomCells.count)
        var cellsOf: [[Int]] = []
        var atomsOf = [[Int]](repeating: [], count: scopes.count)
        for (a, cells) in pairAtomCells.enumerated() {
            let shapes = Array(Set(cells.map { shapeOf[$0] })).sorted()
            var classIndex: [[Bool]: Int] = [:]
            var map = [Int](repeating: -1, count: details)
            for d in 0..<details {
                let signature = shapes.map { shapeDetails[$0][d] }
                guard signature.contains(true) else { continue }
                if let existing = classIndex[signature] {
                    map[d] = existing
                    continue
                }
                let atom = cellsOf.count
                classIndex[signature] = atom
                map[d] = atom
                var inShape: Set<Int> = []
                for (k, shape) in shapes.enumerated() where signature[k] { inShape.insert(shape) }
                let members = cells.filter { inShape.contains(shapeOf[$0]) }
                cellsOf.append(members)
                for c in members { atomsOf[c].append(atom) }
            }
            atomOfDetail[a] = map
        }
        var truth = [Int](repeating: 0, count: cellsOf.count)
        for fact in base {
            guard let s = schoolIndex[fact.school], let m = monthIndex[fact.month] else { continue }
            let a = pairAtomOf[s * months.count + m]
            guard a >= 0 else { continue }
            let k = categorie[fact.categorie] ?? (nc - 1)
            let l = locatie[fact.locatie] ?? (nl - 1)
            let p = politie[fact.politie] ?? (np - 1)
            let atom = atomOfDetail[a][(k * nl + l) * np + p]
            if atom >= 0 { truth[atom] += fact.count }
        }
        self.cellsOf = cellsOf
        self.atomsOf = atomsOf
        self.truth = truth
        self.cellTruth = atomsOf.map { $0.reduce(0) { $0 + truth[$1] } }
    }
}

/// The attacker's linear system over atoms, and the searches for certificates and moves.
struct AtomProblem {
    let atoms: AtomIndex
    /// Per cell, the value the attacker knows; nil when hidden.
    private(set) var known: [Int?]
    /// Per cell, whether this run publishes it for the first time (it may still be hidden).
    let newlyPublished: [Bool]
    let criterion: ProtectionCriterion
    /// Atoms that lie in a published cell of 0: known to be 0.
    private var zero: [Bool]

    init(atoms: AtomIndex, known: [Int?], newlyPublished: [Bool], rule: SuppressionRule) {
        self.atoms = atoms
        self.known = known
        self.newlyPublished = newlyPublished
        self.criterion = ProtectionCriterion(rule: rule)
        var zero = [Bool](repeating: false, count: atoms.count)
        for (c, value) in known.enumerated() where value == 0 { for a in atoms.atomsOf[c] { zero[a] = true } }
        self.zero = zero
    }

    mutating func hide(_ cell: Int) {
        known[cell] = nil
        // Recompute the zero atoms: a hidden cell of 0 no longer tells its atoms are 0.
        var zero = [Bool](repeating: false, count: atoms.count)
        for (c, value) in known.enumerated() where value == 0 { for a in atoms.atomsOf[c] { zero[a] = true } }
        self.zero = zero
    }

    /// The regions around `x`: its free atoms, widened by the atoms of the smallest published
    /// cells touching the region, up to each cap.
    /// With `fixedOnly`, only the cells that cannot move (published before) widen the region: in
    /// a move, this run's cells may deviate, so their other atoms do not matter.
    private func regions(around x: Int, caps: [Int] = CumulativePublication.regionCaps, fixedOnly: Bool = false) -> [[Int]] {
        var region = atoms.atomsOf[x].filter { !zero[$0] }
        var inRegion = Set(region)
        var result: [[Int]] = []
        for cap in caps {
            var touching = Set<Int>()
            for a in region {
                for c in atoms.cellsOf[a] where known[c] != nil && !(fixedOnly && newlyPublished[c]) { touching.insert(c) }
            }
            let ordered = touching.sorted { (atoms.atomsOf[$0].count, $0) < (atoms.atomsOf[$1].count, $1) }
            for c in ordered {
                let fresh = atoms.atomsOf[c].filter { !zero[$0] && !inRegion.contains($0) }
                if region.count + fresh.count > cap { continue }
                region += fresh
                inRegion.formUnion(fresh)
            }
            if result.last?.count != region.count { result.append(region.sorted()) }
        }
        return result
    }

    /// The rows of the LP over `region`: every published cell touching it, with the atoms outside
    /// the region at their true count. `slack` gives the cells that may deviate a column pair.
    private func rows(region: [Int], column: [Int: Int], slack: (Int) -> Bool, firstSlack: Int)
        -> (rows: [LPRow], slackCells: [(cell: Int, up: Int, down: Int, cost: Double)])
    {
        var touching = Set<Int>()
        for a in region { for c in atoms.cellsOf[a] where known[c] != nil { touching.insert(c) } }
        var rows: [LPRow] = []
        var slackCells: [(cell: Int, up: Int, down: Int, cost: Double)] = []
        var next = firstSlack
        for c in touching.sorted() {
            var rhs = Double(known[c]!)
            var entries: [(column: Int, value: Double)] = []
            for a in atoms.atomsOf[c] {
                if let col = column[a] { entries.append((col, 1)) } else if !zero[a] { rhs -= Double(atoms.truth[a]) }
            }
            if slack(c) {
                entries.append((next, -1))
                entries.append((next + 1, 1))
                slackCells.append((c, next, next + 1, 1 + Double(known[c]!)))
                next += 2
            }
            rows.append(LPRow(entries: entries, rhs: rhs))
        }
        return (rows, slackCells)
    }

    /// A point (atom → value, in the region) in which `x` is 0 or at least the threshold while
    /// every published cell keeps its value; nil when no region holds one.
    func certificate(for x: Int) -> [Int: Double]? {
        for region in regions(around: x) {
            var column: [Int: Int] = [:]
            for (i, a) in region.enumerated() { column[a] = i }
            let (base, _) = rows(region: region, column: column, slack: { _ in false }, firstSlack: region.count + 1)
            let own = atoms.atomsOf[x].compactMap { column[$0] }
            for target in targets() {
                var all = base
                var columns = region.count
                switch target {
                case .zero: all.append(LPRow(entries: own.map { ($0, 1) }, rhs: 0))
                case .threshold:
                    all.append(LPRow(entries: own.map { ($0, 1) } + [(region.count, -1)], rhs: Double(criterion.threshold)))
                    columns += 1
                }
                if let simplex = Simplex(columns: columns, rows: all) {
                    var point: [Int: Double] = [:]
                    for (a, c) in column { point[a] = simplex.value(of: c) }
                    return point
                }
            }
        }
        return nil
    }

    enum Target { case zero, threshold }

    private func targets() -> [Target] { criterion.smallestSensitive > 0 ? [.zero, .threshold] : [.threshold] }

    /// The cheapest set of this run's newly published cells whose values must be free for `x` to
    /// reach 0 or the threshold, in the widest region; with the attacker-feasible point.
    func cheapestMove(for x: Int) -> (cells: [Int], point: [Int: Double])? {
        for region in regions(around: x, caps: CumulativePublication.moveCaps, fixedOnly: true) {
            if let move = cheapestMove(for: x, region: region) { return move }
        }
        return nil
    }

    private func cheapestMove(for x: Int, region: [Int]) -> (cells: [Int], point: [Int: Double])? {
        var column: [Int: Int] = [:]
        for (i, a) in region.enumerated() { column[a] = i }
        let extra = region.count  // the threshold's surplus column
        let (base, slackCells) = rows(
            region: region, column: column, slack: { newlyPublished[$0] }, firstSlack: region.count + 1)
        let columns = region.count + 1 + 2 * slackCells.count
        let own = atoms.atomsOf[x].compactMap { column[$0] }
        let costs = slackCells.flatMap { [($0.up, $0.cost), ($0.down, $0.cost)] }
        var best: (cost: Double, cells: [Int], point: [Int: Double])?
        for target in targets() {
            var all = base
            switch target {
            case .zero: all.append(LPRow(entries: own.map { ($0, 1) }, rhs: 0))
            case .threshold: all.append(LPRow(entries: own.map { ($0, 1) } + [(extra, -1)], rhs: Double(criterion.threshold)))
            }
            guard var simplex = Simplex(columns: columns, rows: all), case .optimal(let cost) = simplex.minimize(costs) else {
                continue
            }
            let moved = slackCells.filter {
                simplex.value(of: $0.up) > ProtectionCriterion.tolerance || simplex.value(of: $0.down) > ProtectionCriterion.tolerance
            }.map(\.cell)
            if let current = best, !(cost + 1e-9 < current.cost || (abs(cost - current.cost) <= 1e-9 && moved.count < current.cells.count))
            {
                continue
            }
            var point: [Int: Double] = [:]
            for (a, c) in column { point[a] = simplex.value(of: c) }
            best = (cost, moved.sorted(), point)
        }
        return best.map { ($0.cells, $0.point) }
    }

    /// Marks the pending cells that the point proves protected.
    func certify(_ point: [Int: Double], pending: [Int], into certified: inout Set<Int>) {
        var touched = Set<Int>()
        for a in point.keys { for c in atoms.cellsOf[a] { touched.insert(c) } }
        for c in pending where touched.contains(c) && !certified.contains(c) {
            let value = atoms.atomsOf[c].reduce(0.0) { sum, a in sum + (point[a] ?? (zero[a] ? 0 : Double(atoms.truth[a]))) }
            if criterion.certifies(value) { certified.insert(c) }
        }
    }
}
