import Domain
import GRDB
import Store

/// `counts` (SPEC §3): the stored valid incidents (latest version of each key), grouped by the
/// named dimensions, with inclusive bounds on `datum`. One row per non-empty group, sorted by
/// the dimension values.
public struct Counts: Sendable {
    public struct Row: Sendable, Equatable {
        public let values: [String]
        public let aantal: Int
    }

    public let dimensions: [CountDimension]
    public let rows: [Row]

    public static func compute(by dimensions: [CountDimension], from: Day? = nil, to: Day? = nil,
                               in database: SchoolveiligDatabase) throws -> Counts {
        try database.pool.read { db in try compute(by: dimensions, from: from, to: to, db) }
    }

    public static func compute(by dimensions: [CountDimension], from: Day?, to: Day?, _ db: Database) throws -> Counts {
        let expressions = dimensions.map(sqlExpression)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let from { conditions.append("i.datum >= ?"); arguments.append(from.description) }
        if let to { conditions.append("i.datum <= ?"); arguments.append(to.description) }
        let selected = expressions.enumerated().map { "\($1) AS d\($0)" }
        let grouping = expressions.indices.map { "d\($0)" }
        let sql = """
            SELECT \((selected + ["count(*) AS aantal"]).joined(separator: ", "))
              FROM incident i
              LEFT JOIN school s ON s.code = i.school_code
              LEFT JOIN wijk w ON w.code = s.wijk_code
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            \(grouping.isEmpty ? "" : "GROUP BY " + grouping.joined(separator: ", "))
            \(grouping.isEmpty ? "" : "ORDER BY " + grouping.map { "\($0) COLLATE BINARY" }.joined(separator: ", "))
            """
        let rows = try GRDB.Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row -> Row? in
            let aantal: Int = row["aantal"]
            guard aantal > 0 else { return nil }
            return Row(values: dimensions.indices.map { row["d\($0)"] }, aantal: aantal)
        }
        return Counts(dimensions: dimensions, rows: rows)
    }

    /// The SQL for one dimension over `incident i`, `school s`, `wijk w`. `datum` is stored as
    /// `YYYY-MM-DD`, so periods are cut from its text.
    static func sqlExpression(_ dimension: CountDimension) -> String {
        let month = "CAST(substr(i.datum, 6, 2) AS INTEGER)"
        let year = "CAST(substr(i.datum, 1, 4) AS INTEGER)"
        switch dimension {
        case .school: return "i.school_code"
        case .wijk: return "coalesce(s.wijk_code, 'onbekend')"
        case .stadsdeel: return "coalesce(nullif(w.stadsdeel, ''), 'onbekend')"
        case .gebied: return "coalesce(nullif(w.gebied, ''), 'onbekend')"
        case .sector: return "coalesce(s.sector, 'onbekend')"
        case .categorie: return "i.categorie"
        case .locatie: return "i.locatie"
        case .politie: return "i.politie"
        case .leeftijd: return "i.leeftijd"
        case .ernst: return "i.ernst"
        case .jaar: return "substr(i.datum, 1, 4)"
        case .maand: return "substr(i.datum, 1, 7)"
        case .kwartaal: return "substr(i.datum, 1, 4) || '-Q' || ((\(month) + 2) / 3)"
        case .halfjaar: return "substr(i.datum, 1, 4) || '-H' || (CASE WHEN \(month) <= 6 THEN 1 ELSE 2 END)"
        case .schooljaar:
            return "(CASE WHEN \(month) >= 8 THEN \(year) || '-' || (\(year) + 1) ELSE (\(year) - 1) || '-' || \(year) END)"
        }
    }
}
