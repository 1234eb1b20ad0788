import Analytics
import Disclosure
import Domain
import Formats
import Foundation
import Statistics
import Store

/// Disclosure control over one pack (SPEC §5, covenant art. 8): small counts hidden, with
/// everything derived from them (rates, intervals, shares, chart points, the counts inside a
/// signal sentence); a school's own pack shows its own counts.
struct SuppressedPack {
    var content: PackContent
    let primary: Int
    let secondary: Int
    let ruleText: String
    let marker: String
    /// The key figures' hidden rows, by their keys (periode, place…, categorie).
    private(set) var hiddenKeyFigures: Set<[String]>
    /// The release registers after this pack (JSON) per group of linked tables, stored once
    /// every pack of the run is in place.
    let registers: [String: Data]
    /// The registers before this pack, for the audit of what was written.
    let registersBefore: [String: ReleaseRegister]
    let hierarchies: [Hierarchy]
    /// Whether the naleving table covers the same school-months as the other tables.
    let complianceLinked: Bool
    /// The pack's counts that belong to the shared publication, with their scopes.
    let cells: [RunCell]
    /// Per table index, the scope of each row (nil: not in the shared publication).
    let rowScopes: [Int: [CellScope?]]
    /// Cells hidden only because the whole publication needed it (see ``hide(_:)``).
    private(set) var publicationHidden = 0

    /// Hides the rows whose scope is in `scopes` as well (what the audit over the whole
    /// publication added), with everything derived from them.
    mutating func hide(_ scopes: Set<CellScope>) {
        guard !scopes.isEmpty else { return }
        // Counted as the suppressor counts: distinct cells of a group of linked tables (the same
        // coordinates in two tables are one cell), not rows and not scopes.
        var counted: Set<String> = []
        for (index, perRow) in rowScopes {
            let table = content.tables[index]
            var rows = table.table.rows
            for (offset, scope) in perRow.enumerated() {
                guard let scope, scopes.contains(scope), rows[offset].values[0] != .text(marker) else { continue }
                var values = rows[offset].values
                values[0] = .text(marker)
                for (measure, source) in table.derived where source == "aantal" {
                    if let column = table.table.measures.firstIndex(of: measure) { values[column] = .empty }
                }
                if table.slug == "kerncijfers" { hiddenKeyFigures.insert(rows[offset].keys) }
                counted.insert(cellKey(table, keys: rows[offset].keys))
                rows[offset] = LongTable.Row(keys: rows[offset].keys, values: values)
            }
            content.tables[index].table = LongTable(dimensions: table.table.dimensions, measures: table.table.measures, rows: rows)
        }
        // What follows from the newly hidden counts goes with them (shares, signals).
        content.tables = content.tables.map(PublishedShares.restrict)
        content = content.withSignals()
        publicationHidden += counted.count
    }

    /// A row's cell as the suppressor keys it: its group, then its coordinates under the
    /// disclosure dimensions (`periode`), `Totaal` left out and a hierarchy's parent left out
    /// where its child is named.
    private func cellKey(_ table: PackTable, keys: [String]) -> String {
        let rename = PackSuppression.shape(table)
        var values: [String: String] = [:]
        for (dimension, value) in zip(table.table.dimensions, keys) where value != CellKey.total {
            values[rename[dimension] ?? dimension] = value
        }
        let named = values
        for hierarchy in hierarchies where named[hierarchy.child] != nil { values[hierarchy.parent] = nil }
        let group = PackSuppression.group(table, complianceLinked: complianceLinked)
        return group + "|" + CellKey(values).description
    }

