#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What kind of cell a field of an XLSX record came from.
public enum XLSXCellKind: UInt8, Sendable {
    /// No cell, or a cell without a value.
    case empty
    /// A shared string, inline string, formula string result or a cell type the reader does not know.
    case text
    /// A number (`t="n"` or no type), kept as written: dates stored as serial numbers arrive here.
    case number
    /// A boolean, given as "0" or "1".
    case boolean
    /// An ISO 8601 date (`t="d"`), kept as written.
    case date
    /// An error value such as `#N/A` (`t="e"`): the field is empty.
    case error
}

/// The cell kinds of the fields of one record; valid only during the callback.
public struct XLSXCellKinds {
    private let kinds: UnsafeMutablePointer<UInt8>
    public let count: Int

    init(kinds: UnsafeMutablePointer<UInt8>, count: Int) {
        self.kinds = kinds
        self.count = count
    }

    public subscript(index: Int) -> XLSXCellKind {
        guard index >= 0, index < count else { return .empty }
        return XLSXCellKind(rawValue: kinds[index]) ?? .empty
    }
}

/// Reads one worksheet of an XLSX workbook as records, with the same contract as `CSVReader`:
/// one `CSVRecord` per row that has a value, fields in column order (A, B, C, …) up to the
/// header row's last value or the row's own last value, whichever is further (missing cells are
/// empty fields); `line` is the spreadsheet row number; `hasStrayQuote` is always false. Values
/// are the cell's text as stored: numbers (and dates, which Excel stores as serial numbers such
/// as `45292`) exactly as written, booleans as "0"/"1"; an error value (`#N/A`) counts as a value
/// but gives an empty field (its kind, see `forEachRow`, is `.error`).
///
/// The worksheet is streamed straight from the ZIP archive through a hand-written XML scanner,
/// so memory stays constant whatever the sheet's size; only the shared-string table is held.
public final class XLSXSheetReader {
    public let path: String
    /// The name of the sheet being read.
    public let sheetName: String
    /// All sheet names, in workbook order.
    public let sheetNames: [String]
    /// The workbook's date system: how its date serials count.
    public let dateSystem: ExcelDateSystem
    public let maximumCellBytes: Int
    public let maximumColumns: Int
    public let maximumRowBytes: Int
    /// The row of the header: its width is the width of every record below it (rows above it,
    /// such as title rows, have their own).
    public let headerRow: Int
    /// The largest a worksheet may be once inflated (`max_file_mb`): a few megabytes of ZIP can
    /// hold gigabytes of whitespace, which would hold the run lock for minutes.
    public let maximumSheetBytes: Int
    /// The most a worksheet may inflate beyond this many bytes relative to its compressed size.
    public static let maximumRatio = 200
    public static let ratioFreeBytes = 64 << 20

    private let package: XLSXPackage
    private let sheetPart: String
    private let sharedStringsPart: String?
    private var sharedStrings: XLSXSharedStrings?

