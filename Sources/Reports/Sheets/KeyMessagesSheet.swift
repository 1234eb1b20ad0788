import Analytics
import Domain
import Workbook

/// Kernboodschappen: the first sheet after the Voorblad, on one printed A4 page. The question of
/// the meeting, three to six messages in plain Dutch with their numbers (ranked by what the
/// meeting should act on: incomplete deliveries, clear changes, compliance, places above the
/// benchmark, the total), the key figures (now, a year earlier, change, per 1.000 pupils with
/// interval, compared with the benchmark as hoger / vergelijkbaar / lager), the aanlevering in
/// one line and, for the bestuurlijk overleg, the covenant's scorecard. Every number is a
/// published cell of the pack's tables, or derived only from published cells: a hidden count
/// shows the marker, and nothing derived from it is shown.
enum KeyMessagesSheet {
    static let name = "Kernboodschappen"
    static let width = 7
    static let columnWidths: [Double] = [42, 12, 12, 12, 13, 14, 17]

    /// The meeting a pack is for, recognised by what it holds.
    enum Meeting {
        case kerngroep, bestuurlijk, stadsdeel, poWijk, stedelijk, schoolgesprek

        init(_ content: PackContent, _ info: PackInfo) {
            if content.tables.contains(where: \.benchmark) {
                self = .schoolgesprek
            } else if content.tables.contains(where: { $0.slug == "convenantperiode" }) {
                self = .bestuurlijk
            } else if info.area.hasPrefix("gebied ") {
                self = .stadsdeel
            } else if info.area.hasPrefix("wijk ") || info.area.hasPrefix("cluster ") {
                self = .poWijk
            } else if info.meeting.lowercased().contains("stedelijke") {
                self = .stedelijk
            } else {
                self = .kerngroep
            }
        }
    }

    /// The question the meeting's sheet answers (also in the README).
    static func question(_ meeting: Meeting) -> String {
        switch meeting {
        case .kerngroep: "Waar en bij welke soort incidenten verandert de veiligheid op scholen, en waar moet de kerngroep op letten?"
        case .bestuurlijk: "Wordt het convenant nageleefd, en hoe ontwikkelt de veiligheid op scholen zich in Almere?"
        case .stadsdeel: "Hoe staat het gebied ervoor, per stadsdeel, tegenover een jaar eerder en tegenover het gebied als geheel?"
        case .poWijk: "Wat speelt er op de basisscholen in de wijk, tegenover een jaar eerder?"
        case .stedelijk: "Hoe ontwikkelen de incidenten zich op de scholen voor SO, SBO en VSO, per sector?"
        case .schoolgesprek:
            "Hoe staat de school ervoor tegenover een jaar eerder en tegenover haar sector als geheel, en houdt zij zich aan de afspraken?"
        }
    }

    static func question(_ info: PackInfo) -> String {
        "de vraag van dit overleg op één pagina"
    }

    struct Message {
        let rank: Int
        let text: String
    }

