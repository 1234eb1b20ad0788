import Domain
import GRDB

/// The aggregations the store does itself, over the raw rows: `counts` over the stored incidents
/// and aggregated counts (SPEC §3), and `context counts` over a context series.
extension SchoolveiligDatabase {
    /// Counts from aggregated deliveries (SPEC §2b) count exactly like incidents: dated on their
    /// month (`leeftijd` and `ernst` are `onbekend`), and within `from`/`to` only when the whole
    /// month is.
    public func incidentCounts(by dimensions: [CountDimension], from: Day?, to: Day?) throws -> [CountRecord] {
        let expressions = dimensions.map(Self.sqlExpression)
        var incidentConditions: [String] = []
        var aggregateConditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let from {
            incidentConditions.append("datum >= ?1")
            aggregateConditions.append("maand || '-01' >= ?1")
            arguments.append(from.description)
        }
        if let to {
            let index = arguments.count + 1
            incidentConditions.append("datum <= ?\(index)")
            aggregateConditions.append("date(maand || '-01', '+1 month', '-1 day') <= ?\(index)")
            arguments.append(to.description)
        }
        func whereClause(_ conditions: [String]) -> String {
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        }
        let selected = expressions.enumerated().map { "\($1) AS d\($0)" }
        let grouping = expressions.indices.map { "d\($0)" }
        let sql = """
            WITH facts AS (
                SELECT school_code, datum, categorie, locatie, politie, leeftijd, ernst, 1 AS n
                  FROM incident \(whereClause(incidentConditions))
                UNION ALL
                SELECT school_code, maand || '-01', categorie, locatie, politie, 'onbekend', 'onbekend', aantal
                  FROM aggregate_count \(whereClause(aggregateConditions))
            )
            SELECT \((selected + ["sum(i.n) AS aantal"]).joined(separator: ", "))
              FROM facts i
              LEFT JOIN school s ON s.code = i.school_code
              LEFT JOIN wijk w ON w.code = s.wijk_code
            \(grouping.isEmpty ? "" : "GROUP BY " + grouping.joined(separator: ", "))
            \(grouping.isEmpty ? "" : "ORDER BY " + grouping.map { "\($0) COLLATE BINARY" }.joined(separator: ", "))
            """
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row -> CountRecord? in
                let aantal: Int = row["aantal"] ?? 0
                guard aantal > 0 else { return nil }
                return CountRecord(values: dimensions.indices.map { row["d\($0)"] }, aantal: aantal)
            }
        }
    }

    /// The SQL for one dimension over the facts `i`, `school s`, `wijk w`. `datum` is stored as
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

    public func contextCounts(series: String, by names: [String], from: String?, to: String?) throws -> [CountRecord] {
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
            case "schooljaar":
                return "(CASE WHEN \(month) >= 8 THEN \(year) || '-' || (\(year) + 1) ELSE (\(year) - 1) || '-' || \(year) END)"
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
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row -> CountRecord? in
                guard let aantal: Int = row["aantal"], aantal > 0 else { return nil }
                return CountRecord(values: names.indices.map { row["d\($0)"] }, aantal: aantal)
            }
        }
    }
}