    /// Opens `path` and finds the sheet: `sheet` by name (exact, else ignoring case), or the first
    /// sheet in workbook order (hidden or not) when nil.
    public init(
        path: String, sheet: String? = nil, maximumCellBytes: Int = 1 << 20,
        maximumColumns: Int = 1024, maximumRowBytes: Int = 16 << 20, maximumSheetBytes: Int = 2048 << 20,
        headerRow: Int = 1
    ) throws {
        self.maximumSheetBytes = maximumSheetBytes
        self.path = path
        self.headerRow = headerRow
        self.maximumCellBytes = maximumCellBytes
        self.maximumColumns = maximumColumns
        self.maximumRowBytes = maximumRowBytes
        let package = try XLSXPackage(path: path)
        self.package = package

        // The workbook part: named by the package relationships, by convention xl/workbook.xml.
        var workbookPart = "xl/workbook.xml"
        if package.contains("_rels/.rels"),
            let relations = try? package.relationships("_rels/.rels", baseFolder: ""),
            let document = relations.values.first(where: { $0.type.hasSuffix("/officeDocument") }),
            package.contains(document.target)
        {
            workbookPart = document.target
        }
        guard package.contains(workbookPart) else {
            if let foreign = ForeignFormat.detect(zipParts: package.partNames) {
                throw XLSXError(path: path, message: foreign.refusal)
            }
            throw XLSXError(path: path, message: "geen geldig XLSX-bestand: het werkboek (\(workbookPart)) ontbreekt")
        }

        var sheets: [(name: String, relation: String?)] = []
        var inSheets = false
        var dateSystem = ExcelDateSystem.from1900
        try package.scan(
            workbookPart, limit: 64 << 20, maximumTextBytes: 0,
            describe: { package.xmlError(workbookPart, $0) }
        ) { scanner, event in
            switch event {
            case .start(.workbookProperties):
                // ECMA-376 §18.2.28: an xsd:boolean, "1" or "true".
                if let value = scanner.attribute("date1904").map(XLSXPackage.string), value == "1" || value == "true" {
                    dateSystem = .from1904
                }
            case .start(.sheets): inSheets = true
            case .end(.sheets): inSheets = false
            case .start(.sheet) where inSheets:
                guard let name = scanner.attribute("name") else { return }
                sheets.append((XLSXPackage.string(name), scanner.attribute("id", prefixed: true).map(XLSXPackage.string)))
            default: break
            }
        }
        sheetNames = sheets.map(\.name)
        self.dateSystem = dateSystem
        guard let first = sheets.first else {
            throw XLSXError(path: path, message: "het werkboek bevat geen bladen")
        }
        let chosen: (name: String, relation: String?)
        if let sheet {
            guard
                let found = sheets.first(where: { $0.name == sheet })
                    ?? sheets.first(where: { $0.name.lowercased() == sheet.lowercased() })
            else {
                let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
                throw XLSXError(path: path, message: "blad '\(sheet)' bestaat niet; het bestand heeft de bladen \(names)")
            }
            chosen = found
        } else {
            chosen = first
        }
        sheetName = chosen.name

        let folder = XLSXPackage.folder(of: workbookPart)
        let relationsPart = XLSXPackage.relationshipsPart(of: workbookPart)
        let relations = try package.relationships(relationsPart, baseFolder: folder)
        guard let id = chosen.relation, let relation = relations[id] else {
            throw XLSXError(path: path, message: "blad '\(chosen.name)': de verwijzing naar het werkblad ontbreekt in \(relationsPart)")
        }
        guard relation.type.hasSuffix("/worksheet") else {
            throw XLSXError(path: path, message: "blad '\(chosen.name)' is geen werkblad (maar bijvoorbeeld een grafiekblad)")
        }
        guard package.contains(relation.target) else {
            throw XLSXError(
                path: path, message: "geen geldig XLSX-bestand: het deel \(relation.target) van blad '\(chosen.name)' ontbreekt")
        }
        sheetPart = relation.target
        if let strings = relations.values.first(where: { $0.type.hasSuffix("/sharedStrings") }), package.contains(strings.target) {
            sharedStringsPart = strings.target
        } else {
            let conventional = (folder.isEmpty ? "" : folder + "/") + "sharedStrings.xml"
            sharedStringsPart = package.contains(conventional) ? conventional : nil
        }
    }

    /// Calls `body` for every row with a value, in order. `body` may throw to stop reading.
    /// The record is valid only during the call.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try forEachRow { record, _ in try body(record) }
    }

    /// As `forEachRecord`, with the kind of cell each field came from (to tell a number, such as
    /// a date serial, from text that looks like one).
    public func forEachRow(_ body: (CSVRecord, XLSXCellKinds) throws -> Void) throws {
        if sharedStrings == nil, let part = sharedStringsPart {
            sharedStrings = try XLSXSharedStrings(package: package, part: part, maximumItemBytes: maximumCellBytes)
        }
        let builder = RowBuilder(reader: self, sharedStrings: sharedStrings)
        let part = sheetPart
        if let (compressed, inflated) = package.sizes(of: part), inflated > UInt64(Self.ratioFreeBytes),
            inflated > compressed * UInt64(Self.maximumRatio)
        {
            throw XLSXError(
                path: path,
                message:
                    "het werkblad \(part) pakt uit tot \(inflated >> 20) MiB uit \(max(1, compressed >> 20)) MiB (meer dan \(Self.maximumRatio) keer): zo sterk gecomprimeerd is geen echte export; dit wordt niet gelezen"
            )
        }
        try package.scan(
            part, limit: maximumSheetBytes, maximumTextBytes: maximumCellBytes,
            describe: { builder.describe($0, part: part) }
        ) { scanner, event in
            try builder.handle(scanner, event, body)
        }
    }
}

