import Foundation
import TestSupport
import Testing
import ZIPFoundation

@testable import Formats
@testable import Ingest

@Suite("XLSXSheetReader: worksheets as CSV records")
struct XLSXSheetReaderTests {
    typealias Row = (line: Int, fields: [String])

    func write(_ workbook: XLSXTestWorkbook, in folder: TemporaryFolder, name: String = "export.xlsx") throws -> String {
        let path = folder.file(name)
        try workbook.write(to: path)
        return path
    }

    func rows(_ workbook: XLSXTestWorkbook, sheet: String? = nil) throws -> [Row] {
        let folder = try TemporaryFolder()
        let reader = try XLSXSheetReader(path: try write(workbook, in: folder), sheet: sheet)
        var result: [Row] = []
        try reader.forEachRecord { record in
            #expect(!record.hasStrayQuote)
            result.append((record.line, record.strings))
        }
        return result
    }

    /// The error `body` throws, as text ("" when it throws none or another kind).
    func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch let error as XLSXError {
            return error.description
        } catch {
            return "(\(type(of: error))) \(error)"
        }
    }

    func failure(_ workbook: XLSXTestWorkbook, sheet: String? = nil) -> String {
        failure { _ = try rows(workbook, sheet: sheet) }
    }

    @Test("shared strings: rich-text runs joined, entities and _xHHHH_ decoded, phonetic runs left out")
    func sharedStrings() throws {
        let strings = [
            "<t>school</t>",
            "<r><rPr><b/></rPr><t>Vecht</t></r><r><t xml:space=\"preserve\"> &amp; </t></r><r><rPr><i/></rPr><t>ruzie</t></r>",
            "<t>a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#233;&#x20AC;&#10;e</t>",
            "<t>regel 1_x000D_\nregel 2 _x005F_x0041_ A_x0041_</t>",
            "<t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/>",
            "<t/>",
            "<t><![CDATA[<ruw> & ]]]></t>",
        ]
        let sheet = (0..<strings.count).map { "<c r=\"\(XLSXTestWorkbook.column($0))1\" t=\"s\"><v>\($0)</v></c>" }.joined()
        let result = try rows(XLSXTestWorkbook(rows: "<row r=\"1\">\(sheet)</row>", sharedStrings: strings))
        #expect(result.count == 1)
        #expect(result.first?.line == 1)
        // The empty string at F1 is an empty field before G1.
        #expect(
            result.first?.fields == [
                "school", "Vecht & ruzie", "a <b> \"c\" 'd' é€\ne", "regel 1\r\nregel 2 _x0041_ AA", "漢字", "", "<ruw> & ]",
            ])
    }

    @Test("inline strings, formula strings, numbers and date serials as written, booleans, errors, ISO dates")
    func cellTypes() throws {
        let header =
            "<row r=\"1\">" + (0..<9).map { "<c r=\"\(XLSXTestWorkbook.column($0))1\" t=\"inlineStr\"><is><t>h\($0)</t></is></c>" }.joined()
            + "</row>"
        let data = """
            <row r="2">
            <c r="A2" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line &amp; </t></r><rPh><t>x</t></rPh></is></c>
            <c r="B2" t="str"><f>A2&amp;"!"</f><v>formule</v></c>
            <c r="C2" s="3"><v>45292</v></c>
            <c r="D2" t="n"><v>3.1400000000000001</v></c>
            <c r="E2"><v>1.5E-3</v></c>
            <c r="F2" t="b"><v>1</v></c>
            <c r="G2" t="b"><v>0</v></c>
            <c r="H2" t="e"><f>1/0</f><v>#DIV/0!</v></c>
            <c r="I2" t="d"><v>2024-01-01T00:00:00</v></c>
            </row>
            """
        let folder = try TemporaryFolder()
        let reader = try XLSXSheetReader(path: try write(XLSXTestWorkbook(rows: header + data), in: folder))
        var fields: [[String]] = []
        var kinds: [[XLSXCellKind]] = []
        try reader.forEachRow { record, cellKinds in
            fields.append(record.strings)
            kinds.append((0..<record.fieldCount).map { cellKinds[$0] })
        }
        #expect(fields.count == 2)
        #expect(fields.last == ["inline & ", "formule", "45292", "3.1400000000000001", "1.5E-3", "1", "0", "", "2024-01-01T00:00:00"])
        #expect(kinds.last == [.text, .text, .number, .number, .number, .boolean, .boolean, .error, .date])
    }

    @Test("sparse cells are padded with empty fields; rows are as wide as the header or their own last value")
    func sparseCells() throws {
        let sheet = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="F1" t="inlineStr"><is><t>f</t></is></c><c r="H1" s="2"/></row>
            <row r="2"><c r="B2"><v>2</v></c></row>
            <row r="3"><c r="A3"><v>1</v></c><c r="G3"><v>7</v></c></row>
            <row r="4"><c r="A4"><v>1</v></c><c r="XFD4" s="5"/></row>
            """
        let result = try rows(XLSXTestWorkbook(rows: sheet))
        #expect(
            result.map(\.fields) == [
                ["a", "", "c", "", "", "f"], ["", "2", "", "", "", ""], ["1", "", "", "", "", "", "7"], ["1", "", "", "", "", ""],
            ])
        #expect(result.map(\.line) == [1, 2, 3, 4])
    }

    @Test("missing r attributes: rows and cells are counted in order")
    func missingReferences() throws {
        let sheet = """
            <row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>
            <row><c><v>1</v></c><c><v>2</v></c></row>
            <row r="5"><c r="B5"><v>3</v></c><c><v>4</v></c></row>
            <row><c><v>5</v></c></row>
            """
        let result = try rows(XLSXTestWorkbook(rows: sheet))
        #expect(result.map(\.fields) == [["x", "y"], ["1", "2"], ["", "3", "4"], ["5", ""]])
        #expect(result.map(\.line) == [1, 2, 5, 6])
    }

    @Test("blank rows are skipped and line numbers are the sheet's row numbers")
    func blankRows() throws {
        let sheet = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>kop</t></is></c></row>
            <row r="2" ht="20" customHeight="1"/>
            <row r="3"><c r="A3" s="4"/><c r="B3" t="s" s="4"/><c r="C3" t="inlineStr"><is><t></t></is></c></row>
            <row r="7"><c r="A7"><v>7</v></c></row>
            """
        let result = try rows(XLSXTestWorkbook(rows: sheet))
        #expect(result.map(\.fields) == [["kop"], ["7"]])
        #expect(result.map(\.line) == [1, 7])
    }

    @Test("the first sheet in workbook order by default; another sheet by name (ignoring case if need be)")
    func sheetSelection() throws {
        let workbook = XLSXTestWorkbook(
            sheets: [
                .init(name: "Toelichting", rows: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
                .init(name: "Incidenten & meldingen", rows: "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>"),
            ], sharedStrings: ["<t>uitleg</t>", "<t>datum</t>"], absoluteTargets: true)
        let folder = try TemporaryFolder()
        let path = try write(workbook, in: folder)
        let first = try XLSXSheetReader(path: path)
        #expect(first.sheetName == "Toelichting")
        #expect(first.sheetNames == ["Toelichting", "Incidenten & meldingen"])
        var seen: [[String]] = []
        try first.forEachRecord { seen.append($0.strings) }
        #expect(seen == [["uitleg"]])
        for name in ["Incidenten & meldingen", "incidenten & MELDINGEN"] {
            let second = try XLSXSheetReader(path: path, sheet: name)
            #expect(second.sheetName == "Incidenten & meldingen")
            var lines: [Int] = []
            seen = []
            try second.forEachRecord {
                seen.append($0.strings); lines.append($0.line)
            }
            #expect(seen == [["", "datum"]])
            #expect(lines == [2])
        }
    }

    @Test("an unknown sheet name is refused with the sheets there are")
    func unknownSheet() throws {
        let workbook = XLSXTestWorkbook(sheets: [.init(name: "Incidenten", rows: ""), .init(name: "Toelichting", rows: "")])
        let message = failure(workbook, sheet: "Meldingen")
        #expect(message.hasSuffix("export.xlsx: blad 'Meldingen' bestaat niet; het bestand heeft de bladen 'Incidenten', 'Toelichting'"))
    }

    @Test("a file that is not a ZIP archive, or is cut short, is refused")
    func notAZip() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("export.xlsx", "datum,school\n2024-01-01,PO1\n")
        #expect(failure { _ = try XLSXSheetReader(path: csv) } == "\(csv): geen geldig XLSX-bestand (geen ZIP-archief)")
        let empty = try folder.write("leeg.xlsx", "")
        #expect(failure { _ = try XLSXSheetReader(path: empty) }.hasSuffix("geen geldig XLSX-bestand (geen ZIP-archief)"))
        let valid = try write(XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), in: folder, name: "heel.xlsx")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: valid)))
        let cut = try folder.write("half.xlsx", bytes: Array(bytes[0..<bytes.count / 2]))
        #expect(failure { _ = try XLSXSheetReader(path: cut) }.hasSuffix("geen geldig XLSX-bestand (geen ZIP-archief)"))
        let missing = folder.file("bestaat-niet.xlsx")
        #expect(failure { _ = try XLSXSheetReader(path: missing) }.contains("kan het bestand niet lezen"))
    }

    @Test("a ZIP archive without a workbook is refused")
    func missingWorkbook() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("export.xlsx")
        try XLSXTestWorkbook.zip([("docProps/app.xml", Data("<Properties/>".utf8))], to: path)
        #expect(
            failure { _ = try XLSXSheetReader(path: path) } == "\(path): geen geldig XLSX-bestand: het werkboek (xl/workbook.xml) ontbreekt"
        )
    }

    @Test("a shared-string index out of range names the sheet and cell")
    func sharedStringOutOfRange() throws {
        let sheet =
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"17\"><c r=\"A17\" t=\"s\"><v>0</v></c><c r=\"C17\" t=\"s\"><v>5</v></c></row>"
        let message = failure(XLSXTestWorkbook(rows: sheet, sharedStrings: ["<t>a</t>", "<t>b</t>"]))
        #expect(message.hasSuffix("blad 'Incidenten', cel C17: verwijst naar gedeelde tekst nr. 5, maar het bestand heeft er 2"))
        let withoutTable = failure(XLSXTestWorkbook(rows: "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c></row>"))
        #expect(withoutTable.hasSuffix("blad 'Incidenten', cel B2: verwijst naar gedeelde tekst nr. 0, maar het bestand heeft er 0"))
        let notANumber = failure(
            XLSXTestWorkbook(rows: "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>-1</v></c></row>", sharedStrings: ["<t>a</t>"]))
        #expect(notANumber.hasSuffix("blad 'Incidenten', cel B2: ongeldige verwijzing naar een gedeelde tekst '-1'"))
    }

    @Test("malformed XML is refused with the part and line")
    func malformedXML() throws {
        let message = failure(XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\"><v>1</v></row>"))
        #expect(
            message.contains(
                "blad 'Incidenten': ongeldige XML in xl/worksheets/sheet1.xml, regel 2 (in rij 1): sluittag </row> hoort niet bij <c>"))
        let entity = failure(XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>"))
        #expect(entity.contains("onbekende entiteit &nbsp;"))
    }

    @Test("limits: more than 1024 columns and a cell over 1 MiB are refused with the cell")
    func limits() throws {
        let wide = failure(XLSXTestWorkbook(rows: "<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"AMK3\"><v>2</v></c></row>"))
        #expect(wide.hasSuffix("blad 'Incidenten', cel AMK3: de rij heeft meer dan 1024 kolommen; zoveel kolommen worden niet gelezen"))
        let long = String(repeating: "x", count: (1 << 20) + 1)
        let tooLong = failure(XLSXTestWorkbook(rows: "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>\(long)</t></is></c></row>"))
        #expect(tooLong.hasSuffix("blad 'Incidenten', cel B4: de tekst is langer dan 1048576 bytes"))
        let sharedTooLong = failure(XLSXTestWorkbook(rows: "", sharedStrings: ["<t>a</t>", "<t>\(long)</t>"]))
        #expect(sharedTooLong.hasSuffix("gedeelde tekst nr. 1 (in xl/sharedStrings.xml) is langer dan 1048576 bytes"))
        let exactly = String(repeating: "y", count: 1 << 20)
        let fits = try rows(XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(exactly)</t></is></c></row>"))
        #expect(fits.first?.fields.first?.utf8.count == 1 << 20)
    }

    @Test(
        "hostile or damaged sheets give an error, never a crash",
        arguments: [
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1\"><c r=\"A1\"><v>2</v></c></row>",
            "<row r=\"99999999999\"><c r=\"A1\"><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>",
            "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>ja</v></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999999999999999</v></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#0;</t></is></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#x110000;</t></is></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a & b</t></is></c></row>",
            "<row r=\"1\"><c r=\"A1 t=\"n\"><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c>",
            "</row>",
            String(repeating: "<x>", count: 300),
            "<c r=\"A1\"><v>1</v></c>",
        ])
    func hostileSheets(rows sheet: String) throws {
        let message = failure(XLSXTestWorkbook(rows: sheet, sharedStrings: ["<t>a</t>"]))
        #expect(message.contains("export.xlsx: blad 'Incidenten'"), "\(message)")
    }

    @Test("a DOCTYPE (entity expansion) in any part is refused")
    func doctype() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("export.xlsx")
        var parts = XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>").parts().map { ($0.0, $0.1) }
        for index in parts.indices where parts[index].0 == "xl/workbook.xml" {
            parts[index].1 = parts[index].1.replacingOccurrences(of: "<workbook ", with: "<!DOCTYPE lol [<!ENTITY lol \"lol\">]><workbook ")
        }
        try XLSXTestWorkbook.zip(parts.map { ($0.0, Data($0.1.utf8)) }, to: path)
        #expect(
            failure { _ = try XLSXSheetReader(path: path) }.contains(
                "ongeldige XML in xl/workbook.xml, regel 2: een DOCTYPE of andere declaratie wordt niet ondersteund"))
    }

    @Test("stored (uncompressed) entries are read; a deflate stream running on past its entry is refused, not followed")
    func damagedEntries() throws {
        let folder = try TemporaryFolder()
        let workbook = XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>opgeslagen</t></is></c></row>")
        let stored = workbook.parts().map { part in
            let data = Array(part.1.utf8)
            return (name: part.0, method: UInt16(0), data: data, crc: Data(data).crc32(checksum: 0), size: data.count)
        }
        let plain = try folder.write("plain.xlsx", bytes: XLSXTestWorkbook.rawZip(stored))
        var seen: [[String]] = []
        try XLSXSheetReader(path: plain).forEachRecord { seen.append($0.strings) }
        #expect(seen == [["opgeslagen"]])

        // A stored deflate block claiming 65535 bytes: inflate would read the central directory
        // as data and then wait for the rest at the end of the file.
        var runaway = stored.filter { $0.name != "xl/worksheets/sheet1.xml" }
        runaway.append(
            (
                name: "xl/worksheets/sheet1.xml", method: 8, data: [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<worksheet>".utf8), crc: 0,
                size: 1_000_000
            ))
        let path = try folder.write("runaway.xlsx", bytes: XLSXTestWorkbook.rawZip(runaway))
        #expect(
            failure { try XLSXSheetReader(path: path).forEachRecord { _ in } }
                == "\(path): het XLSX-bestand is beschadigd (deel xl/worksheets/sheet1.xml is niet te lezen)")

        // A wrong CRC-32.
        var wrong = stored
        for index in wrong.indices where wrong[index].name == "xl/worksheets/sheet1.xml" { wrong[index].crc ^= 1 }
        let crc = try folder.write("crc.xlsx", bytes: XLSXTestWorkbook.rawZip(wrong))
        #expect(
            failure { try XLSXSheetReader(path: crc).forEachRecord { _ in } }.hasSuffix(
                "het XLSX-bestand is beschadigd (deel xl/worksheets/sheet1.xml is niet te lezen)"))
    }

    @Test("errors thrown by the callback pass through unchanged")
    func callbackErrors() throws {
        struct Stop: Error {}
        let folder = try TemporaryFolder()
        let reader = try XLSXSheetReader(
            path: try write(
                XLSXTestWorkbook(rows: "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"), in: folder
            ))
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.forEachRecord { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
        // The reader can be used again.
        var lines: [Int] = []
        try reader.forEachRecord { lines.append($0.line) }
        #expect(lines == [1, 2])
    }

    @Test("the scanner gives the same result whatever the chunk boundaries", arguments: [1, 2, 3, 7, 64])
    func chunkBoundaries(chunkSize: Int) throws {
        let xml = Array(
            """
            <?xml version="1.0"?>\r\n<!-- c -- d --><sst a='1' b="&amp;&#x41;"><si><t>x &amp; y&#233;\r\nz</t><!--skip--><t><![CDATA[a]]b]]]></t></si><si><t xml:space="preserve"> _x000D_ </t></si></sst>
            """.utf8)
        var events: [String] = []
        func run(_ size: Int) throws -> [String] {
            let scanner = XLSXXMLScanner(maximumTextBytes: 1 << 10)
            var events: [String] = []
            var start = 0
            while start < xml.count {
                let end = min(start + size, xml.count)
                try xml[start..<end].withUnsafeBufferPointer { chunk in
                    try scanner.feed(chunk) { event in
                        switch event {
                        case .start(let tag):
                            if tag == .t { scanner.capturing = true; scanner.text.removeAll() }
                            if let b = scanner.attribute("b") { events.append("b=\(String(decoding: b, as: UTF8.self))") }
                            events.append("<\(tag)")
                        case .end(let tag):
                            if tag == .t {
                                scanner.capturing = false
                                events.append(String(decoding: scanner.text.slice(0, scanner.text.count), as: UTF8.self))
                            }
                            events.append(">\(tag)")
                        }
                    }
                }
                start = end
            }
            try scanner.finish()
            return events
        }
        events = try run(chunkSize)
        #expect(events == (try run(xml.count)))
        #expect(
            events == [
                "b=&A", "<other", "<stringItem", "<t", "x & yé\nz", ">t", "<t", "a]]b]", ">t", ">stringItem",
                "<stringItem", "<t", " _x000D_ ", ">t", ">stringItem", ">other",
            ])
    }

    @Test("a large sheet (200 000 rows × 8 columns) streams with the right records")
    func largeSheet() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("groot.xlsx")
        let rowCount = 200_000
        try XLSXTestWorkbook.writeLarge(rows: rowCount, to: path, scratch: folder.file("sheet1.xml"))
        let reader = try XLSXSheetReader(path: path)
        var count = 0
        var lastLine = 0
        var widthsOK = true
        var sample: [String] = []
        try reader.forEachRecord { record in
            count += 1
            lastLine = record.line
            if record.fieldCount != 8 { widthsOK = false }
            if record.line == 1_001 { sample = record.strings }
        }
        #expect(count == rowCount + 1)
        #expect(lastLine == rowCount + 1)
        #expect(widthsOK)
        // Data row index 999 (sheet row 1001).
        #expect(
            sample == [
                "\(45292 + 999 % 365)", "PO5", "categorie 49 & meer", "melding 1001", "1", "\(Double(999) / 8)",
                "categorie \((999 * 7) % 50) & meer", "leerling <29> ",
            ])
    }
}