    /// The signals as data (long form: the key figures' place and category, then the measures),
    /// with every number derived from a hidden count left out, and the sentence.
    func signalTable(labels: [String: String], area: String, dimensions: [String]) -> PackTable {
        let sentences = sentences(labels: labels, area: area)
        let rows = zip(content.signals, sentences).map { signal, sentence -> LongTable.Row in
            let hidden = isHidden(signal)
            func number(_ value: Double?, _ places: Int) -> LongTable.Value {
                guard !hidden, let value, value.isFinite else { return .empty }
                return .decimal(value, places: places)
            }
            let method: String
            let compared: String
            // An aberration (Farrington, quarterly packs): its observed count, expected value and threshold.
            var observed: LongTable.Value = .empty, expected: LongTable.Value = .empty, upper: LongTable.Value = .empty
            switch signal.method {
            case .trend:
                (method, compared) = ("trend", "\(content.years[0].name)..\(content.period.name)")
            case .aberration:
                let baseline = content.quarters.dropLast()
                (method, compared) = ("afwijking", "\(baseline.first?.name ?? "")..\(baseline.last?.name ?? "")")
                if case .aberration(_, let count, let mean, let threshold) = signal.detail, !hidden {
                    if count.isFinite { observed = .integer(Int(count)) }
                    expected = number(mean, 1)
                    upper = number(threshold, 1)
                }
            case .periodComparison:
                (method, compared) = ("vergelijking", content.previous.name)
            }
            return LongTable.Row(
                keys: [content.period.name] + signal.cell.keys,
                values: [
                    .text(method), .text(compared), .text(signal.direction.rawValue), .text(signal.strength.rawValue),
                    number(signal.statistic, 2), number(signal.interval?.lower, 2), number(signal.interval?.upper, 2),
                    number(signal.pValue, 4), number(signal.qValue, 4), observed, expected, upper, .text(sentence),
                ])
        }
        return PackTable(
            slug: "signalen", title: "Signalen: \(content.period.name) tegen \(content.previous.name)", sheet: .samenvatting,
            table: LongTable(
                dimensions: ["periode"] + dimensions,
                measures: [
                    "methode", "vergeleken_met", "richting", "sterkte", "ratio", "bi_laag", "bi_hoog", "p", "q", "waargenomen", "verwacht",
                    "bovengrens", "zin",
                ], rows: rows),
            counts: [])
    }

    /// The sentences a reader sees first: the signals with evidence, and the pack's total. A
    /// sentence with a hidden count is never a headline (issue 16): the reader would see the
    /// marker where the key figure belongs.
    func headlines(labels: [String: String], area: String) -> [String] {
        let all = sentences(labels: labels, area: area)
        return zip(content.signals, all).filter { signal, _ in
            !isHidden(signal) && (signal.strength != .geen || signal.cell.keys.allSatisfy { $0 == totaal })
        }.map(\.1)
    }

    /// Whether a number of the signal derives from a hidden count.
    func isHidden(_ signal: Signal) -> Bool {
        // An aberration rests on the quarterly series: any hidden count of it, and it is not tested.
        if signal.method == .aberration { return signal.issue == .unpublished }
        let periods = signal.method == .trend ? content.years : [content.previous, content.period]
        return periods.contains { hiddenKeyFigures.contains([$0.name] + signal.cell.keys) }
    }

    /// The signals as Dutch sentences, with the marker in place of hidden counts and nothing
    /// derived from them: no number, direction or verdict ("geen signaal berekend").
    func sentences(labels: [String: String], area: String) -> [String] {
        content.signals.map { signal in
            let category = signal.cell.keys.last ?? ""
            var labelled = signal
            let name = category == totaal ? "Alle categorieën" : (labels[category] ?? category)
            // The place: the cell's own (set when it was built), else the pack's area.
            let place = signal.cell.label.isEmpty ? (area == "Almere" ? "" : area) : signal.cell.label
            labelled.cell = CellIdentifier(keys: signal.cell.keys, label: place.isEmpty ? name : "\(name) in \(place)")
            let hidden: HiddenCounts
            if signal.method == .aberration {
                // Its current count shows as the marker when hidden (the baseline's are not in the sentence).
                var currentHidden = false
                if case .aberration(_, let count, _, _) = signal.detail { currentHidden = signal.issue == .unpublished && !count.isFinite }
                hidden = HiddenCounts(current: currentHidden ? marker : nil)
            } else if signal.method == .trend {
                // A trend is derived from every year's count: any hidden one hides its numbers.
                hidden = HiddenCounts(current: isHidden(signal) ? marker : nil)
            } else {
                hidden = HiddenCounts(
                    current: hiddenKeyFigures.contains([content.period.name] + signal.cell.keys) ? marker : nil,
                    previous: hiddenKeyFigures.contains([content.previous.name] + signal.cell.keys) ? marker : nil)
            }
            return SignalSentence.sentence(for: labelled, hidden: hidden)
        }
    }
}

