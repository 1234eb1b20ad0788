import Domain

/// The edition records on PostgreSQL: as `SchoolveiligDatabase`'s.
extension PostgresStore: PackEditions {
    public func packEditions(pipeline: String, period: String) throws -> [PackEditionRecord] {
        try session.rows(
            """
            SELECT pipeline, period, number, kind, as_of, deliveries, schools, cells, truths FROM pack_edition
            WHERE pipeline = ? AND period = ? ORDER BY number
            """, [pipeline, period]
        ).map { row in
            PackEditionRecord(
                pipeline: row.string(0), period: row.string(1), number: row.int(2), kind: row.string(3), asOf: row.string(4),
                deliveries: row.string(5), schools: row.string(6), cells: row.string(7), truths: row.string(8))
        }
    }

    public func savePackEdition(_ record: PackEditionRecord) throws {
        try session.transaction {
            try session.execute(
                """
                INSERT INTO pack_edition(pipeline, period, number, kind, as_of, deliveries, schools, cells, truths)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (pipeline, period, number) DO UPDATE SET kind = excluded.kind, as_of = excluded.as_of,
                deliveries = excluded.deliveries, schools = excluded.schools, cells = excluded.cells, truths = excluded.truths
                """,
                [
                    record.pipeline, record.period, record.number, record.kind, record.asOf, record.deliveries, record.schools,
                    record.cells, record.truths,
                ])
        }
    }
}
