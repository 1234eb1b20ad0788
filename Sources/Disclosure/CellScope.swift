// The structured identity of a published cell: what it sums over, on the common base.

import Foundation

/// What one published count sums over, on the base every pack shares (the marts' grain: school ×
/// month × categorie × locatie × politie). Two cells with the same scope are the same cell,
/// whatever pack, audience, table or edition shows them; a quarter, a school year or the covenant
/// view is the sum of its months, a stadsdeel the sum of its schools. This is the identity of a
/// cell in the one cumulative publication (never a file or pack name).
public struct CellScope: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The schools the cell covers, sorted by code.
    public let schools: [String]
    /// The months the cell covers (`JJJJ-MM`), sorted.
    public let months: [String]
    /// Only the school-months in which the school had joined the covenant (naleving, the
    /// covenant view).
    public let joinedOnly: Bool
    /// The categories counted, sorted; nil: all.
    public let categories: [String]?
    /// The locatie counted; nil: all.
    public let locatie: String?
    /// The politie value counted; nil: all.
    public let politie: String?

    public init(
        schools: [String], months: [String], joinedOnly: Bool = false, categories: [String]? = nil, locatie: String? = nil,
        politie: String? = nil
    ) {
        self.schools = Array(Set(schools)).sorted()
        self.months = Array(Set(months)).sorted()
        self.joinedOnly = joinedOnly
        self.categories = categories.map { Array(Set($0)).sorted() }
        self.locatie = locatie
        self.politie = politie
    }

    /// The canonical text of the scope (JSON, keys sorted): its key in the publication store.
    public var identity: String {
        var parts: [String] = []
        func list(_ values: [String]) -> String { "[" + values.map(Self.quoted).joined(separator: ",") + "]" }
        if let categories { parts.append("\"categorie\":\(list(categories))") }
        if joinedOnly { parts.append("\"joined\":true") }
        if let locatie { parts.append("\"locatie\":\(Self.quoted(locatie))") }
        parts.append("\"maanden\":\(list(months))")
        if let politie { parts.append("\"politie\":\(Self.quoted(politie))") }
        parts.append("\"scholen\":\(list(schools))")
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// Reads a scope back from its ``identity``.
    public init(identity: String) throws {
        struct Stored: Decodable {
            let scholen: [String]
            let maanden: [String]
            let joined: Bool?
            let categorie: [String]?
            let locatie: String?
            let politie: String?
        }
        guard let data = identity.data(using: .utf8) else { throw DisclosureError.invalidRule("ongeldige cel \(identity)") }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw DisclosureError.malformedTable(table: "publicatie", detail: "onleesbare cel in de publicatie: \(identity)")
        }
        self.init(
            schools: stored.scholen, months: stored.maanden, joinedOnly: stored.joined ?? false, categories: stored.categorie,
            locatie: stored.locatie, politie: stored.politie)
    }

    public static func < (lhs: CellScope, rhs: CellScope) -> Bool { lhs.identity < rhs.identity }

    /// A short Dutch description for messages: "12 scholen, 2026-01..2026-03, categorie WAPENS".
    public var description: String { describe(school: schools.count == 1 ? "school \(schools[0])" : nil) }

    /// The same without naming a school (for the run log): "1 school, 2026-01..2026-03, categorie WAPENS".
    public var anonymousDescription: String { describe(school: schools.count == 1 ? "1 school" : nil) }

    private func describe(school: String?) -> String {
        var parts = [school ?? "\(schools.count) scholen"]
        if let first = months.first, let last = months.last { parts.append(first == last ? first : "\(first)..\(last)") }
        if let categories { parts.append("categorie \(categories.joined(separator: "+"))") }
        if let locatie { parts.append("locatie \(locatie)") }
        if let politie { parts.append("politie \(politie)") }
        if joinedOnly { parts.append("alleen aangesloten maanden") }
        return parts.joined(separator: ", ")
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