enum PackSuppression {
    static func rule(_ settings: PackSettings) -> SuppressionRule {
        SuppressionRule(
            threshold: settings.threshold, zerosDisclosive: settings.zerosDisclosive, marker: settings.marker,
            minSchools: settings.minSchools)
    }

    /// The explanation of the marker and the rule, once on the Voorblad and in the Toelichting.
    static func ruleText(_ settings: PackSettings) -> String {
        let rule = rule(settings)
        let small =
            rule.threshold - 1 == rule.smallestSensitive
            ? "het aantal \(rule.smallestSensitive)" : "aantallen van \(rule.smallestSensitive) tot en met \(rule.threshold - 1)"
        return
            "\(rule.marker) = geheim (zoals bij het CBS): het aantal is niet gepubliceerd. De drempel is \(rule.threshold): \(small) worden niet gepubliceerd, en om te voorkomen dat ze uit totalen of andere tabellen terug te rekenen zijn, ook enkele andere cellen niet (secundaire onderdrukking); een \(rule.marker) kan dus elk aantal zijn, ook 0 of \(rule.threshold) of meer. "
            + rule.criterionSentence
            + " Afgeleide cijfers en woorden (per 1000 leerlingen, intervallen, aandelen, grafiekpunten, toetsen en signalen) zijn alleen uit gepubliceerde aantallen berekend; bij een \(rule.marker) staan ze er niet."
            + " Aantallen scholen (aanlevering, afspraken) zijn geen leerlinggegevens en worden zonder deze drempel gepubliceerd, zonder een school te noemen."
    }

    /// The time columns a pack table may have: for disclosure one dimension `periode`, so the
    /// same period is the same cell in every table.
    static let timeColumns: Set<String> = ["maand", "kwartaal", "halfjaar", "schooljaar", "jaar", "periode"]

    /// The dimensions under which disclosure control sees a table: the time column as `periode`,
    /// so the same period is the same cell in every table.
    static func shape(_ table: PackTable) -> [String: String] {
        var rename: [String: String] = [:]
        for dimension in table.table.dimensions where timeColumns.contains(dimension) { rename[dimension] = "periode" }
        return rename
    }

    /// Which tables are protected together. Tables about the same incidents share cells and are
    /// suppressed and audited as one system; a table about another population is a system of
    /// its own (with a register of its own): the covenant view (its first school year is partial),
    /// the agreements (schools, not incidents), a school's benchmark (the other schools), and
    /// naleving when some school-months of the pack had not joined the covenant.
    static func group(_ table: PackTable, complianceLinked: Bool) -> String {
        switch table.slug {
        case "convenantperiode", "afspraken": return table.slug
        case "naleving": return complianceLinked ? "incidenten" : "naleving"
        default: return table.benchmark ? "vergelijking" : "incidenten"
        }
    }

    /// The tables disclosure control protects: those with an `aantal` of incidents (or schools).
    static func protected(_ table: PackTable) -> Bool { table.counts == ["aantal"] && table.table.measures.first == "aantal" }

