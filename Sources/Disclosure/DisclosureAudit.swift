// The audit of the tables as they will be written: can any hidden cell be recomputed?

/// One finding of the audit.
public struct AuditFailure: Sendable, Equatable {
    /// The table in which the cell first occurs.
    public let table: String
    /// The cell as written in that table, e.g. "stadsdeel=Buiten, categorie=WAPENS".
    public let cell: String
    /// The feasible interval of a hidden cell, nil for findings about published cells.
    public let interval: FeasibleInterval?
    /// The Dutch message for the operator.
    public let message: String
}

/// The outcome of ``DisclosureAudit/audit(_:hierarchies:rule:register:truth:)``.
public struct AuditReport: Sendable, Equatable {
    public let failures: [AuditFailure]
    /// Distinct hidden cells in the pack.
    public let hiddenCells: Int
    /// Hidden cells whose interval was checked.
    public let checkedCells: Int
    /// Dutch notes: hidden cells whose small value this audience already received in an earlier
    /// edition (they cannot be protected any more and are not counted as failures).
    public let notes: [String]

    public var passed: Bool { failures.isEmpty }
    public var messages: [String] { failures.map(\.message) }
}

/// The audit: takes the tables as they will be written (numbers or the marker), rebuilds the
/// equations between their cells (margins, shared cells, hierarchies, earlier editions) and checks
/// every hidden cell against the ``ProtectionCriterion`` with linear programming. It needs neither
/// the true counts nor the suppressor's reasoning; `truth` is only used to tell which cells of the
/// ``ReleaseRegister`` still hold their old value (without it, every hidden registered cell is
/// assumed unchanged, which is the cautious reading).
///
/// Findings (Dutch):
/// - a hidden cell that can be narrowed into the sensitive range:
///   "tabel 'Uitsplitsingen per stadsdeel': de verborgen cel stadsdeel=Buiten, categorie=WAPENS is
///   terug te rekenen tot 2–2";
/// - a published sensitive count that is not the audience's own;
/// - a cell that is hidden in one table and published in another.
public enum DisclosureAudit {
    public static func audit(
        _ tables: [RenderedTable], hierarchies: [Hierarchy] = [],
        rule: SuppressionRule = .standard, register: ReleaseRegister? = nil,
        truth: [PublishedTable]? = nil
    ) throws -> AuditReport {
        let pack = try AuditedPack(tables, hierarchies: hierarchies, rule: rule, register: register, truth: truth)
        let audit = IntervalAudit(system: pack.system, criterion: ProtectionCriterion(rule: rule))
        let findings: [IntervalAudit.Finding]
        do {
            findings = try audit.failures(known: pack.known, checked: pack.checked)
        } catch let inconsistency as Inconsistency {
            throw pack.describe(inconsistency)
        }
        var failures = pack.findings
        for finding in findings {
            let (table, cell) = pack.structure.describe(finding.variable)
            failures.append(
                AuditFailure(
                    table: table, cell: cell, interval: finding.interval,
                    message: "tabel '\(table)': de verborgen cel \(cell) is terug te rekenen tot \(finding.interval)"))
        }
        return AuditReport(
            failures: failures, hiddenCells: pack.hiddenCount, checkedCells: pack.checked.count,
            notes: pack.notes)
    }

    /// Throws ``DisclosureError/auditFailed(_:)`` with the Dutch messages when the audit fails.
    public static func verify(
        _ tables: [RenderedTable], hierarchies: [Hierarchy] = [],
        rule: SuppressionRule = .standard, register: ReleaseRegister? = nil,
        truth: [PublishedTable]? = nil
    ) throws {
        let report = try audit(tables, hierarchies: hierarchies, rule: rule, register: register, truth: truth)
        if !report.passed { throw DisclosureError.auditFailed(report.messages) }
    }

    /// The exact feasible interval of every hidden row, per table and row (nil for published rows):
    /// what an attacker can work out. For the Toelichting, for tests and for inspection.
    public static func feasibleIntervals(
        _ tables: [RenderedTable], hierarchies: [Hierarchy] = [],
        rule: SuppressionRule = .standard, register: ReleaseRegister? = nil,
        truth: [PublishedTable]? = nil
    ) throws -> [[FeasibleInterval?]] {
        let pack = try AuditedPack(tables, hierarchies: hierarchies, rule: rule, register: register, truth: truth)
        let audit = IntervalAudit(system: pack.system, criterion: ProtectionCriterion(rule: rule))
        let hidden = pack.known.indices.filter { pack.known[$0] == nil }
        let intervals: [Int: FeasibleInterval]
        do {
            intervals = try audit.intervals(known: pack.known, of: hidden)
        } catch let inconsistency as Inconsistency {
            throw pack.describe(inconsistency)
        }
        return pack.structure.variableOfRow.map { $0.map { intervals[$0] } }
    }
}

