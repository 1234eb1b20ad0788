import Domain
import GRDB
import Store

/// `counts` (SPEC §3): the stored valid incidents (latest version of each key), grouped by the
/// named dimensions, with inclusive bounds on `datum`. One row per non-empty group, sorted by
/// the dimension values.
///
/// Counts from aggregated deliveries (SPEC §2b) count exactly like incidents: dated on their
/// month (`leeftijd` and `ernst` are `onbekend`), and within `--from`/`--to` only when the
/// whole month is.
public struct Counts: Sendable {
    public struct Row: Sendable, Equatable {
        public let values: [String]
        public let aantal: Int
    }

    /// The dimension names, in the order asked.
    public let columnNames: [String]
    /// The measure's column name: `aantal` for school-registered incidents, another name for
    /// any other series (SPEC §4).
    public let measure: String
    public let rows: [Row]

    public init(columnNames: [String], measure: String = "aantal", rows: [Row]) {
        self.columnNames = columnNames
        self.measure = measure
        self.rows = rows
    }

    public static func compute(by dimensions: [CountDimension], from: Day? = nil, to: Day? = nil,
                               in database: SchoolveiligDatabase) throws -> Counts {
        try database.pool.read { db in try compute(by: dimensions, from: from, to: to, db) }
    }

    public static func compute(by dimensions: [CountDimension], from: Day?, to: Day?, _ db: Database) throws -> Counts {
        let expressions = dimensions.map(sqlExpression)
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
        let rows = try GRDB.Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { row -> Row? in
            let aantal: Int = row["aantal"] ?? 0
            guard aantal > 0 else { return nil }
            return Row(values: dimensions.indices.map { row["d\($0)"] }, aantal: aantal)
        }
        return Counts(columnNames: dimensions.map(\.rawValue), rows: rows)
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
}