    /// Suppresses one pack. `scopes` gives the shared tables' rows their place in the one
    /// publication, `publication` what it holds so far (identity → value, nil: hidden): a cell
    /// published before stays as published, a cell hidden before stays hidden. The register of
    /// the audience (`stored`) is used only for the groups outside the shared publication.
    static func apply(
        _ content: PackContent, settings: PackSettings, ownSchool: String?, hierarchies: [Hierarchy],
        registers stored: [String: Data], audience: String, complianceLinked: Bool,
        scopes: (PackTable) throws -> [CellScope]? = { _ in nil }, publication: [String: Int?] = [:],
        contributions: (CellScope, Int) -> CellContribution? = { _, _ in nil },
        revisions: (CellScope) -> [CellRevision?] = { _ in [] }
    ) throws -> SuppressedPack {
        let disclosureRule = rule(settings)
        var groups: [String: [Int]] = [:]
        for (index, table) in content.tables.enumerated() where protected(table) {
            groups[group(table, complianceLinked: complianceLinked), default: []].append(index)
        }
        var suppressed = content
        var hiddenKeyFigures: Set<[String]> = []
        var registers: [String: Data] = [:]
        var before: [String: ReleaseRegister] = [:]
        var primary = 0, secondary = 0
        var rowScopes: [Int: [CellScope?]] = [:]
        for index in groups.values.flatMap({ $0 }) {
            if let perRow = try scopes(content.tables[index]) { rowScopes[index] = perRow }
        }
        for name in groups.keys.sorted() {
            let indices = groups[name]!
            let shared = indices.contains { rowScopes[$0] != nil }
            // A group in the shared publication is constrained by it, not by an audience's register.
            let previous: ReleaseRegister? =
                shared ? nil : try stored[name].map { try JSONDecoder().decode(ReleaseRegister.self, from: $0) }
            let published = indices.map { index -> PublishedTable in
                let table = content.tables[index]
                let rename = shape(table)
                let counts = table.table.rows.map { row -> Int in if case .integer(let n) = row.values[0] { n } else { 0 } }
                let own = ownSchool != nil && !table.benchmark
                let identities = rowScopes[index]?.map { $0?.identity }
                var published = PublishedTable(
                    name: table.slug, dimensions: table.table.dimensions.map { rename[$0] ?? $0 },
                    rows: table.table.rows.map(\.keys), counts: counts,
                    own: own ? Array(repeating: true, count: counts.count) : nil,
                    publishedBefore: identities?.map { $0.flatMap { publication[$0] ?? nil } },
                    hiddenBefore: identities?.map { identity in identity.map { publication[$0].map { $0 == nil } ?? false } ?? false },
                    contributions: rowScopes[index].map { perRow in
                        zip(perRow, counts).map { scope, count in scope.flatMap { contributions($0, count) } }
                    })
                published.revisions = rowScopes[index].map { perRow in perRow.map { $0.map(revisions) ?? [] } }
                return published
            }
            let result: SuppressionResult
            do {
                result = try Suppressor.suppress(
                    published, hierarchies: hierarchies, rule: disclosureRule, register: previous,
                    edition: "\(audience) \(content.period.name)")
            } catch let error as DisclosureError {
                throw FailureError("afscherming van kleine aantallen mislukt: \(error.description)")
            }
            primary += result.primary
            secondary += result.secondary
            if let known = result.knownBefore { before[name] = known }
            if !shared {
                // Sorted keys: the same register gives the same bytes (the database stays deterministic).
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                registers[name] = try encoder.encode(result.register)
            }
            for (position, index) in indices.enumerated() {
                let table = content.tables[index]
                let rendered = result.tables[position]
                let rows = table.table.rows.enumerated().map { offset, row -> LongTable.Row in
                    guard rendered.values[offset] == disclosureRule.marker else { return row }
                    var values = row.values
                    values[0] = .text(disclosureRule.marker)
                    for (measure, source) in table.derived where source == "aantal" {
                        if let column = table.table.measures.firstIndex(of: measure) { values[column] = .empty }
                    }
                    if table.slug == "kerncijfers" { hiddenKeyFigures.insert(row.keys) }
                    return LongTable.Row(keys: row.keys, values: values)
                }
                suppressed.tables[index].table = LongTable(dimensions: table.table.dimensions, measures: table.table.measures, rows: rows)
            }
        }
        var cells: [RunCell] = []
        for index in rowScopes.keys.sorted() {
            let original = content.tables[index].table.rows
            let written = suppressed.tables[index]
            for (offset, scope) in rowScopes[index]!.enumerated() {
                guard let scope, case .integer(let truth) = original[offset].values[0] else { continue }
                cells.append(
                    RunCell(
                        scope: scope, truth: truth, hidden: written.table.rows[offset].values[0] == .text(disclosureRule.marker),
                        place: "\(audience), tabel '\(written.slug)'"))
            }
        }
        // Derived numbers and words from published cells only (issue 16): shares beside a
        // hidden count go, and the signals are computed from the published key figures.
        suppressed.tables = suppressed.tables.map(PublishedShares.restrict)
        suppressed = suppressed.withSignals()
        return SuppressedPack(
            content: suppressed, primary: primary, secondary: secondary, ruleText: ruleText(settings),
            marker: disclosureRule.marker, hiddenKeyFigures: hiddenKeyFigures,
            registers: registers, registersBefore: before, hierarchies: hierarchies, complianceLinked: complianceLinked,
            cells: cells, rowScopes: rowScopes)
    }