    static func write(_ content: PackContent, sentences: [String], info: PackInfo, labels: DutchLabels, on sheet: Worksheet) throws {
        let meeting = Meeting(content, info)
        let tables = Dictionary(content.tables.map { ($0.slug, ShownTable($0)) }, uniquingKeysWith: { first, _ in first })
        try sheet.setColumnWidths(columnWidths)
        try sheet.hideGridlines()
        try sheet.writeString(name, row: 0, column: 0, format: SheetStyle.title)
        try sheet.setRowHeight(24, row: 0)
        var row = 1
        row = try paragraph(sheet, "Vraag van dit overleg: " + question(meeting), row: row, format: SheetStyle.italic)
        row = try paragraph(
            sheet,
            "\(info.area == "Almere" ? "Almere" : info.area.prefix(1).uppercased() + info.area.dropFirst()), \(info.period.name), vergeleken met \(info.previous.name); gegevens tot en met \(DutchDate.long(info.asOf)).",
            row: row, format: SheetStyle.text)
        row += 1
        try sheet.writeString("Wat valt op", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        let messages = self.messages(content, meeting: meeting, info: info, labels: labels, tables: tables)
        for (index, message) in messages.enumerated() {
            row = try paragraph(sheet, "\(index + 1). " + message.text, row: row, format: SheetStyle.text)
        }
        row += 1
        row = try keyFigures(content, meeting: meeting, info: info, labels: labels, tables: tables, on: sheet, row: row)
        if meeting == .bestuurlijk || meeting == .schoolgesprek {
            row += 1
            row = try scorecard(content, info: info, tables: tables, on: sheet, row: row)
        }
        row += 1
        row = try paragraph(sheet, "Aanlevering: " + deliveryLine(tables, info: info), row: row, format: SheetStyle.bold)
        row += 1
        // The marker as written in a count column (the signal table's first column is a method, not a count).
        let marker = content.tables.lazy.filter { $0.table.measures.first == "aantal" }.flatMap(\.table.rows).compactMap { row -> String? in
            if case .text(let text) = row.values.first { text } else { nil }
        }.first
        var notes =
            "Hoger / vergelijkbaar / lager: de vergelijkingswaarde ligt onder / binnen / boven het 95%-interval van het cijfer (zie Toelichting). De tabellen staan in de bijlagen."
        if let marker { notes = "\(marker) = afgeschermd (een klein aantal, zie Toelichting); – = niet beschikbaar. " + notes }
        row = try paragraph(sheet, notes, row: row, format: SheetStyle.small)
        var setup = SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)")
        setup.orientation = .portrait
        setup.fitToPages = PageSetup.FitToPages(width: 1, height: 1)
        setup.printArea = CellRange(firstRow: 0, firstColumn: 0, lastRow: max(row, 1), lastColumn: width - 1)
        try sheet.setPageSetup(setup)
    }

    /// A text across the sheet's width, its row as high as its lines.
    @discardableResult
    static func paragraph(_ sheet: Worksheet, _ text: String, row: Int, format: CellFormat) throws -> Int {
        try sheet.mergeRange(CellRange(firstRow: row, firstColumn: 0, lastRow: row, lastColumn: width - 1), text: text, format: format)
        let lines = TableBlock.wrappedLines(text, width: 105)
        try sheet.setRowHeight(Double(15 * lines + 2), row: row)
        return row + 1
    }

    // MARK: - Messages