/// The state of one pass over a worksheet: the row being built and the cell being read.
private final class RowBuilder {
    private enum CellType { case number, shared, inline, formulaString, boolean, error, date, other }

    private let path: String
    private let sheetName: String
    private let maximumCellBytes: Int
    private let maximumColumns: Int
    private let maximumRowBytes: Int
    private let headerRow: Int
    private let sharedStrings: XLSXSharedStrings?

    // One pass, one thread, no re-entrant access: the per-cell state skips dynamic exclusivity checks.
    @exclusivity(unchecked)
    private var bytes = XLSXByteBuffer(capacity: 1 << 16)
    private let ends: UnsafeMutablePointer<Int>
    private let kinds: UnsafeMutablePointer<UInt8>
    /// "01": the values of boolean cells.
    private let digits = UnsafeMutablePointer<UInt8>.allocate(capacity: 2)
    @exclusivity(unchecked)
    private var fieldCount = 0
    @exclusivity(unchecked)
    private var headerWidth: Int?

    @exclusivity(unchecked)
    private var inSheetData = false
    @exclusivity(unchecked)
    private var inRow = false
    @exclusivity(unchecked)
    private var inCell = false
    @exclusivity(unchecked)
    private var inInline = false
    @exclusivity(unchecked)
    private var phoneticDepth = 0
    @exclusivity(unchecked)
    private var row = 0
    @exclusivity(unchecked)
    private var previousRow = 0
    @exclusivity(unchecked)
    private var column = -1
    @exclusivity(unchecked)
    private var lastColumn = -1
    @exclusivity(unchecked)
    private var cellType = CellType.number
    @exclusivity(unchecked)
    private var valueStart = -1
    @exclusivity(unchecked)
    private var valueEnd = -1
    @exclusivity(unchecked)
    private var inlineStart = -1
    @exclusivity(unchecked)
    private var inlineEnd = -1

    init(reader: XLSXSheetReader, sharedStrings: XLSXSharedStrings?) {
        path = reader.path
        sheetName = reader.sheetName
        maximumCellBytes = reader.maximumCellBytes
        maximumColumns = max(reader.maximumColumns, 1)
        maximumRowBytes = reader.maximumRowBytes
        headerRow = reader.headerRow
        self.sharedStrings = sharedStrings
        ends = UnsafeMutablePointer<Int>.allocate(capacity: maximumColumns + 1)
        kinds = UnsafeMutablePointer<UInt8>.allocate(capacity: maximumColumns + 1)
        digits[0] = 0x30
        digits[1] = 0x31
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
        kinds.deallocate()
        digits.deallocate()
    }

    func handle(_ scanner: XLSXXMLScanner, _ event: XLSXXMLScanner.Event, _ body: (CSVRecord, XLSXCellKinds) throws -> Void) throws {
        switch event {
        case .start(.sheetData):
            inSheetData = true
        case .end(.sheetData):
            inSheetData = false
        case .start(.row) where inSheetData:
            try startRow(scanner)
        case .end(.row) where inSheetData:
            try endRow(body)
        case .start(.c) where inSheetData:
            try startCell(scanner)
        case .end(.c) where inCell:
            try endCell(scanner)
        case .start(.v) where inCell:
            valueStart = scanner.text.count
            scanner.capturing = true
        case .end(.v) where inCell:
            scanner.capturing = false
            valueEnd = scanner.text.count
        case .start(.inlineString) where inCell:
            inInline = true
            inlineStart = scanner.text.count
        case .end(.inlineString) where inCell:
            inInline = false
            scanner.capturing = false
            inlineEnd = scanner.text.count
        case .start(.phoneticRun) where inCell:
            phoneticDepth += 1
        case .end(.phoneticRun) where inCell:
            phoneticDepth -= 1
        case .start(.t) where inInline:
            scanner.capturing = phoneticDepth == 0
        case .end(.t) where inInline:
            scanner.capturing = false
        default:
            break
        }
    }

    // MARK: - Rows