    /// The audit (issue 6): over the CSV files as written, parsed back — not the model — every
    /// published value and total as linear equations, the feasible interval of every hidden
    /// cell; a cell that can be narrowed to a small count refuses the pack (exit 1, nothing
    /// written). Also: nothing derived from a hidden count is published.
    static func audit(
        written: [(PackTable, String)], dialect: CSVDialect, settings: PackSettings, ownSchool: String?,
        suppressed: SuppressedPack, pack: String
    ) throws {
        let disclosureRule = rule(settings)
        var rendered: [String: [RenderedTable]] = [:]
        for (table, path) in written where protected(table) {
            var records: [[String]] = []
            let reader = try CSVReader(path: path, delimiter: UInt8(ascii: dialect == .excelNL ? ";" : ","))
            try reader.forEachRecord { record in records.append((0..<record.fieldCount).map { record.string($0) }) }
            guard let header = records.first else { throw FailureError("\(path): leeg na het schrijven") }
            let rename = shape(table)
            guard let countColumn = header.firstIndex(of: "aantal") else { throw FailureError("\(path): geen kolom aantal") }
            let dimensionColumns = header.indices.filter { $0 < countColumn }
            let derivedColumns = table.derived.keys.compactMap { header.firstIndex(of: $0) }
            var rows: [[String]] = []
            var values: [String] = []
            for record in records.dropFirst() {
                let value = record[countColumn]
                if value == disclosureRule.marker {
                    for column in derivedColumns where !record[column].isEmpty {
                        throw FailureError(
                            "overzicht \(pack), tabel '\(table.slug)': bij een verborgen aantal staat toch \(header[column]) = \(record[column]); het overzicht is niet geschreven"
                        )
                    }
                }
                rows.append(dimensionColumns.map { record[$0] })
                values.append(value.isEmpty ? "0" : value)
            }
            try PublishedShares.verify(table, header: header, records: Array(records.dropFirst()), pack: pack)
            let own = ownSchool != nil && !table.benchmark
            rendered[group(table, complianceLinked: suppressed.complianceLinked), default: []].append(
                RenderedTable(
                    name: table.slug, dimensions: dimensionColumns.map { rename[header[$0]] ?? header[$0] },
                    rows: rows, values: values, own: own ? Array(repeating: true, count: rows.count) : nil))
        }
        for name in rendered.keys.sorted() {
            do {
                try DisclosureAudit.verify(
                    rendered[name]!, hierarchies: suppressed.hierarchies, rule: disclosureRule,
                    register: suppressed.registersBefore[name])
            } catch let error as DisclosureError {
                throw FailureError(
                    "overzicht \(pack) geweigerd door de controle op terugrekenen: \(error.description); er is niets geschreven")
            }
        }
    }

    /// The roll-ups between dimensions a pack shows at several levels: categorie → meldplicht,
    /// wijk → stadsdeel → gebied.
    static func hierarchies(_ reference: some ReferenceCatalog) throws -> [Hierarchy] {
        hierarchies(categories: try reference.categoryRecords(), wijken: try reference.wijkPlaces())
    }

    static func hierarchies(categories: [CategoryRecord], wijken: [WijkPlace]) -> [Hierarchy] {
        var meldplicht: [String: String] = [:]
        for category in categories { meldplicht[category.code] = category.meldplicht }
        var stadsdeel: [String: String] = [:]
        var gebied: [String: String] = [:]
        for wijk in wijken {
            stadsdeel[wijk.code] = wijk.stadsdeel
            gebied[wijk.stadsdeel] = wijk.gebied
        }
        return [
            Hierarchy(child: "categorie", parent: "meldplicht", parentOf: meldplicht),
            Hierarchy(child: "wijk", parent: "stadsdeel", parentOf: stadsdeel),
            Hierarchy(child: "stadsdeel", parent: "gebied", parentOf: gebied),
        ]
    }
}
