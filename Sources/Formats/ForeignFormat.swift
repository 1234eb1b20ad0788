/// Files a school may send that are not an export this project reads: recognised by their first
/// bytes (or, for ZIP-based formats, by the parts inside), and refused with what to do.
public enum ForeignFormat: String, Sendable, CaseIterable {
    case xls, ods, numbers, pdf, png, jpeg, gif, tiff, heic, webp, docx

    /// What the refusal tells the data officer to do.
    public static let advice = "sla het bestand op als .xlsx of .csv"

    /// Dutch name of the format, for the refusal.
    public var name: String {
        switch self {
        case .xls: "een oud Excel-werkboek (.xls)"
        case .ods: "een OpenDocument-rekenblad (.ods, LibreOffice)"
        case .numbers: "een Numbers-bestand (.numbers, Apple)"
        case .pdf: "een PDF-document"
        case .png, .jpeg, .gif, .tiff, .heic, .webp: "een afbeelding (\(rawValue.uppercased()))"
        case .docx: "een Word-document (.docx)"
        }
    }

    public var refusal: String { "dit is \(name), geen export: \(Self.advice)" }

    /// The format of a file that starts with `head` (at least its first 12 bytes when it has them).
    public static func detect(head: [UInt8]) -> ForeignFormat? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset..<offset + bytes.count]) == bytes
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .xls }  // OLE2 compound file (Excel 97–2003)
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4), head.count >= 12,
            ["heic", "heix", "mif1", "msf1", "hevc", "avif"].contains(String(decoding: head[8..<12], as: UTF8.self))
        {
            return .heic
        }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }

    /// The ZIP-based format whose package holds these part names (lower case), if not a workbook.
    static func detect(zipParts names: [String]) -> ForeignFormat? {
        if names.contains("mimetype") { return .ods }
        if names.contains(where: { $0.hasPrefix("index/") || $0 == "index.zip" }) { return .numbers }
        if names.contains("word/document.xml") { return .docx }
        return nil
    }
}
