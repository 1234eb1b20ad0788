import Domain
import Foundation

extension PostgresStore: MartReader, MartMaintenance {
    /// One snapshot in one transaction (`REPEATABLE READ`: every read sees the same commit).
    public func martSnapshot(months: ClosedRange<Month>?) throws -> MartSnapshot {
        let nested = session.inTransaction
        return try session.transaction {
            if !nested { try session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY") }
            let schools = try session.rows(SchoolRecord.selectAll).map(SchoolRecord.init(postgres:))
            let wijken = try wijkPlaces()
            let categories = try categoryRecords()
            let enrolment = try session.rows("SELECT school_code, schooljaar, leerlingen FROM leerlingen ORDER BY school_code, schooljaar")
                .map { EnrolmentRecord(schoolCode: $0.string(0), schooljaar: $0.string(1), leerlingen: $0.int(2)) }
            let agreements = try session.rows(
                """
                SELECT school_code, schooljaar, coordinator, vertrouwenspersoon, veiligheidsplan, politiecontacten, jaargesprek
                  FROM afspraak ORDER BY school_code, schooljaar
                """
            ).map { row in
                Afspraak(
                    schoolCode: row.string(0), schooljaar: row.string(1), coordinator: row.int(2) != 0, vertrouwenspersoon: row.int(3) != 0,
                    veiligheidsplan: row.int(4) != 0, politiecontacten: row.int(5),
                    jaargesprek: row.optionalString(6).flatMap { Day(iso: $0) })
            }
            var delivered: [DeliveredMonth] = []
            var declared: [DeclaredPeriod] = []
            var deliveries: [DeliveryRecord] = []
            var facts: [FactRecord] = []
            if let months {
                let first = months.lowerBound.description, last = months.upperBound.description
                let firstDay = months.lowerBound.firstDay.description, lastDay = months.upperBound.lastDay.description
                try session.rowsInBatches(
                    """
                    SELECT delivery_id, school_code, maand FROM delivery_month WHERE maand BETWEEN ? AND ? ORDER BY delivery_id, school_code, maand
                    """, [first, last]
                ) { row in
                    guard let month = Month(text: row.string(2)) else {
                        throw FailureError("ongeldige maand in delivery_month: \(row.string(2))")
                    }
                    delivered.append(DeliveredMonth(deliveryId: row.int64(0), schoolCode: row.string(1), month: month))
                }
                declared = try session.rows(
                    """
                    SELECT delivery_id, school_code, period_from, period_to FROM delivery_period WHERE period_to >= ? AND period_from <= ?
                     ORDER BY delivery_id, school_code, period_from
                    """, [firstDay, lastDay]
                ).map { row in
                    guard let from = Day(iso: row.string(2)), let to = Day(iso: row.string(3)) else {
                        throw FailureError("ongeldige periode in delivery_period: \(row.string(2))..\(row.string(3))")
                    }
                    return DeclaredPeriod(deliveryId: row.int64(0), schoolCode: row.string(1), from: from, to: to)
                }
                deliveries = try session.rows(
                    """
                    SELECT id, sha256, schools, period FROM delivery
                     WHERE id IN (SELECT delivery_id FROM (\(SchoolveiligDatabase.deliveriesCoveringPeriod)) c) ORDER BY id
                    """, [first, last, firstDay, lastDay]
                ).map { DeliveryRecord(id: $0.int64(0), sha256: $0.string(1), schools: $0.string(2), period: $0.string(3)) }
                try session.rowsInBatches(
                    """
                    SELECT school_code, maand, categorie, locatie, politie, aantal FROM mart_month WHERE maand BETWEEN ? AND ?
                     ORDER BY maand, school_code, categorie, locatie, politie
                    """, [first, last]
                ) { row in
                    guard let month = Month(text: row.string(1)) else {
                        throw FailureError("ongeldige maand in mart_month: \(row.string(1))")
                    }
                    facts.append(
                        FactRecord(
                            schoolCode: row.string(0), month: month, categorie: row.string(2), locatie: row.string(3),
                            politie: row.string(4), aantal: row.int(5)))
                }
            }
            return MartSnapshot(
                months: months, referenceHash: try referenceHash(), schools: schools, wijken: wijken, categories: categories,
                enrolment: enrolment, agreements: agreements, deliveredMonths: delivered, declaredPeriods: declared,
                deliveries: deliveries, facts: facts)
        }
    }

    /// As `SchoolveiligDatabase.incidentCounts`, in PostgreSQL's dialect; sorted in byte order.
    public func incidentCounts(by dimensions: [CountDimension], from: Day?, to: Day?) throws -> [CountRecord] {
        let expressions = dimensions.map(SchoolveiligDatabase.sqlExpression)
        var incidentConditions: [String] = []
        var aggregateConditions: [String] = []
        var arguments: [any PostgresArgument] = []
        if let from {
            incidentConditions.append("datum >= ?1")
            aggregateConditions.append("maand || '-01' >= ?1")
            arguments.append(from.description)
        }
        if let to {
            let index = arguments.count + 1
            incidentConditions.append("datum <= ?\(index)")
            aggregateConditions.append(
                "to_char(to_date(maand || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day', 'YYYY-MM-DD') <= ?\(index)")
            arguments.append(to.description)
        }
        func whereClause(_ conditions: [String]) -> String {
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        }
        let selected = expressions.enumerated().map { "(\($1))::text AS d\($0)" }
        let grouping = expressions.indices.map { "d\($0)" }
        let sql = """
            SELECT * FROM (
            WITH facts AS (
                SELECT school_code, datum, categorie, locatie, politie, leeftijd, ernst, 1 AS n
                  FROM incident \(whereClause(incidentConditions))
                UNION ALL
                SELECT school_code, maand || '-01', categorie, locatie, politie, 'onbekend', 'onbekend', aantal
                  FROM aggregate_count \(whereClause(aggregateConditions))
            )
            SELECT \((selected + ["sum(i.n)::bigint AS aantal"]).joined(separator: ", "))
              FROM facts i
              LEFT JOIN school s ON s.code = i.school_code
              LEFT JOIN wijk w ON w.code = s.wijk_code
            \(grouping.isEmpty ? "" : "GROUP BY " + grouping.joined(separator: ", "))
            ) q
            \(grouping.isEmpty ? "" : "ORDER BY " + grouping.map { "\($0) COLLATE \"C\"" }.joined(separator: ", "))
            """
        return try session.rows(sql, arguments).compactMap { row -> CountRecord? in
            let aantal = row.int("aantal")
            guard aantal > 0 else { return nil }
            return CountRecord(values: dimensions.indices.map { row.string($0) }, aantal: aantal)
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
        var arguments: [any PostgresArgument] = [series]
        if let from {
            conditions.append("c.maand >= ?")
            arguments.append(from)
        }
        if let to {
            conditions.append("c.maand <= ?")
            arguments.append(to)
        }
        let grouping = expressions.indices.map { "d\($0)" }
        let sql = """
            SELECT * FROM (
            SELECT \((expressions.enumerated().map { "(\($1))::text AS d\($0)" } + ["sum(c.aantal)::bigint AS aantal"]).joined(separator: ", "))
              FROM context_count c LEFT JOIN wijk w ON w.code = c.wijk_code
             WHERE \(conditions.joined(separator: " AND "))
            \(grouping.isEmpty ? "" : "GROUP BY " + grouping.joined(separator: ", "))
            ) q
            \(grouping.isEmpty ? "" : "ORDER BY " + grouping.map { "\($0) COLLATE \"C\"" }.joined(separator: ", "))
            """
        return try session.rows(sql, arguments).compactMap { row -> CountRecord? in
            guard let aantal = row.index("aantal").flatMap({ row.optionalInt($0) }), aantal > 0 else { return nil }
            return CountRecord(values: names.indices.map { row.string($0) }, aantal: aantal)
        }
    }

    /// As `MartBuilder.refresh`. `LOCK TABLE delivery IN SHARE MODE` first: it waits for
    /// deliveries still being written by another operator's ingest and holds new ones back until
    /// the refresh commits, so `last_delivery_id` never passes a delivery the marts do not have.
    public func refreshMarts(full forced: Bool) throws -> MartBuilder.Result {
        try session.transaction {
            try session.execute("LOCK TABLE delivery IN SHARE MODE")
            let reference = try referenceHash()
            let lastDelivery = Int64(try session.int("SELECT coalesce(max(id), 0) FROM delivery") ?? 0)
            let meta = try session.one("SELECT last_delivery_id, reference_sha256 FROM mart_meta WHERE id = 1")
            let builtUpTo = meta.map { $0.int64(0) }
            let builtReference = meta.map { $0.string(1) }
            let facts = MartBuilder.facts
            let result: MartBuilder.Result
            if forced || builtUpTo == nil || builtReference != reference {
                try session.execute("DELETE FROM mart_month")
                try session.execute(
                    """
                    INSERT INTO mart_month(maand, school_code, categorie, locatie, politie, aantal)
                    SELECT maand, school_code, categorie, locatie, politie, sum(n)
                      FROM (\(facts)) f
                     GROUP BY school_code, maand, categorie, locatie, politie HAVING sum(n) > 0
                    """)
                result = MartBuilder.Result(kind: .full, pairs: 0, rows: try session.int("SELECT count(*) FROM mart_month") ?? 0)
            } else if builtUpTo == lastDelivery {
                return MartBuilder.Result(kind: .unchanged, pairs: 0, rows: 0)
            } else {
                try session.execute(
                    """
                    CREATE TEMP TABLE IF NOT EXISTS mart_pairs(
                        school_code TEXT COLLATE "C" NOT NULL, maand TEXT COLLATE "C" NOT NULL, PRIMARY KEY (school_code, maand))
                    """)
                try session.execute("DELETE FROM mart_pairs")
                let pairs = try session.execute(
                    "INSERT INTO mart_pairs SELECT school_code, maand FROM delivery_month WHERE delivery_id > ? ON CONFLICT DO NOTHING",
                    [builtUpTo!])
                try session.execute("DELETE FROM mart_month WHERE (school_code, maand) IN (SELECT school_code, maand FROM mart_pairs)")
                let rows = try session.execute(
                    """
                    INSERT INTO mart_month(maand, school_code, categorie, locatie, politie, aantal)
                    SELECT maand, school_code, categorie, locatie, politie, sum(n) FROM (
                        SELECT p.maand, i.school_code, i.categorie, i.locatie, i.politie, 1 AS n
                          FROM mart_pairs p JOIN incident i ON i.school_code = p.school_code AND substr(i.datum, 1, 7) = p.maand
                        UNION ALL
                        SELECT a.maand, a.school_code, a.categorie, a.locatie, a.politie, a.aantal
                          FROM mart_pairs p JOIN aggregate_count a ON a.school_code = p.school_code AND a.maand = p.maand) f
                     GROUP BY school_code, maand, categorie, locatie, politie HAVING sum(n) > 0
                    """)
                result = MartBuilder.Result(kind: .incremental, pairs: pairs, rows: rows)
            }
            try session.execute(
                """
                INSERT INTO mart_meta(id, last_delivery_id, reference_sha256, built_at) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_delivery_id = excluded.last_delivery_id,
                    reference_sha256 = excluded.reference_sha256, built_at = excluded.built_at
                """, [lastDelivery, reference, Clock.timestamp()])
            return result
        }
    }

    /// The whole mart as sorted text lines, as `MartBuilder.snapshot`.
    public func martLines() throws -> [String] {
        try session.rows(
            """
            SELECT maand || '|' || school_code || '|' || categorie || '|' || locatie || '|' || politie || '|' || aantal
              FROM mart_month ORDER BY school_code, maand, categorie, locatie, politie
            """
        ).map { $0.string(0) }
    }
}
