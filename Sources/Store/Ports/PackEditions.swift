import Domain
import GRDB

/// One edition of a pipeline's packs for one period (SPEC §4, issue 17): its number (1, 2, …),
/// its kind (`voorlopig` before the period's end plus the aanlevertermijn, `definitief` from
/// then on), the as-of date it was made with, and what it rests on: the deliveries (id and
/// SHA-256, never a file name), a fingerprint per school of the data the packs were computed
/// from, and every cell value it showed (for the next edition's Revisies sheet).
public struct PackEditionRecord: Sendable, Equatable {
    public let pipeline: String
    public let period: String
    public let number: Int
    public let kind: String
    public let asOf: String
    /// `id:sha256` per delivery, comma-separated, in id order.
    public let deliveries: String
    /// `school:sha256` per school, one a line, in code order.
    public let schools: String
    /// One published value a line: `pack \t table \t keys \t measure \t value` (`x` for hidden).
    public let cells: String
    /// One shared cell a line, for the next edition's revision rule: `hash of the cell's identity
    /// \t true count \t 1 if shown, 0 if hidden \t school=part,…` (the store holds the incidents
    /// anyway; no file or pack names).
    public let truths: String

    public init(
        pipeline: String, period: String, number: Int, kind: String, asOf: String, deliveries: String, schools: String,
        cells: String, truths: String = ""
    ) {
        self.truths = truths
        self.pipeline = pipeline
        self.period = period
        self.number = number
        self.kind = kind
        self.asOf = asOf
        self.deliveries = deliveries
        self.schools = schools
        self.cells = cells
    }
}

/// The port of the edition records: the editions of a pipeline's period, and a new one.
public protocol PackEditions: Sendable {
    /// The editions of `pipeline` and `period`, in number order (none when none was made).
    func packEditions(pipeline: String, period: String) throws -> [PackEditionRecord]
    /// Stores a new edition; an edition of the same (pipeline, period, number) is replaced.
    func savePackEdition(_ record: PackEditionRecord) throws
}

extension SchoolveiligDatabase: PackEditions {
    public func packEditions(pipeline: String, period: String) throws -> [PackEditionRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT pipeline, period, number, kind, as_of, deliveries, schools, cells, truths FROM pack_edition
                    WHERE pipeline = ? AND period = ? ORDER BY number
                    """, arguments: [pipeline, period]
            ).map { row in
                PackEditionRecord(
                    pipeline: row[0], period: row[1], number: row[2], kind: row[3], asOf: row[4], deliveries: row[5],
                    schools: row[6], cells: row[7], truths: row[8])
            }
        }
    }

    public func savePackEdition(_ record: PackEditionRecord) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO pack_edition(pipeline, period, number, kind, as_of, deliveries, schools, cells, truths)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(pipeline, period, number) DO UPDATE SET kind = excluded.kind, as_of = excluded.as_of,
                    deliveries = excluded.deliveries, schools = excluded.schools, cells = excluded.cells, truths = excluded.truths
                    """,
                arguments: [
                    record.pipeline, record.period, record.number, record.kind, record.asOf, record.deliveries, record.schools,
                    record.cells, record.truths,
                ])
        }
    }
}

/// The one table of the edition records, the same text for both stores.
enum PackEditionSchema {
    static let table = """
        CREATE TABLE pack_edition (
            pipeline TEXT NOT NULL,
            period TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number >= 1),
            kind TEXT NOT NULL CHECK (kind IN ('voorlopig', 'definitief')),
            as_of TEXT NOT NULL,
            deliveries TEXT NOT NULL,
            schools TEXT NOT NULL,
            cells TEXT NOT NULL,
            truths TEXT NOT NULL,
            PRIMARY KEY (pipeline, period, number)
        )
        """
}