    private func startRow(_ scanner: XLSXXMLScanner) throws {
        if let reference = scanner.attribute("r") {
            guard let number = Self.number(reference), number >= 1, number <= 1 << 30 else {
                throw XLSXError(
                    path: path, message: "blad '\(sheetName)': ongeldig rijnummer '\(XLSXPackage.string(reference))'\(afterPreviousRow)")
            }
            guard number > previousRow else {
                throw failure("rij \(number) staat na rij \(previousRow) (de rijen moeten oplopen)", row: number)
            }
            row = number
        } else {
            row = previousRow + 1
        }
        inRow = true
        bytes.removeAll()
        fieldCount = 0
        lastColumn = -1
    }

    private func endRow(_ body: (CSVRecord, XLSXCellKinds) throws -> Void) throws {
        inRow = false
        previousRow = row
        guard fieldCount > 0 else { return }
        if headerWidth == nil, row >= headerRow { headerWidth = fieldCount }
        let width = max(headerWidth ?? fieldCount, fieldCount)
        for index in fieldCount..<width {
            ends[index] = bytes.count
            kinds[index] = XLSXCellKind.empty.rawValue
        }
        let record = CSVRecord(line: row, hasStrayQuote: false, bytes: bytes.base, ends: ends, fieldCount: width)
        fieldCount = 0
        try body(record, XLSXCellKinds(kinds: kinds, count: width))
    }

    // MARK: - Cells

    private func startCell(_ scanner: XLSXXMLScanner) throws {
        guard inRow else { throw XLSXError(path: path, message: "blad '\(sheetName)': een cel buiten een rij\(afterPreviousRow)") }
        if let reference = scanner.attribute("r") {
            guard let parsed = Self.column(reference) else {
                throw failure("rij \(row): ongeldige celverwijzing '\(XLSXPackage.string(reference))'", row: row)
            }
            guard parsed > lastColumn else {
                throw failure("cel \(Self.reference(parsed, row)) staat niet rechts van de vorige cel van de rij", row: row)
            }
            column = parsed
        } else {
            column = lastColumn + 1
            guard column < Self.excelColumns else {
                throw failure("rij \(row): meer dan \(Self.excelColumns) cellen", row: row)
            }
        }
        lastColumn = column
        cellType = .number
        if let type = scanner.attribute("t") {
            cellType = Self.cellType(type)
        }
        inCell = true
        inInline = false
        phoneticDepth = 0
        valueStart = -1
        valueEnd = -1
        inlineStart = -1
        inlineEnd = -1
        scanner.capturing = false
        scanner.text.removeAll()
    }

    private func endCell(_ scanner: XLSXXMLScanner) throws {
        inCell = false
        inInline = false
        scanner.capturing = false
        let text = scanner.text
        let value = valueEnd >= valueStart && valueStart >= 0 ? text.slice(valueStart, valueEnd) : text.slice(0, 0)
        switch cellType {
        case .shared:
            let trimmed = Self.trim(value)
            guard trimmed.count > 0 else { return }
            let count = sharedStrings?.count ?? 0
            guard let index = Self.number(trimmed) else {
                throw cellFailure("ongeldige verwijzing naar een gedeelde tekst '\(XLSXPackage.string(trimmed))'")
            }
            guard index < count, let strings = sharedStrings else {
                throw cellFailure("verwijst naar gedeelde tekst nr. \(index), maar het bestand heeft er \(count)")
            }
            try store(strings.bytes(index), kind: .text, unescape: false)
        case .inline:
            let inline = inlineEnd >= inlineStart && inlineStart >= 0 ? text.slice(inlineStart, inlineEnd) : value
            try store(inline, kind: .text, unescape: true)
        case .formulaString, .other:
            try store(value, kind: .text, unescape: true)
        case .boolean:
            let trimmed = Self.trim(value)
            guard trimmed.count > 0 else { return }
            switch XLSXPackage.string(trimmed) {
            case "1", "true": try store(UnsafeBufferPointer(start: digits + 1, count: 1), kind: .boolean, unescape: false)
            case "0", "false": try store(UnsafeBufferPointer(start: digits, count: 1), kind: .boolean, unescape: false)
            default: throw cellFailure("ongeldige waarde voor waar/onwaar '\(XLSXPackage.string(trimmed))'")
            }
        case .error:
            // An error value (#N/A, #REF!…) is a cell with content but no usable text.
            try place(kind: .error)
        case .number:
            try store(value, kind: .number, unescape: false)
        case .date:
            try store(value, kind: .date, unescape: false)
        }
    }

