import Analytics
import Workbook

/// A pack table shown as a cross-table (SPEC §4: the workbook may show the data as cross-tables;
/// the CSV keeps the long form): one row per combination of the row dimensions, and a group of
/// columns per value of one dimension (`across`: the periods of the key figures, the places of a
/// breakdown, whether the police was involved), each holding the chosen measures. A dimension
/// with a single value (the pack's period) is left out of the rows: the title names it. A hidden
/// count shows the marker; a rate that is missing beside a published count (not every school
/// delivered) shows "–", explained in a note under the table.
struct CrossTable {
    let table: PackTable
    let across: String
    /// Measures under each value of `across`.
    let measures: [String]
    /// Measures under the last value of `across` only (the interval of the current period).
    let lastMeasures: [String]
    /// Measures with one value per row whatever the column (`beoordeling` of the naleving), shown
    /// after the row dimensions.
    let rowMeasures: [String]
    /// A note under the table (such as the school years left out because nothing is known yet).
    let extraNote: String?
    /// The header of a value of `across`, when not its Dutch label (partial school years).
    let label: ((String) -> String)?

    let rowDimensions: [Int]
    let rowKeys: [[String]]
    let columnValues: [String]
    private let cells: [[String]: LongTable.Row]
    private let acrossIndex: Int

    init?(
        _ table: PackTable, across: String, measures: [String], lastMeasures: [String] = [], rowMeasures: [String] = [],
        note: String? = nil, label: ((String) -> String)? = nil, keeping: Set<String> = []
    ) {
        let dimensions = table.table.dimensions
        guard let acrossIndex = dimensions.firstIndex(of: across),
            (measures + lastMeasures + rowMeasures).allSatisfy(table.table.measures.contains)
        else { return nil }
        self.table = table
        self.across = across
        self.measures = measures
        self.lastMeasures = lastMeasures
        self.rowMeasures = rowMeasures
        self.acrossIndex = acrossIndex
        extraNote = note
        self.label = label
        // The signal methods in reading order; other values as the margins sort them (Totaal last).
        let methods = ["vergelijking", "trend", "afwijking"]
        columnValues = Set(table.table.rows.map { $0.keys[acrossIndex] }).sorted { a, b in
            if let x = methods.firstIndex(of: a), let y = methods.firstIndex(of: b) { return x < y }
            return MarginTable.marginOrder([a], [b])
        }
        // Row dimensions: all but `across`, without those holding one value (unless none is left).
        let others = dimensions.indices.filter { $0 != acrossIndex }
        // (`keeping`: dimensions shown even with one value, to line up with a table below.)
        let varying = others.filter { index in
            keeping.contains(dimensions[index]) || Set(table.table.rows.map { $0.keys[index] }).count > 1
        }
        rowDimensions = varying.isEmpty ? Array(others.suffix(1)) : varying
        var cells: [[String]: LongTable.Row] = [:]
        var keys: Set<[String]> = []
        for row in table.table.rows {
            let key = rowDimensions.map { row.keys[$0] }
            keys.insert(key)
            cells[key + [row.keys[acrossIndex]]] = row
        }
        self.cells = cells
        // The agreements in the covenant's order (art. 2.1, 2.2, 2.8, 6.1, 6.2), not by code.
        let order = Dictionary(uniqueKeysWithValues: Agreements.names.enumerated().map { ($1, $0) })
        let rowColumns = rowDimensions
        func ranked(_ key: [String]) -> [String] {
            zip(key, rowColumns).map { value, index in
                dimensions[index] == "afspraak" ? order[value].map { String(format: "%02d", $0) } ?? value : value
            }
        }
        rowKeys = keys.sorted { MarginTable.marginOrder(ranked($0), ranked($1)) }
    }

    /// One column of the cross-table: a row dimension, a row measure, or a measure under a value.
    enum Column {
        case dimension(Int)
        case rowMeasure(String)
        case value(String, measure: String)
    }

    var columns: [Column] {
        var columns = rowDimensions.map(Column.dimension) + rowMeasures.map(Column.rowMeasure)
        for (index, value) in columnValues.enumerated() {
            for measure in measures + (index == columnValues.count - 1 ? lastMeasures : []) {
                columns.append(.value(value, measure: measure))
            }
        }
        return columns
    }

    /// Two header rows (the values above, their measures below) unless every value has one measure.
    var headerRows: Int { measures.count + (lastMeasures.isEmpty ? 0 : 1) > 1 ? 2 : 1 }

