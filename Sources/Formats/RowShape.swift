import Domain

/// Rows that are not data: Excel's empty rows (`;;;;;;;` in a CSV, cells without a value in a
/// workbook) and the sum row many exports end with (`Totaal`). Checked on raw bytes: the common
/// row, whose first field has a value that is not a total's word, is decided after a byte or two.
extension CSVRecord {
    /// No field has a value: only spaces, tabs, line breaks or no-break spaces.
    public var isBlank: Bool {
        for index in 0..<fieldCount where !Self.isBlank(field(index)) { return false }
        return true
    }

    /// The first field with a value reads `Totaal` (or `Total`, `Totalen`, `Eindtotaal`, with
    /// or without a colon, any case): a sum row.
    public var looksLikeTotal: Bool {
        for index in 0..<fieldCount {
            let bytes = field(index)
            if Self.isBlank(bytes) { continue }
            let trimmed = trimmedField(index)
            guard trimmed.count >= 5, trimmed.count <= 12, let first = trimmed.first,
                first | 0x20 == UInt8(ascii: "t") || first | 0x20 == UInt8(ascii: "e")
            else { return false }
            var word = TextFolding.fold(String(decoding: trimmed, as: UTF8.self))
            if word.hasSuffix(":") { word.removeLast() }
            return Self.totalWords.contains(word)
        }
        return false
    }

    static let totalWords: Set<String> = ["totaal", "total", "totalen", "eindtotaal", "grand total"]

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: index += 2
            default: return false
            }
        }
        return true
    }
}
