import Foundation
import Testing

/// What a person reads in the workbooks: no raw category code or machine column name anywhere
/// (the CSV keeps them, SPEC §4), and each pipeline's Kernboodschappen prints on one page.
@Suite("printed packs", .serialized)
struct PrintedPackTests {
    static let pipelines = ["kerngroep", "bestuurlijk", "stadsdeel", "po-wijk", "stedelijke-voorzieningen", "schoolgesprek"]

    /// The first workbook of each pipeline, published from the demo.
    static func workbooks(_ demo: DemoPacks) throws -> [String] {
        try pipelines.map { pipeline in
            let (output, _) = try demo.publish(pipeline, into: "gedrukt-\(pipeline)")
            let name = try #require(DemoPacks.files(output).first { $0.hasSuffix(".xlsx") })
            return output + "/" + name
        }
    }

    /// The six workbooks, published once per test process for every test of the suite.
    static let published: Result<(demo: DemoPacks, workbooks: [String]), Error> = Result {
        let demo = try DemoPacks.get()
        return (demo, try workbooks(demo))
    }

    @Test("no workbook shows a raw category code or a machine column name")
    func noMachineWords() throws {
        let (demo, workbooks) = try Self.published.get()
        let codes = try String(contentsOfFile: demo.folder.file("demo/referentie/categorieen.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(codes.contains("FYSIEK_GEWELD"))
        let machine = [
            "per_1000", "bi_laag", "bi_hoog", "niet_aangeleverd", "niet_aangesloten", "vergeleken_met", "schoolmaanden_verwacht",
        ]
        for workbook in workbooks {
            let sheets = try DemoPacks.workbookText(workbook)
            for (sheet, rows) in sheets {
                for text in rows.flatMap({ $0 }) {
                    let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
                    for code in codes where words.contains(code) {
                        Issue.record("\((workbook as NSString).lastPathComponent), blad \(sheet): code \(code) in '\(text)'")
                    }
                    for name in machine where words.contains(name) {
                        Issue.record("\((workbook as NSString).lastPathComponent), blad \(sheet): kolomnaam \(name) in '\(text)'")
                    }
                }
            }
        }
    }

    static let printingTools =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    /// The first workbook of each pipeline printed to PDF by LibreOffice, once per test process
    /// (one soffice call for all six): the workbook and its PDF.
    static let rendered: Result<(demo: DemoPacks, files: [(workbook: String, pdf: String)]), Error> = Result {
        let (demo, workbooks) = try published.get()
        let pdf = demo.folder.file("pdf")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        convert.arguments =
            ["-env:UserInstallation=file://" + demo.folder.file("lo-profiel"), "--headless", "--convert-to", "pdf", "--outdir", pdf]
            + workbooks
        convert.standardOutput = FileHandle.nullDevice
        convert.standardError = FileHandle.nullDevice
        try convert.run()
        convert.waitUntilExit()
        // The demo (and with it its folder) lives as long as the PDFs are read.
        return (
            demo,
            workbooks.map { workbook in
                let name = ((workbook as NSString).lastPathComponent as NSString).deletingPathExtension
                return (workbook, pdf + "/" + name + ".pdf")
            }
        )
    }

    static func printed() throws -> [(workbook: String, pdf: String)] { try rendered.get().files }

    /// The output of `pdftotext` with `arguments` on `pdf`.
    static func pdftotext(_ arguments: [String], _ pdf: String) throws -> String {
        let text = Process()
        text.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        text.arguments = arguments + [pdf, "-"]
        let pipe = Pipe()
        text.standardOutput = pipe
        try text.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        text.waitUntilExit()
        return output
    }

    @Test(
        "LibreOffice prints each pipeline's Kernboodschappen on one page",
        .enabled(if: printingTools, "LibreOffice of pdftotext ontbreekt (scripts/setup.sh installeert ze)"))
    func keyMessagesOnOnePage() throws {
        for (_, pdf) in try Self.printed() {
            let name = ((pdf as NSString).lastPathComponent as NSString).deletingPathExtension
            #expect(FileManager.default.fileExists(atPath: pdf), "\(name): geen PDF")
            // The footer names the sheet (&A): a form feed separates the pages of pdftotext's output.
            let pages = try Self.pdftotext(["-layout"], pdf).split(separator: "\u{0C}")
            let keyPages = pages.filter { $0.contains("Schoolveilig — Kernboodschappen") }
            #expect(keyPages.count == 1, "\(name): Kernboodschappen op \(keyPages.count) pagina's")
            #expect(keyPages.first?.contains("Kerncijfers") == true, "\(name): geen kerncijfers op de eerste pagina")
            #expect(pages.count > 3, "\(name): \(pages.count) pagina's")
        }
    }

    /// One word as pdftotext places it on a page (points).
    struct Word {
        let text: String
        let xMin: Double, yMin: Double, xMax: Double, yMax: Double
    }

    /// The words of each page of `pdf`, from `pdftotext -bbox`.
    static func words(_ pdf: String) throws -> [[Word]] {
        let html = try pdftotext(["-bbox"], pdf)
        let pattern = try NSRegularExpression(
            pattern: #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#)
        return html.components(separatedBy: "<page ").dropFirst().map { page in
            pattern.matches(in: page, range: NSRange(page.startIndex..., in: page)).map { match in
                func group(_ index: Int) -> String { String(page[Range(match.range(at: index), in: page)!]) }
                return Word(
                    text: group(5), xMin: Double(group(1))!, yMin: Double(group(2))!, xMax: Double(group(3))!, yMax: Double(group(4))!)
            }
        }
    }

    /// Pairs of words printed over each other: a text that runs into its neighbour, or a wrapped
    /// text cut off by its row and printed into the row below (LibreOffice draws the whole text
    /// and clips it to the cell, so the glyphs of the cut part are still in the PDF).
    static func overlaps(_ words: [Word]) -> [(Word, Word)] {
        var found: [(Word, Word)] = []
        let sorted = words.sorted { $0.yMin < $1.yMin }
        for (index, a) in sorted.enumerated() {
            for b in sorted[(index + 1)...] {
                if b.yMin >= a.yMax { break }
                let across = min(a.xMax, b.xMax) - max(a.xMin, b.xMin)
                let down = min(a.yMax, b.yMax) - max(a.yMin, b.yMin)
                if across > 0.5, down > 0.5 * min(a.yMax - a.yMin, b.yMax - b.yMin) { found.append((a, b)) }
            }
        }
        return found
    }

    @Test(
        "no text of any printed page runs into another: every cell's text fits its cell",
        .enabled(if: printingTools, "LibreOffice of pdftotext ontbreekt (scripts/setup.sh installeert ze)"))
    func noTextOverflows() throws {
        var checked = 0
        for (_, pdf) in try Self.printed() {
            let name = ((pdf as NSString).lastPathComponent as NSString).deletingPathExtension
            for (index, page) in try Self.words(pdf).enumerated() {
                checked += page.count
                // The sheet of the page: the footer, the lowest line ("Schoolveilig — Blad … Pagina n van m").
                let bottom = page.map(\.yMin).max() ?? 0
                let sheet = page.filter { abs($0.yMin - bottom) < 1 }.map(\.text).joined(separator: " ")
                for (a, b) in Self.overlaps(page).prefix(5) {
                    Issue.record("\(name), pagina \(index + 1) (\(sheet)): '\(a.text)' en '\(b.text)' staan over elkaar")
                }
            }
        }
        #expect(checked > 5_000, "\(checked) woorden gecontroleerd")
    }

    @Test("the overlap check finds words printed over each other, and not words side by side")
    func overlapCheckWorks() {
        let word = Word(text: "Verandering", xMin: 100, yMin: 50, xMax: 150, yMax: 58)
        let over = Word(text: "+12%", xMin: 140, yMin: 51, xMax: 160, yMax: 59)
        let beside = Word(text: "981", xMin: 152, yMin: 50, xMax: 165, yMax: 58)
        let below = Word(text: "1.094", xMin: 100, yMin: 60, xMax: 120, yMax: 68)
        #expect(Self.overlaps([word, over]).count == 1)
        #expect(Self.overlaps([word, beside, below]).isEmpty)
    }
    // MARK: - Text cut off by its row, read from the workbook itself

    /// A part of an XLSX file (`unzip -p`).
    static func part(_ workbook: String, _ name: String) throws -> String {
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-p", workbook, name]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        unzip.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Every match of `pattern` in `text`, as its capture groups.
    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let expression = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// The column (0-based) of a cell reference such as "AB12".
    static func column(_ reference: String) -> Int {
        reference.prefix { $0.isLetter }.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    /// Lines a text takes when wrapped at `perLine` characters (word by word; a word longer than
    /// a line breaks where it must).
    static func lines(_ text: String, perLine: Double) -> Int {
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var count = 1, used = 0.0
            for word in paragraph.split(separator: " ") {
                let length = Double(word.count)
                if used == 0 {
                    used = length
                } else if used + 1 + length <= perLine {
                    used += 1 + length
                } else {
                    count += 1
                    used = length
                }
                while used > perLine {
                    count += 1
                    used -= perLine
                }
            }
            lines += count
        }
        return lines
    }

    @Test("no wrapped text is cut off by its row: each row set to a height holds the lines of its texts")
    func noTextCutOff() throws {
        var checked = 0
        for workbook in try Self.published.get().workbooks {
            let name = (workbook as NSString).lastPathComponent
            let shared = try Self.part(workbook, "xl/sharedStrings.xml").components(separatedBy: "<si>").dropFirst().map {
                $0.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            }
            let styles = try Self.part(workbook, "xl/styles.xml")
            // Fonts (bold, size) and the cell formats that wrap.
            let fontsPart = try #require(
                styles.components(separatedBy: "<fonts").dropFirst().first?.components(separatedBy: "</fonts>").first)
            let fonts = fontsPart.components(separatedBy: "<font>").dropFirst().map { font -> (bold: Bool, size: Double) in
                let size = (try? Self.matches(#"<sz val="([0-9.]+)""#, in: font).first?.first).flatMap { $0 }.flatMap(Double.init) ?? 11
                return (font.contains("<b/>"), size)
            }
            let formatsPart = try #require(
                styles.components(separatedBy: "<cellXfs").dropFirst().first?.components(separatedBy: "</cellXfs>").first)
            let formats = try Self.matches(#"<xf ([^>]*?)(/>|>(.*?)</xf>)"#, in: formatsPart).map { groups -> (wrap: Bool, font: Int) in
                let font = (try? Self.matches(#"fontId="([0-9]+)""#, in: groups[0]).first?.first).flatMap { $0 }.flatMap(Int.init) ?? 0
                return (groups[2].contains("wrapText=\"1\""), font)
            }
            let sheetNames = try Self.matches(#"<sheet name="([^"]*)""#, in: try Self.part(workbook, "xl/workbook.xml")).map { $0[0] }
            for (index, sheetName) in sheetNames.enumerated() {
                let xml = try Self.part(workbook, "xl/worksheets/sheet\(index + 1).xml")
                var widths: [Int: Double] = [:]
                for col in try Self.matches(#"<col min="([0-9]+)" max="([0-9]+)" width="([0-9.]+)""#, in: xml) {
                    for column in Int(col[0])!...Int(col[1])! { widths[column - 1] = Double(col[2])! }
                }
                var merged: [String: Int] = [:]
                for range in try Self.matches(#"<mergeCell ref="([A-Z]+[0-9]+):([A-Z]+)[0-9]+""#, in: xml) {
                    merged[range[0]] = Self.column(range[1]) - Self.column(range[0]) + 1
                }
                for row in try Self.matches(#"<row r="([0-9]+)"([^>]*)>(.*?)</row>"#, in: xml) {
                    // Only rows given a height: LibreOffice fits the others to their text.
                    guard row[1].contains("customHeight=\"1\""),
                        let height = (try Self.matches(#"ht="([0-9.]+)""#, in: row[1]).first?.first).flatMap(Double.init)
                    else { continue }
                    for cell in try Self.matches(#"<c r="([A-Z]+[0-9]+)" s="([0-9]+)" t="s"><v>([0-9]+)</v>"#, in: row[2]) {
                        let format = formats[Int(cell[1])!]
                        guard format.wrap else { continue }
                        let text = shared[Int(cell[2])!]
                        let first = Self.column(cell[0])
                        let span = (0..<(merged[cell[0]] ?? 1)).reduce(0.0) { $0 + (widths[first + $1] ?? 8.43) }
                        let font = fonts[format.font]
                        // About 1.15 characters of 11-point text per unit of column width (1.05 bold),
                        // a line 1.3 times the font size (as LibreOffice prints the demo packs).
                        let perLine = span * (font.bold ? 1.05 : 1.15) * 11 / font.size - 1
                        let needed = Double(Self.lines(text, perLine: perLine)) * font.size * 1.3
                        checked += 1
                        if needed > height + 2 {
                            Issue.record(
                                "\(name), blad \(sheetName), cel \(cell[0]): '\(text.prefix(60))' heeft \(Int(needed)) punten nodig (\(Int(perLine)) tekens per regel), de rij is \(Int(height)) hoog"
                            )
                        }
                    }
                }
            }
        }
        #expect(checked > 500, "\(checked) cellen gecontroleerd")
    }
}
