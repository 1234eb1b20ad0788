import Foundation

/// Normalises free-form codes and labels for matching: trims surrounding white space,
/// lower-cases, removes diacritics (`Geweld ` ≡ `geweld`, `Intimidátie` ≡ `intimidatie`)
/// and folds runs of inner white space to one space.
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if isZeroWidth(scalar) { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result.lowercased()
    }

    /// Zero-width characters that office software leaves in names: ZWSP, ZWNJ, ZWJ, word joiner, BOM.
    public static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200D, 0x2060, 0xFEFF: true
        default: false
        }
    }
}