    static func messages(
        _ content: PackContent, meeting: Meeting, info: PackInfo, labels: DutchLabels, tables: [String: ShownTable]
    ) -> [Message] {
        var messages: [Message] = []
        let period = content.period.name, previous = content.previous.name
        guard let key = tables["kerncijfers"] else { return [Message(rank: 0, text: "Geen kerncijfers in dit overzicht.")] }
        let hasPlace = key.dimensions.count == 3
        let whole: [String] = hasPlace ? [totaal, totaal] : [totaal]

        // Incomplete deliveries first: the meeting should ask for them.
        if let delivery = tables["aanlevering"] {
            let (schools, complete) = deliveryTotals(delivery)
            if schools > complete {
                messages.append(
                    Message(
                        rank: 0,
                        text:
                            "Onvolledig aangeleverd: \(KeyNumbers.integer(schools - complete)) van de \(KeyNumbers.integer(schools)) scholen leverde(n) over \(period) niet voor elke maand aan, dus de cijfers zijn onvolledig. Vraag de ontbrekende leveringen op."
                    ))
            }
        }

        // Clear and possible changes, from the published signals whose counts are all published.
        var seen: Set<[String]> = []
        if let signals = tables["signalen"] {
            let ranked = signals.allRows.compactMap { row -> (Int, Int, String, [String])? in
                let cell = ShownCell(row: row, measures: signals.table.table.measures)
                guard let strength = cell.text("sterkte"), strength != "geen", let direction = cell.text("richting"),
                    direction == "stijging" || direction == "daling", cell.text("methode") != "afwijking"
                else { return nil }
                let keys = Array(row.keys.dropFirst())
                guard let now = key.cell([period] + keys)?.count, let before = key.cell([previous] + keys)?.count else { return nil }
                if cell.text("methode") == "trend" {
                    // A trend rests on every year's count: all of them must be published.
                    guard content.years.allSatisfy({ key.cell([$0.name] + keys)?.count != nil }) else { return nil }
                }
                let place = hasPlace && keys[0] != totaal ? " in " + placeName(keys[0], dimension: key.dimensions[1], labels: labels) : ""
                let category = labels.value(keys.last ?? totaal, column: "categorie")
                let word = strength == "duidelijk" ? "Duidelijke" : "Mogelijke"
                let how =
                    cell.text("methode") == "trend"
                    ? "over de jaren sinds \(content.years[0].name)"
                    : "tegenover een jaar eerder"
                let rate =
                    key.cell([period] + keys)?.rate.map { " (\(KeyNumbers.decimal($0.value, places: 2)) per 1.000 leerlingen)" } ?? ""
                let text =
                    "\(word) \(direction) \(how): \(category)\(place), \(KeyNumbers.integer(now)) incidenten in \(period)\(rate) tegen \(KeyNumbers.integer(before)) in \(previous) (\(KeyNumbers.change(now, before)))."
                return ((strength == "duidelijk" ? 0 : 2) + (direction == "stijging" ? 0 : 1), -now, text, keys)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            for item in ranked where !seen.contains(item.3) && seen.count < 3 {
                seen.insert(item.3)
                messages.append(Message(rank: 1 + item.0, text: item.2))
            }
            if seen.isEmpty {
                messages.append(
                    Message(
                        rank: 8,
                        text:
                            "Geen duidelijke of mogelijke verandering tegenover een jaar eerder bij de cijfers die getoetst konden worden (zie Bijlage Signalen)."
                    ))
            }
        }

        // Aberrations (Farrington, the kerngroep's quarters): a count above the threshold the same
        // time of year in the last three years gives; only from published counts.
        if let signals = tables["signalen"] {
            let measures = signals.table.table.measures
            let alarms = signals.allRows.compactMap { row -> (Int, String)? in
                let cell = ShownCell(row: row, measures: measures)
                guard cell.text("methode") == "afwijking", cell.text("sterkte") == "duidelijk",
                    let index = measures.firstIndex(of: "waargenomen"), case .integer(let observed) = row.values[index],
                    case .decimal(let expected, _)? = measures.firstIndex(of: "verwacht").map({ row.values[$0] }),
                    case .decimal(let upper, _)? = measures.firstIndex(of: "bovengrens").map({ row.values[$0] })
                else { return nil }
                let category = labels.value(row.keys.last ?? totaal, column: "categorie")
                return (
                    -observed,
                    "Ongewoon hoog voor de tijd van het jaar: \(category), \(KeyNumbers.integer(observed)) incidenten in \(period) waar \(KeyNumbers.decimal(expected, places: 1)) werd verwacht (bovengrens \(KeyNumbers.decimal(upper, places: 1)); afwijkingstoets, zie Toelichting)."
                )
            }.sorted { $0.0 < $1.0 }
            for alarm in alarms.prefix(2) { messages.append(Message(rank: 1, text: alarm.1)) }
        }

        // Compliance: police involvement where the school must involve the police.
        if let compliance = tables["naleving"] {
            if let all = meldplicht(compliance, period, politie: totaal)?.count, all > 0 {
                let with = meldplicht(compliance, period, politie: "ja")
                let without = meldplicht(compliance, period, politie: "nee")
                if let yes = with?.count {
                    let rest = without?.count.map { ", bij \(KeyNumbers.integer($0)) niet" } ?? ""
                    // The same share a year earlier, where the pack publishes it (the scorecards).
                    let earlier = content.period.yearEarlier.name
                    let before = meldplicht(compliance, earlier, politie: "ja")?.count.flatMap { n in
                        meldplicht(compliance, earlier, politie: totaal)?.count.map { "; in \(earlier) \(KeyNumbers.share(n, of: $0))" }
                    }
                    messages.append(
                        Message(
                            rank: meeting == .bestuurlijk ? 1 : 6,
                            text:
                                "Politie betrokken bij \(KeyNumbers.integer(yes)) van de \(KeyNumbers.integer(all)) incidenten waarbij de school de politie altijd inschakelt (meldplicht, art. 2.4, 2.5, 2.10): \(KeyNumbers.share(yes, of: all))\(rest)\(before ?? "")."
                        ))
                }
            }
        }

        // Places above the pack's whole (Fingertips: the benchmark below the place's interval).
        if hasPlace, let benchmark = key.cell([period] + whole)?.rate {
            let places = Set(key.allRows.map { $0.keys[1] }).subtracting([totaal]).sorted()
            for place in places {
                guard let rate = key.cell([period, place, totaal])?.rate else { continue }
                let comparison = Comparison(lower: rate.lower, upper: rate.upper, benchmark: benchmark.value)
                guard comparison != .vergelijkbaar else { continue }
                messages.append(
                    Message(
                        rank: comparison == .hoger ? 4 : 7,
                        text:
                            "\(placeName(place, dimension: key.dimensions[1], labels: labels).prefix(1).uppercased() + placeName(place, dimension: key.dimensions[1], labels: labels).dropFirst()) ligt \(comparison.rawValue) dan \(areaName(info)): \(KeyNumbers.decimal(rate.value, places: 2)) incidenten per 1.000 leerlingen (95%-interval \(KeyNumbers.decimal(rate.lower, places: 2))–\(KeyNumbers.decimal(rate.upper, places: 2))) tegen \(KeyNumbers.decimal(benchmark.value, places: 2))."
                    ))
            }
        }

        // A school against the other schools of its sector.
        if let benchmarkTable = content.tables.first(where: \.benchmark).map(ShownTable.init) {
            let own = key.cell([period] + whole)?.rate
            let other = benchmarkTable.cell([period, totaal])?.rate ?? benchmarkTable.cell([totaal])?.rate
            if let own, let other {
                let comparison = Comparison(lower: own.lower, upper: own.upper, benchmark: other.value)
                messages.append(
                    Message(
                        rank: 3,
                        text:
                            "De school \(comparison == .vergelijkbaar ? "is vergelijkbaar met" : "ligt \(comparison.rawValue) dan") haar sector als geheel: \(KeyNumbers.decimal(own.value, places: 2)) incidenten per 1.000 leerlingen (95%-interval \(KeyNumbers.decimal(own.lower, places: 2))–\(KeyNumbers.decimal(own.upper, places: 2))) tegen \(KeyNumbers.decimal(other.value, places: 2))."
                    ))
            }
        }

        // The total.
        if let now = key.cell([period] + whole), now.marker != nil || key.cell([previous] + whole)?.marker != nil {
            // A hidden total is never a headline, not even as its marker.
            messages.append(
                Message(rank: 5, text: "Het totaal van \(period) of \(previous) is afgeschermd: een klein aantal wordt niet getoond."))
        } else if let now = key.cell([period] + whole), !seen.contains(whole) {
            // (A change of the whole already named above says the same; the key figures give its interval.)
            let before = key.cell([previous] + whole)
            var text = "In totaal \(now.shown) incidenten in \(period), tegen \(before?.shown ?? "–") in \(previous)"
            if let n = now.count, let b = before?.count { text += " (\(KeyNumbers.change(n, b)))" }
            if let rate = now.rate {
                text +=
                    "; \(KeyNumbers.decimal(rate.value, places: 2)) per 1.000 leerlingen (95%-interval \(KeyNumbers.decimal(rate.lower, places: 2))–\(KeyNumbers.decimal(rate.upper, places: 2)))"
            }
            messages.append(Message(rank: 5, text: text + "."))
        }

        // The least kept agreement (bestuurlijk).
        if meeting == .bestuurlijk, let agreements = tables["afspraken"], let line = weakestAgreement(agreements) {
            messages.append(Message(rank: 2, text: line))
        }
        return Array(messages.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element).prefix(6))
    }

