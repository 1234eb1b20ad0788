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
/// published) or at least the threshold. Atoms that lie in the same published cells form a
/// *class* (`AtomProblem`): they are interchangeable, so a cell that holds only part of a class
/// is protected by the true counts alone, and the linear programmes run over classes. A
/// *certificate* is searched for in a region around the cell (its classes and those of the
/// smallest published cells touching them, in widening steps), all classes outside the region
/// at their true count: a certificate in a region is one for the whole publication. Every point
/// is checked exactly (whole numbers after a small branch and bound, else over a common
/// denominator) and screened against every open cell it touches. Where none exists, the
/// cheapest set of this run's published cells whose values would have to move is hidden as well
/// (cells published before cannot be taken back), and those of them that hold a small count are
/// checked in turn. A cell that always equals a cell published before is never hidden (it would
/// change nothing); one that always equals another cell of this run is hidden with it. Where no
/// move exists either, every new cell of this run in a region of 200 classes around the cell is
/// hidden and the cell checked again; a cell that the cells published before still pin is noted
/// ("publicatie: …", for the run log, naming no school), not refused: a run cannot take back what
/// was published. Hiding more never undoes another cell's certificate, so one pass suffices.
public enum CumulativePublication {
    public struct Outcome: Sendable, Equatable {
        /// This run's cells to hide beyond what the packs hid, sorted.
        public let alsoHidden: [CellScope]
        /// Sensitive hidden cells that were checked.
        public let checked: Int
        /// Atoms of the publication after merging.
        public let atoms: Int
        /// Dutch notes for the run log ("publicatie: …", never naming a school): cells of earlier
        /// editions that were already open to recomputation, cells that the cells published before
        /// pin, and cells whose count changed since they were published.
        public let notes: [String]
    }

    /// The largest region (in classes) a certificate is searched in, per widening step.
    static let regionCaps = [40, 200, 600]
    /// The same for a move (this run's cells may deviate; only earlier ones widen the region).
    static let moveCaps = [200, 800, 2000]
    /// The region (in classes) whose new cells a run gives up when neither helps.
    static let giveUpCap = 200

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
                    notes.append(
                        "publicatie: de cel (\(scopes[c].anonymousDescription)) is eerder als \(value) gepubliceerd en telt nu \(truth[c])")
                }
            }
        }
        let isNewPublished = scopes.indices.map { runHidden[$0] == false && priorValue[$0] == nil }
        var problem = AtomProblem(atoms: atoms, known: known, newlyPublished: isNewPublished, rule: rule)
        let pending = scopes.indices.filter { c in
            known[c] == nil && (runHidden[c] != nil || priorValue[c] != nil) && rule.isSensitive(truth[c])
        }
        var alsoHidden: [Int] = []
        var queue = pending
        var open = [Bool](repeating: false, count: scopes.count)
        for c in pending { open[c] = true }
        let trace = ProcessInfo.processInfo.environment["SCHOOLVEILIG_PUBLICATIE_SPOOR"] != nil
        let started = Date()
        func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        if trace {
            say(
                "publicatie: \(scopes.count) cellen, \(atoms.count) atomen, \(problem.classCount) klassen (\(problem.settledCount) vast), \(pending.count) te controleren"
            )
        }
        // Every point found is screened against every open cell it touches.
        func screen(_ point: CertificatePoint) {
            for c in problem.touched(by: point, open: open) where problem.certifies(point, cell: c) { open[c] = false }
        }
        // The true counts first: a cell that holds part of a class, or a free one, is protected as it is.
        for c in pending where problem.certifies(.truth, cell: c) { open[c] = false }
        var certificates = 0
        var fractional = 0
        var moves = 0
        var next = 0
        // Hides a cell of this run (and every published cell that always equals it); false when
        // a cell published before always equals it: hiding it would change nothing.
        func hide(_ c: Int) -> Bool {
            let twins = problem.twins(of: c)
            if twins.contains(where: { !isNewPublished[$0] }) { return false }
            for cell in [c] + twins where problem.known[cell] != nil {
                problem.hide(cell)
                alsoHidden.append(cell)
                // A cell hidden now that holds a small count needs its own certificate.
                if rule.isSensitive(truth[cell]) && !queue.contains(cell) {
                    queue.append(cell)
                    open[cell] = !problem.certifies(.truth, cell: cell)
                }
            }
            return true
        }
        while next < queue.count {
            let x = queue[next]
            next += 1
            guard open[x] else { continue }
            if let point = problem.certificate(for: x, caps: Self.regionCaps) {
                certificates += 1
                if point.scale > 1 { fractional += 1 }
                screen(point)
                if !open[x] { continue }
            }
            if trace { say("publicatie: geen certificaat voor \(scopes[x])") }
            for _ in 0..<3 where open[x] {
                guard let move = problem.cheapestMove(for: x, caps: Self.moveCaps) else { break }
                moves += 1
                if let point = move.point, point.scale > 1 { fractional += 1 }
                if trace {
                    say("publicatie: verschuiving \(move.cells.count) cellen, \(move.point.map { "noemer \($0.scale)" } ?? "zonder punt")")
                }
                var complete = true
                for c in move.cells {
                    if !hide(c) { complete = false }
                }
                if let point = move.point, complete {
                    screen(point)
                } else if let point = problem.certificate(for: x, caps: Self.regionCaps) {
                    // The move's cells were chosen from a solution that was not exact (or one of
                    // them could not be hidden): x needs its own point now.
                    certificates += 1
                    screen(point)
                }
                if !complete { break }
            }
            if !open[x] { continue }
            if runHidden[x] == nil && priorValue[x] != nil {
                notes.append(
                    "publicatie: de verborgen cel (\(scopes[x].anonymousDescription)) was al door eerdere versies terug te rekenen")
                continue
            }
            // No certificate and no move: give up every new cell of this run around x, and look again.
            let around = problem.newCells(around: x, cap: Self.giveUpCap)
            if trace { say("publicatie: \(around.count) nieuwe cellen rond \(scopes[x]) verborgen") }
            for c in around { _ = hide(c) }
            if !around.isEmpty, let point = problem.certificate(for: x, caps: Self.regionCaps) {
                certificates += 1
                screen(point)
            }
            if open[x] {
                // What is left pins x only through cells published before: a run cannot take those
                // back. Noted for the run log (no school named), not refused.
                notes.append(
                    "publicatie: de verborgen cel (\(scopes[x].anonymousDescription)) ligt al vast door eerder gepubliceerde cellen; deze run publiceert er niets bij dat haar verder verkleint"
                )
            }
        }
        if trace {
            say(
                "publicatie: \(certificates) certificaten, \(moves) verschuivingen (\(fractional) met noemer), \(alsoHidden.count) cellen erbij verborgen, \(Int(Date().timeIntervalSince(started))) s"
            )
        }
        return Outcome(
            alsoHidden: alsoHidden.map { scopes[$0] }.sorted(), checked: queue.count, atoms: atoms.count, notes: notes)
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
        // The value "other" exists only where the base has counts that no cell names: a reader
        // knows the categories (the reference data), so where every one is named a total over
        // all of them is the sum of the named ones, never a free "other" beside them.
        let covered = base.filter { schoolIndex[$0.school] != nil && monthIndex[$0.month] != nil && $0.count > 0 }
        func other(_ named: [String: Int], _ value: (BaseCount) -> String) -> Int {
            named.isEmpty || covered.contains { named[value($0)] == nil } ? 1 : 0
        }
        let nc = categorie.count + other(categorie, \.categorie)
        let nl = locatie.count + other(locatie, \.locatie)
        let np = politie.count + other(politie, \.politie)
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
