import Analytics
import Domain
import Foundation

/// Writes incidents as a canonical export (SPEC §2a) the way different school systems would:
/// in another column order, with upper-case headers, CRLF line ends, category labels or aliases
/// instead of codes, or with an extra column that the ingest must drop.
public struct ExportStyle: Sendable {
    public var columns: [String]
    public var upperCaseHeader = false
    public var crlf = false
    public var byteOrderMark = false
    /// 0: codes; 1: labels; 2: aliases (where a category has one).
    public var categoryNaming = 0
    /// An extra free-text column that is not part of the SPEC (the ingest drops it).
    public var extraColumn: String?

    public static let canonical = ExportStyle(columns: [
        "incident_id", "school_code", "datum", "categorie", "locatie", "politie", "leeftijd", "ernst",
    ])

    /// A deterministic style per school, so the demo exercises the header and value rules.
    public static func forSchool(index: Int) -> ExportStyle {
        var style = ExportStyle.canonical
        if index % 4 == 1 {
            style.columns = ["datum", "categorie", "school_code", "incident_id", "ernst", "leeftijd", "politie", "locatie"]
        }
        if index % 5 == 2 { style.upperCaseHeader = true }
        if index % 3 == 0 { style.crlf = true }
        if index % 7 == 3 { style.byteOrderMark = true }
        style.categoryNaming = index % 6 == 4 ? 1 : (index % 6 == 5 ? 2 : 0)
        if index % 8 == 6 { style.extraColumn = "opmerking" }
        return style
    }
}

public enum ExportWriter {
    public static func render(_ incidents: [Incident], style: ExportStyle, categories: [Categorie]) -> String {
        let byCode = Dictionary(uniqueKeysWithValues: categories.map { ($0.code, $0) })
        let newline = style.crlf ? "\r\n" : "\n"
        var header = style.columns + (style.extraColumn.map { [$0] } ?? [])
        if style.upperCaseHeader { header = header.map { $0.uppercased() } }
        var text = style.byteOrderMark ? "\u{FEFF}" : ""
        text += header.joined(separator: ",") + newline
        for incident in incidents {
            var fields = style.columns.map { column -> String in
                switch column {
                case "incident_id": incident.incidentId
                case "school_code": incident.schoolCode
                case "datum": incident.datum.description
                case "categorie": categoryText(incident.categorie, byCode[incident.categorie], style.categoryNaming)
                case "locatie": incident.locatie == .onbekend ? "" : incident.locatie.rawValue
                case "politie": incident.politie.rawValue
                case "leeftijd": incident.leeftijd.rawValue
                case "ernst": incident.ernst == .onbekend ? "" : incident.ernst.rawValue
                default: ""
                }
            }
            if style.extraColumn != nil { fields.append("zie dossier, \"afgehandeld\"") }
            text += fields.map(CSVField.escape).joined(separator: ",") + newline
        }
        return text
    }

    private static func categoryText(_ code: String, _ category: Categorie?, _ naming: Int) -> String {
        guard let category else { return code }
        switch naming {
        case 1: return category.label
        case 2: return category.aliassen.first.map { " " + $0.capitalized } ?? category.label.uppercased()
        default: return code
        }
    }
}
