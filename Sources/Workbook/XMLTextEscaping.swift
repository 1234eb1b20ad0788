/// Excel decodes `_xHHHH_` in cell text as the character with that code (the file format's
/// escape for control characters), and libxlsxwriter 1.1.4 passes such a sequence through
/// unchanged: the text "_x0041_" would come back as "A". So before text reaches libxlsxwriter,
/// every "_" that starts such a sequence is itself escaped as `_x005F_`; Excel then shows the
/// text exactly as given. (libxlsxwriter escapes real control characters itself.)
enum XMLTextEscaping {
    static func protectingEscapeSequences(_ text: String) -> String {
        // The common case, no underscore, costs one scan and no copy.
        guard text.utf8.count >= 7, text.utf8.contains(0x5F) else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var changed = false
        for index in bytes.indices {
            if bytes[index] == 0x5F, startsEscape(bytes, at: index) {
                result.append(contentsOf: Array("_x005F_".utf8))
                changed = true
            } else {
                result.append(bytes[index])
            }
        }
        return changed ? String(decoding: result, as: UTF8.self) : text
    }

    /// `_x` (or `_X`), four hexadecimal digits, `_`.
    private static func startsEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == 0x78 || bytes[index + 1] == 0x58, bytes[index + 6] == 0x5F else { return false }
        return bytes[(index + 2)...(index + 5)].allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
    }
}
