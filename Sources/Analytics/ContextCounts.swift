import Domain
import Foundation
import GRDB
import Store

/// Counts of a context series (for example the police's registered crimes) by area and period:
/// the sibling of `counts`, with the series' own measure name, so it can never be read as
/// school-registered incidents (SPEC §4: `aantal` always means those).
public enum ContextCounts {
    public static let dimensions = ["wijk", "stadsdeel", "gebied", "jaar", "maand", "kwartaal", "halfjaar", "schooljaar", "soort"]
    public static let measure = "politie_geregistreerd"

    public static func parse(_ text: String) throws(UsageError) -> [String] {
        var result: [String] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard dimensions.contains(name) else {
                throw UsageError("onbekende dimensie '\(name)' voor contextgegevens; kies uit: \(dimensions.joined(separator: ", "))")
            }
            guard !result.contains(name) else { throw UsageError("dimensie '\(name)' staat twee keer in --by") }
            result.append(name)
        }
        return result
    }

    public static func compute(series: String, by names: [String], from: String? = nil, to: String? = nil,
                               in database: SchoolveiligDatabase) throws -> Counts {
        let expressions: [String] = names.map { name in
            let month = "CAST(substr(c.maand, 6, 2) AS INTEGER)"
            let year = "CAST(substr(c.maand, 1, 4) AS INTEGER)"
            switch name {
            case "wijk": return "c.wijk_code"
            case "stadsdeel": return "coalesce(nullif(w.stadsdeel, ''), 'onbekend')"
            case "gebied": return "coalesce(nullif(w.gebied, ''), 'onbekend')"
            case "jaar": return "substr(c.maand, 1, 4)"
            case "maand": return "c.maand"
            case "kwartaal": return "substr(c.maand, 1, 4) || '-Q' || ((\(month) + 2) / 3)"
            case "halfjaar": return "substr(c.maand, 1, 4) || '-H' || (CASE WHEN \(month) <= 6 THEN 1 ELSE 2 END)"
            case "schooljaar": return "(CASE WHEN \(month) >= 8 THEN \(year) || '-' || (\(year) + 1) ELSE (\(year) - 1) || '-' || \(year) END)"
            default: return "c.soort"
            }
        }
        var conditions = ["c.series = ?"]
        var arguments: [any DatabaseValueConvertible] = [series]
        if let from { conditions.append("c.maand >= ?"); arguments.append(from) }
        if let to { conditions.append("c.maand <= ?"); arguments.append(to) }
        let grouping = expressions.indices.map { "d\($0)" }
        let sql = """
            SELECT \((expressions.enumerated().map { "\($1) AS d\($0)" } + ["sum(c.aantal) AS aantal"]).joined(separator: ", "))
              FROM context_count c LEFT JOIN wijk w ON w.code = c.wijk_code
             WHERE \(conditions.joined(separator: " AND "))
            \(grouping.isEmpty ? "" : "GROUP BY " + grouping.joined(separator: ", ") + " ORDER BY " + grouping.map { "\($0) COLLATE BINARY" }.joined(separator: ", "))
            """
        let rows = try database.pool.read { db in
            try GRDB.Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row -> Counts.Row? in
                guard let aantal: Int = row["aantal"], aantal > 0 else { return nil }
                return Counts.Row(values: names.indices.map { row["d\($0)"] }, aantal: aantal)
            }
        }
        return Counts(columnNames: names, measure: measure, rows: rows)
    }
}
