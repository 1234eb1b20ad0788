/// An incident category of the reference list (`categorieen.csv`).
public struct Categorie: Hashable, Sendable {
    public let code: String
    public let label: String
    public let meldplicht: Meldplicht
    public let aliassen: [String]

    public init(code: String, label: String, meldplicht: Meldplicht, aliassen: [String]) {
        self.code = code
        self.label = label
        self.meldplicht = meldplicht
        self.aliassen = aliassen
    }
}

/// Resolves what a school wrote in `categorie` — a code, label or alias, with case,
/// diacritics and surrounding spaces ignored — to a category code.
public struct CategoryMatcher: Sendable {
    private let byFoldedName: [String: String]

    public init(_ categories: [Categorie]) {
        var map: [String: String] = [:]
        // Codes first, then labels, then aliases: a code always wins a clash.
        for category in categories { map[TextFolding.fold(category.code)] = category.code }
        for category in categories where map[TextFolding.fold(category.label)] == nil {
            map[TextFolding.fold(category.label)] = category.code
        }
        for category in categories {
            for alias in category.aliassen where map[TextFolding.fold(alias)] == nil {
                map[TextFolding.fold(alias)] = category.code
            }
        }
        byFoldedName = map
    }

    public func code(for written: String) -> String? {
        byFoldedName[TextFolding.fold(written)]
    }

    /// Every folded name with the code it resolves to; used to detect ambiguous reference lists.
    public var names: [String: String] { byFoldedName }
}
