// Primary and secondary suppression of a whole pack, checked by the audit before it is returned.

/// The suppressed pack.
public struct SuppressionResult: Sendable, Equatable {
    /// The tables as they are to be written: every count as a number or the marker.
    public let tables: [RenderedTable]
    /// Distinct cells hidden because they are sensitive.
    public let primary: Int
    /// Distinct cells hidden as complements.
    public let secondary: Int
    /// What the audit took as received before: the register given, with the cells the
    /// cumulative publication already held (``PublishedTable/publishedBefore``).
    public let knownBefore: ReleaseRegister?
    /// The register with this pack's published cells recorded.
    public let register: ReleaseRegister
    /// The audit of `tables` (passed; its notes list small counts that earlier editions disclosed).
    public let audit: AuditReport
}

/// Disclosure control for one pack for one audience.
public enum Suppressor {
    /// Hides the sensitive counts and enough complementary cells that none of them can be
    /// recomputed from the pack, the earlier editions in `register`, or both; then audits the
    /// rendered tables and throws if the audit fails.
    ///
    /// - Parameters:
    ///   - tables: long-form tables with true counts; margins carry `Totaal`. The same cell in two
    ///     tables must have the same count; every total must equal the sum of its parts.
    ///   - hierarchies: roll-ups between dimensions shown at several levels.
    ///   - register: what this audience received before; nil for a first edition.
    ///   - edition: a label stored with the newly published cells in the returned register.
    public static func suppress(
        _ tables: [PublishedTable], hierarchies: [Hierarchy] = [],
        rule: SuppressionRule = .standard, register: ReleaseRegister? = nil,
        edition: String? = nil
    ) throws -> SuppressionResult {
        try validate(rule)
        for table in tables {
            if table.counts.count != table.rows.count || (table.own.map { $0.count != table.rows.count } ?? false) {
                throw DisclosureError.malformedTable(table: table.name, detail: "het aantal tellingen past niet bij het aantal rijen")
            }
            if let row = table.counts.firstIndex(where: { $0 < 0 }) {
                throw DisclosureError.malformedTable(table: table.name, detail: "rij \(row + 1) heeft een negatief aantal")
            }
        }
        let structure = try LongTableStructure(
            tables: tables.map { TableShape(name: $0.name, dimensions: $0.dimensions, rows: $0.rows) },
            hierarchies: hierarchies)
        let count = structure.keys.count
        var truth = [Int?](repeating: nil, count: count)
        var own = Array(repeating: false, count: count)
        var before = [Int?](repeating: nil, count: count)
        var hiddenBefore = Array(repeating: false, count: count)
        for (t, table) in tables.enumerated() {
            for r in table.counts.indices {
                let v = structure.variableOfRow[t][r]
                if let old = table.publishedBefore?[r] { before[v] = old }
                if table.hiddenBefore?[r] ?? false { hiddenBefore[v] = true }
            }
        }
        var contribution = [CellContribution?](repeating: nil, count: count)
        var revision = [[CellRevision?]](repeating: [], count: count)
        for (t, table) in tables.enumerated() {
            for (r, value) in table.counts.enumerated() {
                let v = structure.variableOfRow[t][r]
                if contribution[v] == nil { contribution[v] = table.contribution(r) }
                if revision[v].isEmpty { revision[v] = table.revisions(r) }
                if let existing = truth[v], existing != value {
                    let first = structure.firstOccurrence[v]
                    throw DisclosureError.conflictingValues(
                        cell: structure.describe(v).cell,
                        first: "\(existing) in tabel '\(tables[first.table].name)'", second: "\(value) in tabel '\(table.name)'")
                }
                truth[v] = value
                if table.isOwn(r) { own[v] = true }
            }
        }
        let counts = truth.map { $0! }
        try structure.validate(counts: counts)

        // What the audience (or anyone) received before: the register, and the cells the
        // cumulative publication already holds with the same value.
        var register = register
        let earlier = (0..<count).filter { before[$0] != nil && before[$0] == counts[$0] }
        if !earlier.isEmpty {
            register = (register ?? ReleaseRegister(audience: "")).recording(
                Dictionary(uniqueKeysWithValues: earlier.map { (structure.keys[$0], counts[$0]) }))
        }
        let registered = register?.values ?? [:]
        let known = (0..<count).map { !own[$0] && registered[structure.keys[$0]] == counts[$0] }
        let reasons = (0..<count).map {
            PrimarySuppression.reason(counts[$0], own: own[$0], contribution: contribution[$0], rule: rule)
        }
        let sensitive = reasons.map { $0 != nil }
        let start = (0..<count).map { sensitive[$0] || (hiddenBefore[$0] && !known[$0] && !own[$0]) }
        let system = LinearSystem(structure: structure)
        let fixed = (0..<count).map { own[$0] || known[$0] }
        var secondary = SecondarySuppression(
            system: system, truth: counts, criterion: ProtectionCriterion(rule: rule), fixed: fixed,
            needsProtection: (0..<count).map { reasons[$0] == .smallCount && !known[$0] })
        secondary.needsRange = (0..<count).map { reasons[$0] == .fewSchools && !known[$0] }
        var hidden = try secondary.run(hidden: start, describe: structure.describe)
        // Schools as contributors (issue 17): each school knows its own counts, so for it the
        // pack is the same system over the other schools' counts (every cell minus its own part).
        // No hidden cell may be narrowed into the sensitive range there either. Hiding more never
        // undoes a protection, so one pass over the schools suffices.
        let contributors = Set(contribution.compactMap { $0 }.flatMap { $0.parts.keys }).sorted()
        for school in contributors {
            let rest = (0..<count).map { counts[$0] - (contribution[$0]?.parts[school] ?? 0) }
            let needs = (0..<count).map { !fixed[$0] && rule.isSensitive(rest[$0]) }
            guard (0..<count).contains(where: { hidden[$0] && needs[$0] }) else { continue }
            let insider = SecondarySuppression(
                system: system, truth: rest, criterion: ProtectionCriterion(rule: rule), fixed: fixed, needsProtection: needs)
            hidden = try insider.run(hidden: hidden, describe: structure.describe)
        }

        // Differences between editions are cells too (issue 17): a sensitive change is hidden,
        // and the table of changes is protected like the counts.
        // Against every earlier edition in turn; hiding more never undoes an earlier protection.
        var revised = 0
        for edition in 0..<(revision.map(\.count).max() ?? 0) {
            let outcome = try RevisionRule.protect(
                system: system, counts: counts, contributions: contribution,
                revisions: revision.map { edition < $0.count ? $0[edition] : nil }, fixed: fixed, hidden: hidden, rule: rule,
                describe: structure.describe)
            revised += outcome.revised
            hidden = outcome.hidden
        }

        let rendered = tables.enumerated().map { t, table in
            RenderedTable(
                name: table.name, dimensions: table.dimensions, rows: table.rows,
                values: structure.variableOfRow[t].map { hidden[$0] ? rule.marker : String(counts[$0]) },
                own: table.own)
        }
        let report = try DisclosureAudit.audit(rendered, hierarchies: hierarchies, rule: rule, register: register, truth: tables)
        if !report.passed { throw DisclosureError.auditFailed(report.messages) }

        var published: [CellKey: Int] = [:]
        for v in 0..<count where !hidden[v] { published[structure.keys[v]] = counts[v] }
        let base = register ?? ReleaseRegister(audience: "")
        return SuppressionResult(
            tables: rendered,
            primary: sensitive.filter { $0 }.count + revised,
            secondary: (0..<count).filter { hidden[$0] && !sensitive[$0] }.count - revised,
            knownBefore: register,
            register: base.recording(published, edition: edition),
            audit: report)
    }

    static func validate(_ rule: SuppressionRule) throws {
        if rule.threshold < 2 { throw DisclosureError.invalidRule("de drempel moet minstens 2 zijn") }
        if rule.marker.isEmpty { throw DisclosureError.invalidRule("het teken voor verborgen aantallen is leeg") }
        if Int(rule.marker) != nil { throw DisclosureError.invalidRule("het teken '\(rule.marker)' is zelf een getal") }
        if rule.marker == CellKey.total { throw DisclosureError.invalidRule("het teken mag niet '\(CellKey.total)' zijn") }
    }
}