    /// The header a measure column gets under its value.
    static func measureHeader(_ measure: String) -> String {
        switch measure {
        case "aantal": "Aantal"
        case "per_1000": "Per 1.000 leerlingen"
        case "bi_laag": "95%-interval: van"
        case "bi_hoog": "95%-interval: tot"
        default: DutchLabels.header(measure)
        }
    }

    func valueLabel(_ value: String, labels: DutchLabels) -> String {
        label?(value) ?? labels.value(value, column: across)
    }

    /// The width (characters) of each column.
    func columnWidths(labels: DutchLabels) -> [Double] {
        let names = table.table.dimensions
        return columns.map { column -> Double in
            switch column {
            case .dimension(let index):
                let longest = rowKeys.map { labels.value($0[rowDimensions.firstIndex(of: index)!], column: names[index]).count }.max() ?? 4
                return Double(min(60, max(10, longest + 2, DutchLabels.header(names[index]).count + 2)))
            case .rowMeasure(let measure):
                let longest =
                    table.table.rows.compactMap { row -> Int? in
                        guard let offset = table.table.measures.firstIndex(of: measure), case .text(let text) = row.values[offset]
                        else { return nil }
                        return labels.value(text, column: measure).count
                    }.max() ?? 4
                return Double(min(30, max(10, longest + 2)))
            case .value(let value, let measure):
                let header = headerRows == 1 ? valueLabel(value, labels: labels) : Self.measureHeader(measure)
                let word = header.split(separator: " ").map(\.count).max() ?? 4
                // A text measure (a verdict) as wide as its longest text, up to 30 (then it wraps).
                let offset = table.table.measures.firstIndex(of: measure)!
                let text =
                    offset == 0
                    ? 0
                    : table.table.rows.compactMap { row -> Int? in
                        if case .text(let text) = row.values[offset] { labels.value(text, column: measure).count } else { nil }
                    }.max() ?? 0
                return Double(max(9, word + 2, min(30, text + 3)))
            }
        }
    }

    /// Whether a rate of the table is missing beside a published count.
    var hasMissingRate: Bool {
        let rates = (measures + lastMeasures).filter { table.derived[$0] == "aantal" && $0 != "aandeel" }
        return !rates.isEmpty
            && cells.values.contains { row in
                guard case .integer = row.values[0] else { return false }
                return rates.contains { measure in row.values[table.table.measures.firstIndex(of: measure)!] == .empty }
            }
    }

