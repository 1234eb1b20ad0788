import Analytics

/// Numbers as a Dutch reader writes them: a period between thousands (1.094), a decimal comma,
/// percentages rounded to whole numbers. No locale involved: the same text on every machine.
enum KeyNumbers {
    static func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "." }
            grouped.append(digit)
        }
        return n < 0 ? "-" + grouped : grouped
    }

    static func decimal(_ x: Double, places: Int) -> String {
        let rounded = TableBlock.rounded(x.magnitude, places: places)
        let whole = Int(rounded.rounded(.down))
        var text = integer(whole)
        if places > 0 {
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            let fraction = Int(((rounded - Double(whole)) * scale).rounded())
            let digits = String(fraction)
            text += "," + String(repeating: "0", count: max(0, places - digits.count)) + digits
        }
        return x < 0 && rounded != 0 ? "-" + text : text
    }

    /// The change from `before` to `now` as a signed whole percentage ("+12%", "-4%", "0%").
    static func change(_ now: Int, _ before: Int) -> String {
        guard before > 0 else { return now == 0 ? "0%" : "nieuw" }
        let percent = (Double(now - before) / Double(before) * 100).rounded()
        return (percent > 0 ? "+" : "") + integer(Int(percent)) + "%"
    }

    /// A share of `part` in `whole` as a percentage with one decimal ("83,7%").
    static func share(_ part: Int, of whole: Int) -> String {
        whole > 0 ? decimal(Double(part) / Double(whole) * 100, places: 1) + "%" : "–"
    }
}

/// One published cell of a pack table, read as a person may see it: a count, or hidden (the
/// marker), or not delivered; a rate with its interval only when the count is published.
struct ShownCell {
    let row: LongTable.Row
    let measures: [String]

    var count: Int? { if case .integer(let n) = row.values.first { n } else { nil } }
    /// The marker text when the count is hidden.
    var marker: String? { if case .text(let text) = row.values.first { text } else { nil } }

    func number(_ measure: String) -> Double? {
        guard count != nil, let index = measures.firstIndex(of: measure), case .decimal(let value, _) = row.values[index] else {
            return nil
        }
        return value
    }

    func text(_ measure: String) -> String? {
        guard let index = measures.firstIndex(of: measure), case .text(let value) = row.values[index] else { return nil }
        return value
    }

    /// Rate per 1.000 pupils with its 95% interval, when published.
    var rate: (value: Double, lower: Double, upper: Double)? {
        guard let value = number("per_1000"), let lower = number("bi_laag"), let upper = number("bi_hoog") else { return nil }
        return (value, lower, upper)
    }

    /// The count as shown: the number, the marker, or "–" (not delivered).
    var shown: String { count.map(KeyNumbers.integer) ?? marker ?? "–" }
}

/// A published table by its keys.
struct ShownTable {
    let table: PackTable
    private let rows: [[String]: LongTable.Row]

    init(_ table: PackTable) {
        self.table = table
        var rows: [[String]: LongTable.Row] = [:]
        for row in table.table.rows { rows[row.keys] = row }
        self.rows = rows
    }

    func cell(_ keys: [String]) -> ShownCell? { rows[keys].map { ShownCell(row: $0, measures: table.table.measures) } }
    var dimensions: [String] { table.table.dimensions }
    var allRows: [LongTable.Row] { table.table.rows }
}

/// Fingertips' comparison: *hoger* when the benchmark lies below the area's 95% interval,
/// *lager* when above it, else *vergelijkbaar*.
enum Comparison: String {
    case hoger, vergelijkbaar, lager

    init(lower: Double, upper: Double, benchmark: Double) {
        self = benchmark < lower ? .hoger : benchmark > upper ? .lager : .vergelijkbaar
    }
}
