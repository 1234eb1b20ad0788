import Foundation
import ZIPFoundation

/// Builds real .xlsx files for the reader's tests: the XML parts a workbook needs, zipped with
/// ZIPFoundation (deflate), as Excel would deliver them.
struct XLSXTestWorkbook {
    struct Sheet {
        var name: String
        /// The content of `<sheetData>`: the `<row>` elements.
        var rows: String
    }

    var sheets: [Sheet]
    /// The `<si>` items' inner XML; nil leaves the sharedStrings part out.
    var sharedStrings: [String]?
    /// Write relationship targets as absolute part names (`/xl/worksheets/…`), as some tools do.
    var absoluteTargets = false
    /// The workbook counts dates in the 1904 system (`<workbookPr date1904="1"/>`, old Mac Excel).
    var date1904 = false

    init(sheets: [Sheet], sharedStrings: [String]? = nil, absoluteTargets: Bool = false) {
        self.sheets = sheets
        self.sharedStrings = sharedStrings
        self.absoluteTargets = absoluteTargets
    }

    /// One sheet called "Incidenten".
    init(rows: String, sharedStrings: [String]? = nil) {
        self.init(sheets: [Sheet(name: "Incidenten", rows: rows)], sharedStrings: sharedStrings)
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func worksheet(_ rows: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="\(main)" xmlns:r="\(relationships)"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>\(rows)</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
        """
    }

    /// The package parts by name, without the worksheets' content when `worksheets` is false.
    func parts(worksheets: Bool = true) -> [(String, String)] {
        var contentTypes = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            """
        var workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><bookViews><workbookView activeTab="0"/></bookViews><sheets>
            """
        var workbookRelations = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(Self.packageRelationships)">
            """
        var result: [(String, String)] = []
        let prefix = absoluteTargets ? "/xl/" : ""
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            contentTypes +=
                "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            workbook += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(number)\" r:id=\"rId\(number)\"/>"
            workbookRelations +=
                "<Relationship Id=\"rId\(number)\" Type=\"\(Self.relationships)/worksheet\" Target=\"\(prefix)worksheets/sheet\(number).xml\"/>"
            if worksheets { result.append(("xl/worksheets/sheet\(number).xml", Self.worksheet(sheet.rows))) }
        }
        if let sharedStrings {
            contentTypes +=
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            workbookRelations +=
                "<Relationship Id=\"rIdStrings\" Type=\"\(Self.relationships)/sharedStrings\" Target=\"\(prefix)sharedStrings.xml\"/>"
            let items = sharedStrings.map { "<si>\($0)</si>" }.joined()
            result.append(
                (
                    "xl/sharedStrings.xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="\(Self.main)" count="\(sharedStrings.count)" uniqueCount="\(sharedStrings.count)">\(items)</sst>
                    """
                ))
        }
        contentTypes += "</Types>"
        workbook += "</sheets><calcPr calcId=\"191029\"/></workbook>"
        workbookRelations += "</Relationships>"
        result.append(("[Content_Types].xml", contentTypes))
        result.append(
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="\(Self.packageRelationships)"><Relationship Id="rId1" Type="\(Self.relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
            ))
        result.append(("xl/workbook.xml", workbook))
        result.append(("xl/_rels/workbook.xml.rels", workbookRelations))
        return result
    }

    /// Writes the workbook to `path`.
    func write(to path: String) throws {
        try Self.zip(parts().map { ($0.0, Data($0.1.utf8)) }, to: path)
    }

    /// Zips `parts` (name, content) into a new archive at `path`.
    static func zip(_ parts: [(String, Data)], files: [(String, URL)] = [], to path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in parts {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        for (name, url) in files {
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int64 ?? 0
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try archive.addEntry(with: name, type: .file, uncompressedSize: size, compressionMethod: .deflate) { position, chunk in
                try handle.seek(toOffset: UInt64(position))
                return try handle.read(upToCount: chunk) ?? Data()
            }
        }
    }

    /// A ZIP archive written byte by byte, for damage ZIPFoundation would not write: each entry
    /// with its compression method (0 stored, 8 deflate), data as given, and the CRC-32 and
    /// uncompressed size to declare.
    static func rawZip(_ entries: [(name: String, method: UInt16, data: [UInt8], crc: UInt32, size: Int)]) -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: Int, _ target: inout [UInt8]) { target += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32, _ target: inout [UInt8]) { u16(Int(value & 0xFFFF), &target); u16(Int(value >> 16), &target) }
        for entry in entries {
            let offset = UInt32(output.count)
            let name = Array(entry.name.utf8)
            u32(0x0403_4B50, &output); u16(20, &output); u16(0, &output); u16(Int(entry.method), &output)
            u16(0, &output); u16(0, &output); u32(entry.crc, &output); u32(UInt32(entry.data.count), &output)
            u32(UInt32(entry.size), &output); u16(name.count, &output); u16(0, &output)
            output += name + entry.data
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory)
            u16(Int(entry.method), &directory); u16(0, &directory); u16(0, &directory); u32(entry.crc, &directory)
            u32(UInt32(entry.data.count), &directory); u32(UInt32(entry.size), &directory); u16(name.count, &directory)
            u16(0, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory); u32(0, &directory)
            u32(offset, &directory)
            directory += name
        }
        let directoryOffset = UInt32(output.count)
        output += directory
        u32(0x0605_4B50, &output); u16(0, &output); u16(0, &output); u16(entries.count, &output); u16(entries.count, &output)
        u32(UInt32(directory.count), &output); u32(directoryOffset, &output); u16(0, &output)
        return output
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A large sheet "Incidenten" of `rows` data rows under a header, eight columns of mixed
    /// cell types, streamed to a temporary file and zipped without holding it in memory.
    static func writeLarge(rows: Int, to path: String, scratch: String) throws {
        let labels = (0..<50).map { "<t>categorie \($0) &amp; meer</t>" }
        let header = ["datum", "school", "categorie", "toelichting", "opgelost", "ernst", "locatie", "melder"]
        let strings = labels + header.map { "<t>\($0)</t>" }
        let sheetURL = URL(fileURLWithPath: scratch)
        _ = FileManager.default.createFile(atPath: scratch, contents: nil)
        let handle = try FileHandle(forWritingTo: sheetURL)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        let opening = worksheet("@@").components(separatedBy: "@@")
        buffer += opening[0]
        buffer +=
            "<row r=\"1\">"
            + header.enumerated().map { index, _ in
                "<c r=\"\(column(index))1\" t=\"s\"><v>\(50 + index)</v></c>"
            }.joined() + "</row>"
        for index in 0..<rows {
            let line = index + 2
            buffer += "<row r=\"\(line)\" spans=\"1:8\">"
            buffer += "<c r=\"A\(line)\" s=\"1\"><v>\(45292 + index % 365)</v></c>"
            buffer += "<c r=\"B\(line)\" t=\"inlineStr\"><is><t>PO\(index % 5 + 1)</t></is></c>"
            buffer += "<c r=\"C\(line)\" t=\"s\"><v>\(index % 50)</v></c>"
            buffer += "<c r=\"D\(line)\" t=\"str\"><f>CONCAT(\"melding \",ROW())</f><v>melding \(line)</v></c>"
            buffer += "<c r=\"E\(line)\" t=\"b\"><v>\(index % 2)</v></c>"
            buffer += "<c r=\"F\(line)\"><v>\(Double(index % 1000) / 8)</v></c>"
            buffer += "<c r=\"G\(line)\" t=\"s\"><v>\((index * 7) % 50)</v></c>"
            buffer += "<c r=\"H\(line)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">leerling &lt;\(index % 97)&gt; </t></is></c>"
            buffer += "</row>"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += opening[1]
        handle.write(Data(buffer.utf8))
        try handle.close()
        var workbook = XLSXTestWorkbook(sheets: [Sheet(name: "Incidenten", rows: "")], sharedStrings: strings)
        workbook.absoluteTargets = false
        try zip(
            workbook.parts(worksheets: false).map { ($0.0, Data($0.1.utf8)) },
            files: [("xl/worksheets/sheet1.xml", sheetURL)], to: path)
        try FileManager.default.removeItem(at: sheetURL)
    }

    /// "A" for 0, "AA" for 26.
    static func column(_ index: Int) -> String {
        var letters = ""
        var rest = index + 1
        while rest > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (rest - 1) % 26))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }
}
