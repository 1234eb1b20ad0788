import Analytics
import Domain
import Store

/// What changed between a pack's previous edition and this one (issue 17, the Revisies sheet
/// and `revisies.csv`): per table the changed cells, and each changed cell with its old value,
/// its new value and the change. A cell is a (table, row keys, measure) of the pack as written;
/// its value is the text the CSV shows (the marker for a hidden cell).
struct Revisions: Sendable {
    struct Change: Sendable, Equatable {
        let table: String
        let title: String
        let row: [String]
        let measure: String
        let old: String
        let new: String
        /// The change, or the marker when it is not shown (a side hidden, or the change disclosive).
        let change: String
    }

    struct Summary: Sendable, Equatable {
        let title: String
        let changed: Int
        /// Cells shown in the previous edition and hidden in this one.
        let nowHidden: Int
    }

    let previousNumber: Int
    let marker: String
    let reason: String
    let summaries: [Summary]
    let changes: [Change]

    /// The changed counts listed (the first measure of a row, one a row and table): the number
    /// the sheet's first sentence names.
    var changedCounts = 0

    /// One line per cell of a pack as stored in the edition record: `pack \t table \t keys \t measure \t value`.
    static func cellLines(pack: String, tables: [PackTable]) -> [String] {
        var lines: [String] = []
        for table in tables {
            for row in table.table.rows {
                let keys = row.keys.joined(separator: "|")
                for (measure, value) in zip(table.table.measures, row.values) {
                    lines.append([pack, table.slug, keys, measure, value.plain].joined(separator: "\t"))
                }
            }
        }
        return lines
    }

    /// Why data changed, never naming a school: "laat aangeleverd door 1 school; correctie door 2 scholen".
    static func reason(plan: EditionPlan) -> String {
        func schools(_ count: Int) -> String { count == 1 ? "1 school" : "\(count) scholen" }
        let late = plan.lateSchools.count
        let corrected = plan.changedSchools.count - late
        var parts: [String] = []
        if late > 0 { parts.append("laat aangeleverd door \(schools(late))") }
        if corrected > 0 { parts.append("correctie door \(schools(corrected))") }
        if parts.isEmpty { return "geen nieuwe gegevens van scholen" + (plan.kind == .definitief ? "; deze editie is definitief" : "") }
        return parts.joined(separator: "; ")
    }

    /// The revisions of `pack` from the previous edition's cells to this one's. The change of a
    /// cell is shown only when both values are counts and the change is not small: a change of
    /// 1 to threshold − 1, or one resting on fewer than `min_schools` schools, is `marker`.
    static func make(
        pack: String, tables: [PackTable], previous: PackEditionRecord, plan: EditionPlan, settings: PackSettings
    ) -> Revisions {
        var old: [String: String] = [:]
        for line in previous.cells.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, parts[0] == pack else { continue }
            old[parts[1...3].joined(separator: "\t")] = parts[4]
        }
        var changes: [Change] = []
        var summaries: [Summary] = []
        var counts = 0
        let fewSchools = plan.changedSchools.count < settings.minSchools
        for table in tables {
            var changed = 0
            var nowHidden = 0
            for row in table.table.rows {
                let rowKey = row.keys.joined(separator: "|")
                var countChanged = false
                for (measure, value) in zip(table.table.measures, row.values) {
                    let key = [table.slug, rowKey, measure].joined(separator: "\t")
                    let before = old[key] ?? ""
                    let after = value.plain
                    guard before != after else { continue }
                    changed += 1
                    if Int(before) != nil, after == settings.marker { nowHidden += 1 }
                    // The signals are words and ratios derived from the key figures: counted, not listed.
                    guard table.slug != "signalen" else { continue }
                    // A rate or an interval follows its count: listed only when the count stayed
                    // (a change of enrolment in the reference data), so the list stays readable.
                    if measure == table.table.measures.first {
                        countChanged = true
                        counts += 1
                    } else if countChanged {
                        continue
                    }
                    let change: String
                    if let a = Int(before), let b = Int(after) {
                        let difference = b - a
                        let small = (1..<settings.threshold).contains(abs(difference))
                        change = small || fewSchools ? settings.marker : (difference > 0 ? "+\(difference)" : "\(difference)")
                    } else {
                        change = settings.marker
                    }
                    changes.append(
                        Change(
                            table: table.slug, title: table.title, row: row.keys, measure: measure, old: before.isEmpty ? "–" : before,
                            new: after.isEmpty ? "–" : after, change: change))
                }
            }
            summaries.append(Summary(title: table.title, changed: changed, nowHidden: nowHidden))
        }
        var revisions = Revisions(
            previousNumber: previous.number, marker: settings.marker, reason: reason(plan: plan), summaries: summaries, changes: changes)
        revisions.changedCounts = counts
        return revisions
    }

    /// `revisies.csv` in long form: one changed cell a row.
    var table: LongTable {
        LongTable(
            dimensions: ["tabel", "rij", "kolom"], measures: ["oud", "nieuw", "verschil"],
            rows: changes.map { change in
                LongTable.Row(
                    keys: [change.table, change.row.joined(separator: " · "), change.measure],
                    values: [.text(change.old), .text(change.new), .text(change.change)])
            })
    }
}