    /// Writes the block from `row` (title, headers, rows, notes); returns the first free row after
    /// it, one blank row below.
    @discardableResult
    func write(on sheet: Worksheet, row start: Int, labels: DutchLabels, title: String? = nil, filter: Bool = false) throws -> Int {
        let widths = columnWidths(labels: labels)
        try sheet.writeString(title ?? table.title, row: start, column: 0, format: SheetStyle.subtitle)
        var row = start + 1
        if rowKeys.isEmpty {
            // Nothing to show (no school year with agreements yet): only the note says so.
            if let extraNote { try Self.line(extraNote, on: sheet, row: row, width: 80, columns: 1, format: SheetStyle.text) }
            return row + 2
        }
        if let note = table.note {
            try Self.line(note, on: sheet, row: row, width: widths.reduce(0, +), columns: columns.count, format: SheetStyle.italic)
            row += 1
        }
        let names = table.table.dimensions
        let header = row
        let columns = self.columns
        // Row dimensions and row measures: one header cell across the header rows.
        for (offset, column) in columns.enumerated() {
            let text: String
            switch column {
            case .dimension(let index): text = DutchLabels.header(names[index])
            case .rowMeasure(let measure): text = DutchLabels.header(measure)
            case .value: continue
            }
            if headerRows == 2 {
                try sheet.mergeRange(
                    CellRange(firstRow: header, firstColumn: offset, lastRow: header + 1, lastColumn: offset), text: text,
                    format: SheetStyle.header)
            } else {
                try sheet.writeString(text, row: header, column: offset, format: SheetStyle.header)
            }
        }
        // The values of `across`, each above its measures.
        var offset = rowDimensions.count + rowMeasures.count
        var headerLines = 1
        for (index, value) in columnValues.enumerated() {
            let count = measures.count + (index == columnValues.count - 1 ? lastMeasures.count : 0)
            let label = FormulaGuard.neutralised(valueLabel(value, labels: labels))
            if headerRows == 2 {
                if count > 1 {
                    try sheet.mergeRange(
                        CellRange(firstRow: header, firstColumn: offset, lastRow: header, lastColumn: offset + count - 1), text: label,
                        format: SheetStyle.groupHeader)
                } else {
                    try sheet.writeString(label, row: header, column: offset, format: SheetStyle.groupHeader)
                }
                for (position, measure) in (measures + (index == columnValues.count - 1 ? lastMeasures : [])).enumerated() {
                    let text = Self.measureHeader(measure)
                    try sheet.writeString(
                        text, row: header + 1, column: offset + position,
                        format: measure == "oordeel" ? SheetStyle.verdictHeader : SheetStyle.numberHeader)
                    headerLines = max(headerLines, TableBlock.wrappedLines(text, width: widths[offset + position]))
                }
            } else {
                try sheet.writeString(label, row: header, column: offset, format: SheetStyle.numberHeader)
                headerLines = max(headerLines, TableBlock.wrappedLines(label, width: widths[offset]))
            }
            offset += count
        }
        for (index, column) in columns.enumerated() {
            if case .dimension(let dimension) = column {
                headerLines = max(headerLines, TableBlock.wrappedLines(DutchLabels.header(names[dimension]), width: widths[index]))
            }
        }
        if headerRows == 2 {
            try sheet.setRowHeight(17, row: header)
            try sheet.setRowHeight(Double(15 * headerLines + 2), row: header + 1)
        } else {
            try sheet.setRowHeight(Double(15 * headerLines + 2), row: header)
        }
        row = header + headerRows - 1
        for key in rowKeys {
            row += 1
            var lines = 1
            for (column, kind) in columns.enumerated() {
                switch kind {
                case .dimension(let index):
                    let text = labels.value(key[rowDimensions.firstIndex(of: index)!], column: names[index])
                    let bold = key.allSatisfy { $0 == totaal }
                    try sheet.writeString(
                        FormulaGuard.neutralised(text), row: row, column: column, format: bold ? SheetStyle.bold : SheetStyle.text)
                    lines = max(lines, TableBlock.wrappedLines(text, width: widths[column]))
                case .rowMeasure(let measure):
                    let offset = table.table.measures.firstIndex(of: measure)!
                    let first = columnValues.lazy.compactMap { cells[key + [$0]] }.first
                    if case .text(let text)? = first?.values[offset] {
                        let shown = labels.value(text, column: measure)
                        try sheet.writeString(FormulaGuard.neutralised(shown), row: row, column: column, format: SheetStyle.text)
                        lines = max(lines, TableBlock.wrappedLines(shown, width: widths[column]))
                    }
                case .value(let value, let measure):
                    if let text = try writeValue(
                        key: key, value: value, measure: measure, on: sheet, row: row, column: column, labels: labels)
                    {
                        // (One character less: the verdict is indented.)
                        lines = max(lines, TableBlock.wrappedLines(text, width: widths[column] - 1))
                    }
                }
            }
            if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
        }
        if filter, !rowKeys.isEmpty {
            try sheet.setAutofilter(
                CellRange(firstRow: header + headerRows - 1, firstColumn: 0, lastRow: row, lastColumn: columns.count - 1))
        }
        var notes: [String] = []
        if hasMissingRate { notes.append("– = niet alle scholen leverden voor elke maand aan: geen cijfer per 1.000 leerlingen.") }
        if let extraNote { notes.append(extraNote) }
        for note in notes {
            row += 1
            try Self.line(note, on: sheet, row: row, width: widths.reduce(0, +) * 1.2, columns: columns.count, format: SheetStyle.small)
        }
        return row + 2
    }

