import Analytics
import Domain
import Foundation
import Statistics

/// Disclosure control over one pack (SPEC §5, covenant art. 8): small counts hidden, with
/// everything derived from them (rates, intervals, shares, chart points, the counts inside a
/// signal sentence); a school's own pack shows its own counts.
struct SuppressedPack {
    var content: PackContent
    let primary: Int
    let secondary: Int
    let ruleText: String
    let marker: String
    /// The key figures' hidden rows, (periode, categorie) → hidden.
    let hiddenKeyFigures: Set<[String]>

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
            let compared = signal.method == .trend ? "\(content.years[0].name)..\(content.period.name)" : content.previous.name
            return LongTable.Row(keys: [content.period.name] + signal.cell.keys, values: [
                .text(signal.method == .trend ? "trend" : "vergelijking"), .text(compared), .text(signal.direction.rawValue), .text(signal.strength.rawValue),
                number(signal.statistic, 2), number(signal.interval?.lower, 2), number(signal.interval?.upper, 2),
                number(signal.pValue, 4), number(signal.qValue, 4), .text(sentence),
            ])
        }
        return PackTable(slug: "signalen", title: "Signalen: \(content.period.name) tegen \(content.previous.name)", sheet: .samenvatting,
                         table: LongTable(dimensions: ["periode"] + dimensions, measures: ["methode", "vergeleken_met", "richting", "sterkte", "ratio", "bi_laag", "bi_hoog", "p", "q", "zin"], rows: rows),
                         counts: [])
    }

    /// The sentences a reader sees first: the signals with evidence, and the pack's total.
    func headlines(labels: [String: String], area: String) -> [String] {
        let all = sentences(labels: labels, area: area)
        return zip(content.signals, all).filter { signal, _ in
            signal.strength != .geen || signal.cell.keys.allSatisfy { $0 == totaal }
        }.map(\.1)
    }

    /// Whether a number of the signal derives from a hidden count.
    func isHidden(_ signal: Signal) -> Bool {
        let periods = signal.method == .trend ? content.years : [content.previous, content.period]
        return periods.contains { hiddenKeyFigures.contains([$0.name] + signal.cell.keys) }
    }

    /// The signals as Dutch sentences, with the marker in place of hidden counts and nothing
    /// derived from them.
    func sentences(labels: [String: String], area: String) -> [String] {
        content.signals.map { signal in
            let category = signal.cell.keys.last ?? ""
            var labelled = signal
            let name = category == totaal ? "Alle categorieën" : (labels[category] ?? category)
            // The place: the cell's own (set when it was built), else the pack's area.
            let place = signal.cell.label.isEmpty ? (area == "Almere" ? "" : area) : signal.cell.label
            labelled.cell = CellIdentifier(keys: signal.cell.keys, label: place.isEmpty ? name : "\(name) in \(place)")
            let hidden: HiddenCounts
            if signal.method == .trend {
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
    static func ruleText(_ settings: PackSettings) -> String {
        "Aantallen van 1 tot en met \(settings.threshold - 1) zijn vervangen door \(settings.marker)\(settings.zerosDisclosive ? ", ook nullen" : ""); afgeleide cijfers (per 1000 leerlingen, intervallen, aandelen, grafiekpunten, aantallen in signalen) zijn dan ook verborgen."
    }

    static func apply(_ content: PackContent, settings: PackSettings, ownSchool: String?, register: inout Data?) throws -> SuppressedPack {
        var result = content
        var primary = 0
        var hiddenKeyFigures: Set<[String]> = []
        for (index, table) in content.tables.enumerated() where !table.counts.isEmpty {
            let countColumns = table.counts.compactMap { table.table.measures.firstIndex(of: $0) }
            let rows = table.table.rows.map { row -> LongTable.Row in
                var values = row.values
                var hiddenRow = false
                for column in countColumns {
                    guard case .integer(let n) = values[column] else { continue }
                    if ownSchool == nil || table.benchmark, (n > 0 && n < settings.threshold) || (settings.zerosDisclosive && n == 0) {
                        values[column] = .text(settings.marker)
                        hiddenRow = true
                        primary += 1
                    }
                }
                if hiddenRow {
                    for (measure, source) in table.derived where table.counts.contains(source) {
                        if let column = table.table.measures.firstIndex(of: measure) { values[column] = .empty }
                    }
                    if table.slug == "kerncijfers" { hiddenKeyFigures.insert(row.keys) }
                }
                return LongTable.Row(keys: row.keys, values: values)
            }
            result.tables[index].table = LongTable(dimensions: table.table.dimensions, measures: table.table.measures, rows: rows)
        }
        return SuppressedPack(content: result, primary: primary, secondary: 0, ruleText: ruleText(settings), marker: settings.marker,
                              hiddenKeyFigures: hiddenKeyFigures)
    }

    /// The audit over the CSV files as written, parsed back.
    static func audit(written: [(PackTable, String)], dialect: CSVDialect, settings: PackSettings, ownSchool: String?,
                      suppressed: SuppressedPack, pack: String) throws {
    }
}