/// The rendered pack read back: cells, what the attacker knows, what must be checked.
struct AuditedPack {
    let structure: LongTableStructure
    let system: LinearSystem
    /// Per variable, the value the attacker knows (published or unchanged since an earlier edition).
    let known: [Int?]
    /// Hidden variables that must satisfy the criterion.
    let checked: [Int]
    let hiddenCount: Int
    /// Findings about published cells and inconsistent hiding.
    let findings: [AuditFailure]
    let notes: [String]

    init(
        _ tables: [RenderedTable], hierarchies: [Hierarchy], rule: SuppressionRule, register: ReleaseRegister?,
        truth: [PublishedTable]?
    ) throws {
        for table in tables where table.values.count != table.rows.count || (table.own.map { $0.count != table.rows.count } ?? false) {
            throw DisclosureError.malformedTable(table: table.name, detail: "het aantal waarden past niet bij het aantal rijen")
        }
        let structure = try LongTableStructure(
            tables: tables.map { TableShape(name: $0.name, dimensions: $0.dimensions, rows: $0.rows) },
            hierarchies: hierarchies)
        let count = structure.keys.count
        var published = [Int?](repeating: nil, count: count)
        var publishedWhere = [String?](repeating: nil, count: count)
        var hiddenWhere = [String?](repeating: nil, count: count)
        var own = Array(repeating: false, count: count)
        for (t, table) in tables.enumerated() {
            for (r, text) in table.values.enumerated() {
                let v = structure.variableOfRow[t][r]
                if table.own?[r] ?? false { own[v] = true }
                if text == rule.marker {
                    if hiddenWhere[v] == nil { hiddenWhere[v] = table.name }
                    continue
                }
                guard let value = Int(text), value >= 0 else {
                    throw DisclosureError.malformedTable(
                        table: table.name, detail: "rij \(r + 1): '\(text)' is geen aantal en niet het teken \(rule.marker)")
                }
                if let existing = published[v], existing != value {
                    throw DisclosureError.conflictingValues(
                        cell: structure.describe(v).cell,
                        first: "\(existing) in tabel '\(publishedWhere[v]!)'", second: "\(value) in tabel '\(table.name)'")
                }
                if published[v] == nil { publishedWhere[v] = table.name }
                published[v] = value
            }
        }
        var truthValue = [Int?](repeating: nil, count: count)
        if let truth {
            let truthStructure = try LongTableStructure(
                tables: truth.map { TableShape(name: $0.name, dimensions: $0.dimensions, rows: $0.rows) },
                hierarchies: hierarchies)
            for (t, table) in truth.enumerated() {
                for (r, value) in table.counts.enumerated() {
                    if let v = structure.index[truthStructure.keys[truthStructure.variableOfRow[t][r]]] { truthValue[v] = value }
                }
            }
        }
        let registered = register?.values ?? [:]
        var known = published
        var findings: [AuditFailure] = []
        var notes: [String] = []
        var checked: [Int] = []
        var hiddenCount = 0
        for v in 0..<count {
            let (table, cell) = structure.describe(v)
            if let value = published[v] {
                if let hiddenTable = hiddenWhere[v] {
                    findings.append(
                        AuditFailure(
                            table: hiddenTable, cell: cell, interval: nil,
                            message: "tabel '\(hiddenTable)': de cel \(cell) is verborgen, maar tabel '\(publishedWhere[v]!)' "
                                + "publiceert hem (\(value))"))
                }
                if rule.isSensitive(value) && !own[v] {
                    findings.append(
                        AuditFailure(
                            table: publishedWhere[v]!, cell: cell, interval: nil,
                            message: "tabel '\(publishedWhere[v]!)': de cel \(cell) is gepubliceerd (\(value)), maar valt "
                                + "onder de drempel van \(rule.threshold)"))
                }
                continue
            }
            hiddenCount += 1
            if let old = registered[structure.keys[v]], truthValue[v] == nil || truthValue[v] == old {
                known[v] = old
                if rule.isSensitive(old) && !own[v] {
                    notes.append(
                        "tabel '\(table)': de cel \(cell) (\(old)) is in een eerdere versie al aan deze "
                            + "ontvangers gepubliceerd")
                }
                continue
            }
            checked.append(v)
        }
        self.structure = structure
        self.system = LinearSystem(structure: structure)
        self.known = known
        self.checked = checked
        self.hiddenCount = hiddenCount
        self.findings = findings
        self.notes = notes
    }

    func describe(_ inconsistency: Inconsistency) -> DisclosureError {
        let relation = structure.equations[inconsistency.equation]
        let (table, cell) = structure.describe(relation.parent)
        return .inconsistentPublication(
            "tabel '\(table)': het totaal \(cell) past niet bij de onderliggende cellen (\(relation.along))")
    }
}