    /// A text across the table's columns (merged), its row as high as its wrapped lines.
    static func line(_ text: String, on sheet: Worksheet, row: Int, width: Double, columns: Int, format: CellFormat) throws {
        if columns > 1 {
            try sheet.mergeRange(
                CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: columns - 1), text: text, format: format)
        } else {
            try sheet.writeString(text, row: row, column: 0, format: format)
        }
        let size = format == SheetStyle.small ? 12.0 : 15.0
        try sheet.setRowHeight(Double(size * Double(TableBlock.wrappedLines(text, width: width)) + 2), row: row)
    }

    // MARK: - On a sheet shared with other tables

    /// On a shared sheet a table has one label column (so that the columns of the tables stacked
    /// on it line up): an outer row dimension becomes a bold row above its rows. With many
    /// values of `across`, the measures go in rows under each label instead of in columns, so the
    /// table stays narrow.
    var measuresInRows: Bool { columnValues.count > 1 && columnValues.count * measures.count > 8 }

    /// The label column and the value columns of the shared layout.
    func stubWidths(labels: DutchLabels) -> [Double] {
        let names = table.table.dimensions
        var label = Double(DutchLabels.header(names[rowDimensions.last!]).count + 2)
        for key in rowKeys {
            for (position, index) in rowDimensions.enumerated() {
                let indent = position == rowDimensions.count - 1 && rowDimensions.count > 1 ? 2 : 0
                label = max(label, Double(labels.value(key[position], column: names[index]).count + 2 + indent))
            }
        }
        if measuresInRows { label = max(label, Double(measures.map { Self.measureHeader($0).count }.max() ?? 0) + 4) }
        var widths = [min(60, max(12, label))]
        if measuresInRows {
            widths += columnValues.map { value in
                Double(max(9, (valueLabel(value, labels: labels).split(separator: " ").map(\.count).max() ?? 4) + 2))
            }
        } else {
            let full = columnWidths(labels: labels)
            let measureColumns = columns.enumerated().compactMap { offset, column -> Double? in
                if case .value = column { full[offset] } else { nil }
            }
            widths += measureColumns
        }
        return widths
    }

    /// Writes the block in the shared layout from `row`; returns the first free row after it.
    @discardableResult
    func writeStub(on sheet: Worksheet, row start: Int, labels: DutchLabels, widths: [Double]) throws -> Int {
        let names = table.table.dimensions
        try sheet.writeString(table.title, row: start, column: 0, format: SheetStyle.subtitle)
        var row = start + 1
        let valueColumns = measuresInRows ? columnValues.count : columnValues.count * measures.count
        // A note spans the table's own columns: its lines follow their widths, not the sheet's.
        let total = widths.prefix(1 + valueColumns).reduce(0, +)
        if rowKeys.isEmpty {
            // Nothing to show (no school year with agreements yet): only the note says so.
            if let extraNote {
                try Self.line(extraNote, on: sheet, row: row, width: widths.reduce(0, +), columns: widths.count, format: SheetStyle.text)
            }
            return row + 2
        }
        if let note = table.note {
            try Self.line(note, on: sheet, row: row, width: total, columns: 1 + valueColumns, format: SheetStyle.italic)
            row += 1
        }
        // Headers: the inner row dimension, then the values (above their measures when in columns).
        let stubHeader = DutchLabels.header(names[rowDimensions.last!])
        let twoRows = !measuresInRows && measures.count > 1 && columnValues.count > 1
        if twoRows {
            try sheet.mergeRange(
                CellRange(firstRow: row, firstColumn: 0, lastRow: row + 1, lastColumn: 0), text: stubHeader, format: SheetStyle.header)
        } else {
            try sheet.writeString(stubHeader, row: row, column: 0, format: SheetStyle.header)
        }
        var headerLines = 1
        for (index, value) in columnValues.enumerated() {
            let label = FormulaGuard.neutralised(valueLabel(value, labels: labels))
            if measuresInRows || measures.count == 1 {
                try sheet.writeString(label, row: row, column: 1 + index, format: SheetStyle.numberHeader)
                headerLines = max(headerLines, TableBlock.wrappedLines(label, width: widths[1 + index]))
                continue
            }
            let first = 1 + index * measures.count
            if columnValues.count == 1 {
                // One value: the measures are the headers (its name is in the title).
                for (position, measure) in measures.enumerated() {
                    let text = Self.measureHeader(measure)
                    try sheet.writeString(text, row: row, column: first + position, format: SheetStyle.numberHeader)
                    headerLines = max(headerLines, TableBlock.wrappedLines(text, width: widths[first + position]))
                }
                continue
            }
            try sheet.mergeRange(
                CellRange(firstRow: row, firstColumn: first, lastRow: row, lastColumn: first + measures.count - 1), text: label,
                format: SheetStyle.groupHeader)
            for (position, measure) in measures.enumerated() {
                let text = Self.measureHeader(measure)
                try sheet.writeString(text, row: row + 1, column: first + position, format: SheetStyle.numberHeader)
                headerLines = max(headerLines, TableBlock.wrappedLines(text, width: widths[first + position]))
            }
        }
        if twoRows {
            try sheet.setRowHeight(17, row: row)
            row += 1
        }
        try sheet.setRowHeight(Double(15 * headerLines + 2), row: row)
        var outer: [String]? = nil
        for key in rowKeys {
            // An outer dimension's value as a bold row above its rows.
            if rowDimensions.count > 1 {
                let group = Array(key.dropLast())
                if group != outer {
                    outer = group
                    row += 1
                    let text = zip(group, rowDimensions).map { labels.value($0, column: names[$1]) }.joined(separator: " — ")
                    try sheet.writeString(FormulaGuard.neutralised(text), row: row, column: 0, format: SheetStyle.bold)
                }
            }
            let inner = labels.value(key.last!, column: names[rowDimensions.last!])
            let whole = key.allSatisfy { $0 == totaal }
            let labelFormat = whole ? SheetStyle.bold : (rowDimensions.count > 1 ? SheetStyle.indented : SheetStyle.text)
            if measuresInRows {
                for (position, measure) in measures.enumerated() {
                    row += 1
                    let text = position == 0 ? inner : Self.measureHeader(measure).lowercased()
                    try sheet.writeString(
                        FormulaGuard.neutralised(text), row: row, column: 0, format: position == 0 ? labelFormat : SheetStyle.measureLabel)
                    var lines = TableBlock.wrappedLines(text, width: widths[0] - 1)
                    for (index, value) in columnValues.enumerated() {
                        if let shown = try writeValue(
                            key: key, value: value, measure: measure, on: sheet, row: row, column: 1 + index, labels: labels)
                        {
                            lines = max(lines, TableBlock.wrappedLines(shown, width: widths[1 + index]))
                        }
                    }
                    if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
                }
            } else {
                row += 1
                try sheet.writeString(FormulaGuard.neutralised(inner), row: row, column: 0, format: labelFormat)
                var lines = TableBlock.wrappedLines(inner, width: widths[0] - 1)
                for (index, value) in columnValues.enumerated() {
                    for (position, measure) in measures.enumerated() {
                        let column = 1 + index * measures.count + position
                        if let shown = try writeValue(
                            key: key, value: value, measure: measure, on: sheet, row: row, column: column, labels: labels)
                        {
                            lines = max(lines, TableBlock.wrappedLines(shown, width: widths[column]))
                        }
                    }
                }
                if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
            }
        }
        var notes: [String] = []
        if hasMissingRate { notes.append("– = niet alle scholen leverden voor elke maand aan: geen cijfer per 1.000 leerlingen.") }
        if let extraNote { notes.append(extraNote) }
        for note in notes {
            row += 1
            try Self.line(note, on: sheet, row: row, width: total * 1.2, columns: 1 + valueColumns, format: SheetStyle.small)
        }
        return row + 2
    }

    /// One value cell: the number, the marker of a hidden count, "–" for a rate missing beside a
    /// published count, or a text measure's words.
    /// Returns the text written, if any (a wrapped text makes its row higher).
    @discardableResult
    func writeValue(
        key: [String], value: String, measure: String, on sheet: Worksheet, row: Int, column: Int, labels: DutchLabels
    ) throws -> String? {
        guard let cell = cells[key + [value]] else { return nil }
        let offset = table.table.measures.firstIndex(of: measure)!
        let content = cell.values[offset]
        if content == .empty, case .integer = cell.values[0], table.derived[measure] == "aantal", measure != "aandeel" {
            try sheet.writeString("–", row: row, column: column, format: SheetStyle.hidden)
        } else if case .text(let text) = content, offset > 0 {
            // A verdict reads as a sentence (left); a word in a column of numbers ("onvolledig") stands right.
            let shown = labels.value(text, column: measure)
            try sheet.writeString(
                FormulaGuard.neutralised(shown), row: row, column: column,
                format: measure == "oordeel" ? SheetStyle.indented : SheetStyle.right)
            return shown
        } else {
            try TableBlock.write(content, measure: measure, on: sheet, row: row, column: column)
        }
        return nil
    }

    /// The row of the last header row when the block starts at `start`.
    func lastHeaderRow(start: Int) -> Int { start + 1 + (table.note == nil ? 0 : 1) + headerRows - 1 }
}
