import Domain
import Store

/// Naleving (covenant art. 2.4/2.5/2.10, watched by the bestuurlijk overleg, art. 7.2): of the
/// incidents in categories where the school always involves the police (`meldplicht` `ja`), how
/// many had the police involved. Categories left to the school's judgement (`afweging`, art. 2.6)
/// are shown beside them as information, never as non-compliance. Only school-months after the
/// school joined the covenant count: before `aangesloten_per` a school is "niet aangesloten",
/// never non-compliant.
///
/// Measures: `aantal` (incidents of the cell's categories at joined schools), `politie_ja`,
/// `politie_nee`, `politie_onbekend`, `aandeel_politie` (percentage of `aantal`, one decimal;
/// empty when `aantal` is 0) and `beoordeling` ("naleving" for `ja`, "ter informatie" for `afweging`).
public enum Compliance {
    public static let measures = ["aantal", "politie_ja", "politie_nee", "politie_onbekend", "aandeel_politie", "beoordeling"]

    public static func compute(
        by dimensions: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter = SchoolFilter(),
        includingNee: Bool = false, in reader: some MartReader
    ) throws -> LongTable {
        try compute(
            by: dimensions, period: period, asOf: asOf, filter: filter, includingNee: includingNee, try MartGrid.snapshot(period, reader))
    }

    /// `includingNee`: also the categories without meldplicht (beoordeling "geen meldplicht"), so
    /// the table's meldplicht groups add up to all incidents (packs, for disclosure control).
    public static func compute(
        by requested: [MartDimension], period: Period, asOf: Day, filter: SchoolFilter,
        includingNee: Bool = false, _ snapshot: MartSnapshot
    ) throws -> LongTable {
        if requested.contains(.politie) { throw UsageError("naleving is al uitgesplitst naar politie; laat 'politie' weg uit --by") }
        let withoutMeldplicht = requested.filter { $0 != .meldplicht }
        let dimensions = withoutMeldplicht + [.meldplicht, .politie]
        let grid = try MartGrid(dimensions: dimensions, period: period, asOf: asOf, filter: filter, snapshot)
        let counts = grid.counts(filterEmpty: filter.isEmpty, snapshot) { _, cell in cell?.joined ?? false }
        let meldplichtIndex = dimensions.firstIndex(of: .meldplicht)!
        var groups: [[String]: (placeTime: [String], ja: Int, nee: Int, onbekend: Int)] = [:]
        for cell in grid.cells(counts: counts) where includingNee || cell.full[meldplichtIndex] != Meldplicht.nee.rawValue {
            let key = Array(cell.full.dropLast())
            let n = counts[cell.full] ?? 0
            var group = groups[key] ?? (cell.placeTime, 0, 0, 0)
            switch cell.full.last! {
            case Politie.ja.rawValue: group.ja += n
            case Politie.nee.rawValue: group.nee += n
            default: group.onbekend += n
            }
            groups[key] = group
        }
        let rows = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key -> LongTable.Row? in
            let group = groups[key]!
            let status = grid.status[group.placeTime] ?? DeliveryStatus()
            let total = group.ja + group.nee + group.onbekend
            // A cell without any joined school-month says nothing about compliance.
            guard status.due + status.notYetDue > 0 || total > 0 else { return nil }
            let share: LongTable.Value = total > 0 ? .decimal(Double(group.ja) / Double(total) * 100, places: 1) : .empty
            let assessment =
                switch key[meldplichtIndex] {
                case Meldplicht.ja.rawValue: "naleving"
                case Meldplicht.afweging.rawValue: "ter informatie"
                default: "geen meldplicht"
                }
            return LongTable.Row(
                keys: grid.keys(key),
                values: [
                    .integer(total), .integer(group.ja), .integer(group.nee), .integer(group.onbekend), share, .text(assessment),
                ])
        }
        let columns = (grid.timeDimension == nil ? ["periode"] : []) + dimensions.dropLast().map(\.columnName)
        return LongTable(dimensions: columns, measures: measures, rows: rows)
    }
}