    static func placeName(_ value: String, dimension: String, labels: DutchLabels) -> String {
        switch dimension {
        case "stadsdeel": "stadsdeel " + labels.place(value)
        case "sector": "de sector " + value
        case "wijk": "wijk " + value
        default: value
        }
    }

    static func areaName(_ info: PackInfo) -> String {
        info.area == "Almere" ? "Almere als geheel" : "het " + info.area + " als geheel"
    }

    // MARK: - Key figures

    static func keyFigures(
        _ content: PackContent, meeting: Meeting, info: PackInfo, labels: DutchLabels, tables: [String: ShownTable],
        on sheet: Worksheet, row start: Int
    ) throws -> Int {
        guard let key = tables["kerncijfers"] else { return start }
        let period = content.period.name, previous = content.previous.name
        let hasPlace = key.dimensions.count == 3
        var row = start
        try sheet.writeString("Kerncijfers", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        let benchmarkTable = content.tables.first(where: \.benchmark).map(ShownTable.init)
        let versus: String
        if benchmarkTable != nil {
            versus = "Vergeleken met de sector"
        } else if hasPlace {
            versus = "Vergeleken met \(areaName(info))"
        } else {
            versus = "Vergelijking"
        }
        let headers = [
            hasPlace ? DutchLabels.header(key.dimensions[1]) : "Categorie", period, previous, "Verandering", "Per 1.000 leerlingen",
            "95%-interval", versus,
        ]
        for (column, header) in headers.enumerated() {
            try sheet.writeString(header, row: row, column: column, format: SheetStyle.header)
        }
        // As high as the longest header wraps ("Vergeleken met het gebied Oost-Haven als geheel": three lines).
        let headerLines = zip(headers, columnWidths).map { TableBlock.wrappedLines($0, width: $1) }.max() ?? 2
        try sheet.setRowHeight(Double(15 * max(2, headerLines) + 2), row: row)
        // Rows: the whole, then each place (with places) or the categories with most incidents now.
        var rows: [(label: String, keys: [String])] = []
        if hasPlace {
            rows.append(("Totaal " + (info.area == "Almere" ? "Almere" : info.area), [totaal, totaal]))
            for place in Set(key.allRows.map { $0.keys[1] }).subtracting([totaal]).sorted() {
                rows.append((labels.value(place, column: key.dimensions[1]), [place, totaal]))
            }
        } else {
            rows.append(("Alle categorieën", [totaal]))
            let categories = Set(key.allRows.map { $0.keys[1] }).subtracting([totaal]).map { category -> (String, Int) in
                (category, key.cell([period, category])?.count ?? -1)
            }.filter { $0.1 > 0 }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            for (category, _) in categories.prefix(7) { rows.append((labels.value(category, column: "categorie"), [category])) }
        }
        let benchmark = hasPlace ? key.cell([period, totaal, totaal])?.rate : nil
        for (index, item) in rows.enumerated() {
            row += 1
            let now = key.cell([period] + item.keys), before = key.cell([previous] + item.keys)
            let format = index == 0 ? SheetStyle.bold : SheetStyle.text
            try sheet.writeString(FormulaGuard.neutralised(item.label), row: row, column: 0, format: format)
            // A long category label wraps: its row is as high as its lines, so nothing prints into the next row.
            let lines = TableBlock.wrappedLines(item.label, width: 42)
            if lines > 1 { try sheet.setRowHeight(Double(15 * lines), row: row) }
            try sheet.writeString(now?.shown ?? "–", row: row, column: 1, format: SheetStyle.right)
            try sheet.writeString(before?.shown ?? "–", row: row, column: 2, format: SheetStyle.right)
            let change = now?.count.flatMap { n in before?.count.map { KeyNumbers.change(n, $0) } } ?? "–"
            try sheet.writeString(change, row: row, column: 3, format: SheetStyle.right)
            if let rate = now?.rate {
                try sheet.writeString(KeyNumbers.decimal(rate.value, places: 2), row: row, column: 4, format: SheetStyle.right)
                try sheet.writeString(
                    "\(KeyNumbers.decimal(rate.lower, places: 2))–\(KeyNumbers.decimal(rate.upper, places: 2))", row: row, column: 5,
                    format: SheetStyle.right)
                var comparison: Comparison?
                if let benchmark, index > 0 {
                    comparison = Comparison(lower: rate.lower, upper: rate.upper, benchmark: benchmark.value)
                } else if let benchmarkTable, let other = benchmarkTable.cell([period] + item.keys)?.rate {
                    comparison = Comparison(lower: rate.lower, upper: rate.upper, benchmark: other.value)
                }
                try sheet.writeString(comparison?.rawValue ?? "–", row: row, column: 6, format: SheetStyle.verdict(comparison))
            } else {
                for column in 4...6 { try sheet.writeString("–", row: row, column: column, format: SheetStyle.right) }
            }
        }
        return row + 1
    }

    // MARK: - Scorecard and aanlevering

    /// The covenant's agreements and police involvement as counts, each with its change.
    static func scorecard(_ content: PackContent, info: PackInfo, tables: [String: ShownTable], on sheet: Worksheet, row start: Int)
        throws -> Int
    {
        var row = start
        try sheet.writeString("Naleving van het convenant", row: row, column: 0, format: SheetStyle.subtitle)
        row += 1
        let agreements = tables["afspraken"]
        let years = agreementYears(agreements)
        let current = years.last, earlier = years.dropLast().last
        if let compliance = tables["naleving"] {
            row = try policeLines(compliance, period: content.period, on: sheet, row: row)
        }
        let headers = ["Afspraak (aantal scholen)", current ?? content.period.name, earlier ?? "eerder", "Verandering"]
        for (column, header) in headers.enumerated() {
            try sheet.writeString(header, row: row, column: column, format: SheetStyle.header)
        }
        if let agreements, let current {
            let own = agreements.table.table.measures.first == "voldaan"
            for name in Agreements.names {
                row += 1
                try sheet.writeString(DutchLabels.values["afspraak"]?[name] ?? name, row: row, column: 0, format: SheetStyle.text)
                if own {
                    let now = agreements.cell([current, name]).flatMap { $0.text("voldaan") } ?? "–"
                    let before = earlier.flatMap { agreements.cell([$0, name]).flatMap { $0.text("voldaan") } } ?? "–"
                    try sheet.writeString(now, row: row, column: 1, format: SheetStyle.right)
                    try sheet.writeString(before, row: row, column: 2, format: SheetStyle.right)
                    try sheet.writeString("–", row: row, column: 3, format: SheetStyle.right)
                    continue
                }
                let now = agreements.cell([current, name, "ja"]), whole = agreements.cell([current, name, totaal])
                let before = earlier.flatMap { agreements.cell([$0, name, "ja"]) }
                let nowText = now?.count.flatMap { n in whole?.count.map { "\(KeyNumbers.integer(n)) van \(KeyNumbers.integer($0))" } }
                try sheet.writeString(nowText ?? now?.shown ?? "–", row: row, column: 1, format: SheetStyle.right)
                try sheet.writeString(before?.shown ?? "–", row: row, column: 2, format: SheetStyle.right)
                let change =
                    now?.count.flatMap { n in before?.count.map { b in (n - b > 0 ? "+" : "") + KeyNumbers.integer(n - b) } } ?? "–"
                try sheet.writeString(change, row: row, column: 3, format: SheetStyle.right)
            }
        }
        return row + 1
    }

    /// The naleving cell of the whole pack (the place `Totaal` where the table has one) for
    /// meldplicht `ja` and `politie` in `period`.
    static func meldplicht(_ compliance: ShownTable, _ period: String, politie: String) -> ShownCell? {
        compliance.cell((compliance.dimensions.count == 4 ? [period, totaal] : [period]) + ["ja", politie])
    }

    /// The scorecard's police involvement where meldplicht is `ja`: this period and the same period
    /// a year earlier, as "452 van 540 (83,7%)", and the change of the share in percentage points.
    /// A hidden count shows the marker and no change; a year without rows shows "–". Writes its
    /// header at `start`; returns the next free row (`start` when the table has no such cell).
    static func policeLines(_ compliance: ShownTable, period: Period, on sheet: Worksheet, row start: Int) throws -> Int {
        var row = start
        let now = period.name, before = period.yearEarlier.name
        guard meldplicht(compliance, now, politie: totaal) != nil else { return row }
        for (column, header) in ["Meldplicht: incidenten", now, before, "Verandering"].enumerated() {
            try sheet.writeString(header, row: row, column: column, format: column == 0 ? SheetStyle.header : SheetStyle.numberHeader)
        }
        let lines = [
            ("Politie betrokken (art. 2.4, 2.5, 2.10)", "ja"),
            ("Politie niet betrokken", "nee"),
        ]
        for (label, value) in lines {
            row += 1
            try sheet.writeString(label, row: row, column: 0, format: SheetStyle.text)
            // The label and the figures wrap onto a second line.
            try sheet.setRowHeight(30, row: row)
            var shares: [Double?] = []
            for (column, name) in [now, before].enumerated() {
                let part = meldplicht(compliance, name, politie: value), whole = meldplicht(compliance, name, politie: totaal)
                var text = part?.shown ?? "–"
                var share: Double?
                if let n = part?.count, let all = whole?.count {
                    text = "\(KeyNumbers.integer(n)) van \(KeyNumbers.integer(all)) (\(KeyNumbers.share(n, of: all)))"
                    share = all > 0 ? Double(n) / Double(all) * 100 : nil
                }
                shares.append(share)
                try sheet.writeString(text, row: row, column: 1 + column, format: SheetStyle.right)
            }
            let change = shares[0].flatMap { a in shares[1].map { b in a - b } }.map { difference -> String in
                let text = KeyNumbers.decimal(difference, places: 1)
                return (text.hasPrefix("-") || text == "0,0" ? text : "+" + text) + " %-punt"
            }
            try sheet.writeString(change ?? "–", row: row, column: 3, format: SheetStyle.right)
        }
        return row + 1
    }

    /// The school years of the agreements table with at least one known record, oldest first.
    static func agreementYears(_ agreements: ShownTable?) -> [String] {
        guard let agreements else { return [] }
        let years = Set(agreements.allRows.map { $0.keys[0] }).sorted()
        if agreements.table.table.measures.first == "voldaan" {
            return years.filter { year in agreements.allRows.contains { $0.keys[0] == year && $0.values.first != .text("onbekend") } }
        }
        return years.filter { year in
            guard let unknown = agreements.cell([year, Agreements.names[0], "onbekend"])?.count,
                let all = agreements.cell([year, Agreements.names[0], totaal])?.count
            else { return true }
            return unknown < all
        }
    }

    static func weakestAgreement(_ agreements: ShownTable) -> String? {
        guard let year = agreementYears(agreements).last else { return nil }
        let scored = Agreements.names.compactMap { name -> (String, Int, Int)? in
            guard let yes = agreements.cell([year, name, "ja"])?.count, let all = agreements.cell([year, name, totaal])?.count, all > 0
            else { return nil }
            return (name, yes, all)
        }.sorted { Double($0.1) / Double($0.2) < Double($1.1) / Double($1.2) }
        guard let weakest = scored.first else { return nil }
        let label = Afspraak.descriptions[weakest.0] ?? weakest.0
        return
            "Het minst nageleefd in \(year): \(label), bij \(KeyNumbers.integer(weakest.1)) van de \(KeyNumbers.integer(weakest.2)) aangesloten scholen (\(KeyNumbers.share(weakest.1, of: weakest.2)))."
    }

    /// Schools in the pack and those that delivered for every due month (the sectors summed).
    static func deliveryTotals(_ delivery: ShownTable) -> (schools: Int, complete: Int) {
        var schools = 0, complete = 0
        for row in delivery.allRows where !row.keys.contains(totaal) {
            let cell = ShownCell(row: row, measures: delivery.table.table.measures)
            if let index = delivery.table.table.measures.firstIndex(of: "scholen"), case .integer(let n) = row.values[index] {
                schools += n
            }
            if let index = delivery.table.table.measures.firstIndex(of: "volledig"), case .integer(let n) = row.values[index] {
                complete += n
            }
            _ = cell
        }
        return (schools, complete)
    }

    static func deliveryLine(_ tables: [String: ShownTable], info: PackInfo) -> String {
        guard let delivery = tables["aanlevering"] else { return "geen gegevens" }
        var counts: [String: Int] = [:]
        for row in delivery.allRows where !row.keys.contains(totaal) {
            for (index, measure) in delivery.table.table.measures.enumerated() {
                if case .integer(let n) = row.values[index] { counts[measure, default: 0] += n }
            }
        }
        let schools = counts["scholen"] ?? 0
        var parts = ["\(KeyNumbers.integer(counts["volledig"] ?? 0)) van de \(KeyNumbers.integer(schools)) scholen volledig"]
        if let n = counts["gedeeltelijk"], n > 0 { parts.append("\(KeyNumbers.integer(n)) gedeeltelijk") }
        if let n = counts["niet_aangeleverd"], n > 0 { parts.append("\(KeyNumbers.integer(n)) niet aangeleverd") }
        if let n = counts["niet_aangesloten"], n > 0 { parts.append("\(KeyNumbers.integer(n)) nog niet aangesloten") }
        return parts.joined(separator: ", ") + " over \(info.period.name)."
    }
}
