/// Excel's rules for worksheet names, checked before libxlsxwriter sees the name so that the
/// error says exactly what is wrong.
enum SheetName {
    static let maximumLength = 31
    static let forbiddenCharacters: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// Throws `.invalidSheetName` unless `name` is a name Excel accepts and not one of `existing`
    /// (compared without regard to case, as Excel does).
    static func validate(_ name: String, existing: [String]) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidSheetName(name: name, reason: reason) }
        guard !name.isEmpty else { throw fail("a worksheet name cannot be empty") }
        // Excel counts UTF-16 code units; libxlsxwriter counts code points (never more).
        guard name.utf16.count <= maximumLength else {
            throw fail("it has \(name.utf16.count) characters; Excel allows at most \(maximumLength)")
        }
        if let bad = name.first(where: { forbiddenCharacters.contains($0) }) {
            throw fail("it contains '\(bad)'; a worksheet name cannot contain any of [ ] : * ? / \\")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail("it contains a control character")
        }
        guard !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw fail("a worksheet name cannot start or end with an apostrophe")
        }
        guard name.lowercased() != "history" else {
            throw fail("Excel reserves the name 'History'")
        }
        if let clash = existing.first(where: { $0.lowercased() == name.lowercased() }) {
            throw fail("the workbook already has a worksheet '\(clash)' (names are compared without regard to case)")
        }
    }
}