    /// Appends a non-empty value as field `column` (filling skipped columns with empty fields).
    private func store(_ value: UnsafeBufferPointer<UInt8>, kind: XLSXCellKind, unescape: Bool) throws {
        guard let source = value.baseAddress, value.count > 0 else { return }
        guard value.count <= maximumCellBytes else {
            throw cellFailure("de tekst is langer dan \(maximumCellBytes) bytes")
        }
        guard bytes.count + value.count <= maximumRowBytes else {
            throw failure("rij \(row) is groter dan \(maximumRowBytes) bytes", row: row)
        }
        try place(kind: kind)
        let start = bytes.count
        bytes.append(source, count: value.count)
        if unescape { bytes.unescapeOOXML(from: start) }
        ends[column] = bytes.count
    }

    /// Makes `column` the row's last field (empty for now), after empty fields for skipped columns.
    private func place(kind: XLSXCellKind) throws {
        guard column < maximumColumns else {
            throw cellFailure("de rij heeft meer dan \(maximumColumns) kolommen; zoveel kolommen worden niet gelezen")
        }
        for index in fieldCount..<column {
            ends[index] = bytes.count
            kinds[index] = XLSXCellKind.empty.rawValue
        }
        ends[column] = bytes.count
        kinds[column] = kind.rawValue
        fieldCount = column + 1
    }

    // MARK: - Errors

    private func failure(_ message: String, row: Int?) -> XLSXError {
        XLSXError(path: path, message: "blad '\(sheetName)', \(message)", row: row)
    }

    private var afterPreviousRow: String { previousRow > 0 ? " (na rij \(previousRow))" : "" }

    private func cellFailure(_ message: String) -> XLSXError {
        failure("cel \(Self.reference(column, row)): \(message)", row: row)
    }

    func describe(_ failure: XLSXXMLScanner.Failure, part: String) -> XLSXError {
        if failure.kind == .textTooLong, inCell {
            return cellFailure("de tekst is langer dan \(maximumCellBytes) bytes")
        }
        let place = inRow ? " (in rij \(row))" : previousRow > 0 ? " (na rij \(previousRow))" : ""
        return XLSXError(
            path: path, message: "blad '\(sheetName)': ongeldige XML in \(part), regel \(failure.line)\(place): \(failure.message)",
            row: inRow ? row : nil)
    }

    // MARK: - Parsing helpers

    /// Excel's largest sheet has columns A to XFD.
    static let excelColumns = 16_384

    private static func cellType(_ type: UnsafeBufferPointer<UInt8>) -> CellType {
        guard let base = type.baseAddress else { return .other }
        switch type.count {
        case 1:
            switch base[0] {
            case 0x6E: return .number
            case 0x73: return .shared
            case 0x62: return .boolean
            case 0x65: return .error
            case 0x64: return .date
            default: return .other
            }
        case 3 where memcmp(base, "str", 3) == 0:
            return .formulaString
        case 9 where memcmp(base, "inlineStr", 9) == 0:
            return .inline
        default:
            return .other
        }
    }

    /// A non-negative decimal number of at most 10 digits.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count > 0, bytes.count <= 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The 0-based column of a reference such as "C17" (letters A…XFD, then optional digits).
    static func column(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var index = 0
        while index < bytes.count, index < 4 {
            var byte = bytes[index]
            if byte >= 0x61, byte <= 0x7A { byte -= 0x20 }
            guard byte >= 0x41, byte <= 0x5A else { break }
            value = value * 26 + Int(byte - 0x40)
            index += 1
        }
        guard index > 0, value <= excelColumns else { return nil }
        while index < bytes.count {
            guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            index += 1
        }
        return value - 1
    }

    /// "C17" for column 2, row 17.
    static func reference(_ column: Int, _ row: Int) -> String {
        var letters: [Character] = []
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(0x41 + digit))))
            rest = (rest - 1) / 26
        }
        return String(letters.reversed()) + String(row)
    }

    private static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress else { return bytes }
        var start = 0
        var end = bytes.count
        while start < end, base[start] == 32 || base[start] == 9 || base[start] == 10 || base[start] == 13 { start += 1 }
        while end > start, base[end - 1] == 32 || base[end - 1] == 9 || base[end - 1] == 10 || base[end - 1] == 13 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }
}
