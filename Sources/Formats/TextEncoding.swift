/// The character encodings Dutch office software writes CSV exports in. Everything is decoded to
/// UTF-8 before parsing (`ByteSource`), so the parser and validator see one encoding only.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 met BOM"
    case utf16LittleEndian = "UTF-16 LE"
    case utf16BigEndian = "UTF-16 BE"
    case windows1252 = "Windows-1252"

    /// Bytes of the byte-order mark at the start of the file.
    var byteOrderMarkLength: Int {
        switch self {
        case .utf8WithBOM: 3
        case .utf16LittleEndian, .utf16BigEndian: 2
        case .utf8, .windows1252: 0
        }
    }
}
