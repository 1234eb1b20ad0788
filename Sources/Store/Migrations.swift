import Domain
import GRDB

/// Every schema change, registered once, named and append-only: never edit a shipped migration.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-reference-deliveries-incidents", migrate: createFoundation)
        migrator.registerMigration("v2-delivery-dialect") { db in
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN dialect TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v3-declared-periods-retractions", migrate: createDeclaredPeriods)
        migrator.registerMigration("v4-aggregated-deliveries", migrate: createAggregatedDeliveries)
        migrator.registerMigration("v5-quarantine-retry", migrate: createQuarantineRetry)
        migrator.registerMigration("v6-context-series", migrate: createContextSeries)
        migrator.registerMigration("v7-run-log", migrate: createRunLog)
        migrator.registerMigration("v8-marts", migrate: createMarts)
        // The order of a run's stages (several may start within one second).
        migrator.registerMigration("v9-stage-position") { db in
            try db.execute(sql: "ALTER TABLE pipeline_stage ADD COLUMN position INTEGER NOT NULL DEFAULT 0")
        }
        // What each audience has received (disclosure control across editions, SPEC §5).
        migrator.registerMigration("v10-release-register") { db in
            try db.execute(
                sql: """
                    CREATE TABLE release_register (
                        audience TEXT PRIMARY KEY NOT NULL,
                        register TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID
                    """)
        }
        // The covenant's other agreements per school and school year (SPEC §1 afspraken.csv).
        migrator.registerMigration("v11-afspraken") { db in
            try db.execute(
                sql: """
                    CREATE TABLE afspraak (
                        school_code TEXT NOT NULL REFERENCES school(code) ON DELETE CASCADE,
                        schooljaar TEXT NOT NULL,
                        coordinator INTEGER NOT NULL,
                        vertrouwenspersoon INTEGER NOT NULL,
                        veiligheidsplan INTEGER NOT NULL,
                        politiecontacten INTEGER NOT NULL CHECK (politiecontacten >= 0),
                        jaargesprek TEXT,
                        PRIMARY KEY (school_code, schooljaar)
                    ) WITHOUT ROWID
                    """)
        }
        // Retention (SPEC §5): the date before which incident rows were folded into monthly counts.
        migrator.registerMigration("v12-retention") { db in
            try db.execute(
                sql: """
                    CREATE TABLE retention_meta (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        incidents_before TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    )
                    """)
        }
        // Privacy at the edges (SPEC §5): no file names (a name cannot be recognised reliably, and
        // files are often named after a pupil). A delivery is identified by its schools, declared
        // period, hash and time; a rejected file keeps its hash, masked header and reasons only.
        migrator.registerMigration("v13-no-file-names", migrate: dropFileNames)
        // The one cumulative publication (SPEC §5, issue 16): every cell shown or hidden to any
        // audience, by its structured identity; a cell once published stays as published.
        migrator.registerMigration("v14-published-cells") { db in
            try db.execute(
                sql: """
                    CREATE TABLE published_cell (
                        cell TEXT PRIMARY KEY NOT NULL,
                        value INTEGER,
                        edition TEXT NOT NULL,
                        threshold INTEGER NOT NULL
                    )
                    """)
        }
        // `po_cluster` (SPEC §1, issue 17): wijken of one Passend-Onderwijs area; empty is the stadsdeel.
        migrator.registerMigration("v15-po-cluster") { db in
            try db.execute(sql: "ALTER TABLE wijk ADD COLUMN po_cluster TEXT NOT NULL DEFAULT ''")
        }
        // PostgreSQL keys a published cell by the hash of its identity: a national cell names
        // thousands of schools, past a B-tree entry's 8 kB there. SQLite has no such limit, so
        // nothing changes here; the step keeps both stores' migration lists the same.
        migrator.registerMigration("v16-published-cell-key") { _ in }
        // Editions (SPEC §4, issue 17): per pipeline and period, each edition's number, kind,
        // as-of date, the deliveries (id and hash) and per-school fingerprints it rests on, and
        // the cell values it showed.
        migrator.registerMigration("v17-pack-editions") { db in
            try db.execute(sql: PackEditionSchema.table)
        }
        return migrator
    }

    private static func dropFileNames(_ db: Database) throws {
        // Freed pages are overwritten with zeros: the dropped names do not linger in the file.
        try db.execute(sql: "PRAGMA secure_delete = ON")
        defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
        try db.execute(
            sql: """
                ALTER TABLE delivery DROP COLUMN file_name;
                ALTER TABLE delivery ADD COLUMN schools TEXT NOT NULL DEFAULT '';
                ALTER TABLE delivery ADD COLUMN period TEXT NOT NULL DEFAULT '';
                UPDATE delivery SET schools = coalesce((SELECT group_concat(school_code, ',') FROM (
                    SELECT DISTINCT school_code FROM delivery_month m WHERE m.delivery_id = delivery.id ORDER BY school_code)), '');
                UPDATE delivery SET period = coalesce((SELECT min(period_from) || '..' || max(period_to) FROM delivery_period p
                    WHERE p.delivery_id = delivery.id), '');
                ALTER TABLE rejected_file DROP COLUMN file_name;
                ALTER TABLE rejected_file ADD COLUMN school_code TEXT NOT NULL DEFAULT '';
                ALTER TABLE rejected_file ADD COLUMN header TEXT NOT NULL DEFAULT '';
                """)
    }

    /// SPEC §2c: a delivery may declare the period it covers for a school; it then replaces the
    /// school's data for that period, and every incident it no longer holds is retracted —
    /// removed from `incident` and recorded here, never silently.
    ///
    /// No index on `incident(school_code, datum)`: a retraction scans one school's rows through the
    /// primary key's `school_code` prefix, while such an index would cost every insert of a large
    /// ingest a random B-tree write (measured: the 1M-row ingest went from 3 s to 6 s).
    private static func createDeclaredPeriods(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE delivery ADD COLUMN rows_retracted INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE delivery_period (
                    delivery_id INTEGER NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
                    school_code TEXT NOT NULL,
                    period_from TEXT NOT NULL,
                    period_to TEXT NOT NULL,
                    PRIMARY KEY (delivery_id, school_code, period_from)
                ) WITHOUT ROWID;
                CREATE INDEX delivery_period_school ON delivery_period(school_code, period_from);
                CREATE TABLE retraction (
                    id INTEGER PRIMARY KEY,
                    delivery_id INTEGER NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
                    school_code TEXT NOT NULL,
                    incident_id TEXT NOT NULL,
                    datum TEXT NOT NULL,
                    categorie TEXT NOT NULL,
                    locatie TEXT NOT NULL,
                    politie TEXT NOT NULL,
                    leeftijd TEXT NOT NULL,
                    ernst TEXT NOT NULL,
                    previous_delivery_id INTEGER NOT NULL
                );
                CREATE INDEX retraction_delivery ON retraction(delivery_id);
                """)
    }

    /// SPEC §2b: a school may deliver counts per month instead of incidents. They are counted
    /// exactly like incidents; the dimensions the form lacks (leeftijd, ernst) are `onbekend`.
    private static func createAggregatedDeliveries(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE aggregate_count (
                    school_code TEXT NOT NULL,
                    maand TEXT NOT NULL,
                    categorie TEXT NOT NULL,
                    locatie TEXT NOT NULL,
                    politie TEXT NOT NULL,
                    aantal INTEGER NOT NULL CHECK (aantal >= 0),
                    delivery_id INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    PRIMARY KEY (school_code, maand, categorie, locatie, politie)
                ) WITHOUT ROWID;
                """)
    }

    /// SPEC §2d: rows quarantined only because their school was unknown can be retried after a
    /// reference load. Their minimised canonical values wait here (never a value that looks like
    /// personal data: such rows are quarantined for that reason and not kept).
    private static func createQuarantineRetry(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE quarantine_retry (
                    delivery_id INTEGER NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    school_code TEXT NOT NULL,
                    incident_id TEXT NOT NULL,
                    datum TEXT NOT NULL,
                    categorie TEXT NOT NULL,
                    locatie TEXT NOT NULL,
                    politie TEXT NOT NULL,
                    leeftijd TEXT NOT NULL,
                    ernst TEXT NOT NULL,
                    PRIMARY KEY (delivery_id, line)
                ) WITHOUT ROWID;
                ALTER TABLE quarantine ADD COLUMN resolved_by INTEGER;
                """)
    }

    /// Context series (the police's registered crimes per wijk and month): a table of their own,
    /// so they can never be added to the schools' registrations.
    private static func createContextSeries(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE context_load (
                    id INTEGER PRIMARY KEY,
                    series TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    loaded_at TEXT NOT NULL,
                    cells INTEGER NOT NULL
                );
                CREATE TABLE context_count (
                    series TEXT NOT NULL,
                    wijk_code TEXT NOT NULL,
                    maand TEXT NOT NULL,
                    soort TEXT NOT NULL,
                    aantal INTEGER NOT NULL CHECK (aantal >= 0),
                    load_id INTEGER NOT NULL REFERENCES context_load(id),
                    PRIMARY KEY (series, wijk_code, maand, soort)
                ) WITHOUT ROWID;
                """)
    }

    /// The run log of `schoolveilig run`: every run and every stage, with clock times (the run log
    /// keeps clock times; packs never do), and the files a run refused, so the archive stage can
    /// set them aside for the operator.
    private static func createRunLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE pipeline_run (
                    id INTEGER PRIMARY KEY,
                    pipeline TEXT NOT NULL,
                    parameters TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL
                );
                CREATE TABLE pipeline_stage (
                    run_id INTEGER NOT NULL REFERENCES pipeline_run(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL,
                    rows INTEGER NOT NULL DEFAULT 0,
                    message TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (run_id, stage)
                ) WITHOUT ROWID;
                CREATE TABLE rejected_file (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    file_name TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    rejected_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX delivery_sha256 ON delivery(sha256);
                """)
    }

    /// The marts every pack reads (dbt's word): counts per month × school × categorie × locatie ×
    /// politie at the finest grain, refreshed incrementally from the (school, month) pairs each
    /// delivery touched.
    private static func createMarts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE delivery_month (
                    delivery_id INTEGER NOT NULL,
                    school_code TEXT NOT NULL,
                    maand TEXT NOT NULL,
                    PRIMARY KEY (delivery_id, school_code, maand)
                ) WITHOUT ROWID;
                CREATE TABLE mart_month (
                    maand TEXT NOT NULL,
                    school_code TEXT NOT NULL,
                    categorie TEXT NOT NULL,
                    locatie TEXT NOT NULL,
                    politie TEXT NOT NULL,
                    aantal INTEGER NOT NULL,
                    PRIMARY KEY (school_code, maand, categorie, locatie, politie)
                ) WITHOUT ROWID;
                CREATE TABLE mart_meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    last_delivery_id INTEGER NOT NULL,
                    reference_sha256 TEXT NOT NULL,
                    built_at TEXT NOT NULL
                );
                """)
    }

    private static func createFoundation(_ db: Database) throws {
        // Reference data (SPEC §1). Replaced whole by `reference load`.
        try db.execute(
            sql: """
                CREATE TABLE wijk (
                    code TEXT PRIMARY KEY NOT NULL,
                    naam TEXT NOT NULL,
                    stadsdeel TEXT NOT NULL,
                    gebied TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE school (
                    code TEXT PRIMARY KEY NOT NULL,
                    naam TEXT NOT NULL,
                    sector TEXT NOT NULL CHECK (sector IN ('PO','SBO','SO','VSO','VO','MBO','HBO')),
                    wijk_code TEXT NOT NULL REFERENCES wijk(code),
                    aangesloten_per TEXT
                ) WITHOUT ROWID;
                CREATE TABLE leerlingen (
                    school_code TEXT NOT NULL REFERENCES school(code) ON DELETE CASCADE,
                    schooljaar TEXT NOT NULL,
                    leerlingen INTEGER NOT NULL CHECK (leerlingen >= 0),
                    PRIMARY KEY (school_code, schooljaar)
                ) WITHOUT ROWID;
                CREATE TABLE categorie (
                    code TEXT PRIMARY KEY NOT NULL,
                    label TEXT NOT NULL,
                    meldplicht TEXT NOT NULL CHECK (meldplicht IN ('ja','afweging','nee')),
                    aliassen TEXT NOT NULL DEFAULT ''
                ) WITHOUT ROWID;
                CREATE TABLE reference_meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    sha256 TEXT NOT NULL,
                    loaded_at TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                """)
        // Deliveries: one row per ingested file; never the file itself (SPEC §5).
        try db.execute(
            sql: """
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    -- What makes a delivery the same as an earlier one: its bytes, and for a delivery
                    -- with a declared period also that period and school (two zero reports are the
                    -- same header-only bytes, for different months).
                    identity TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    received_at TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    rows_read INTEGER NOT NULL DEFAULT 0,
                    rows_new INTEGER NOT NULL DEFAULT 0,
                    rows_updated INTEGER NOT NULL DEFAULT 0,
                    rows_unchanged INTEGER NOT NULL DEFAULT 0,
                    rows_quarantined INTEGER NOT NULL DEFAULT 0,
                    dropped_columns TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL
                );
                CREATE TABLE incident (
                    school_code TEXT NOT NULL,
                    incident_id TEXT NOT NULL,
                    datum TEXT NOT NULL,
                    categorie TEXT NOT NULL,
                    locatie TEXT NOT NULL,
                    politie TEXT NOT NULL,
                    leeftijd TEXT NOT NULL,
                    ernst TEXT NOT NULL,
                    -- The delivery that brought this version, and its line there. No REFERENCES
                    -- clause: checked per row it cost 15% of a large ingest, and the writer only ever
                    -- sets it to the delivery it inserted in the same transaction.
                    delivery_id INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    PRIMARY KEY (school_code, incident_id)
                ) WITHOUT ROWID;
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    delivery_id INTEGER NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    kolom TEXT,
                    reden TEXT NOT NULL,
                    waarde_gemaskeerd TEXT
                );
                CREATE INDEX quarantine_delivery ON quarantine(delivery_id, line);
                """)
        try ReferenceStore.insertCategories(DefaultCategories.list, into: db)
    }
}
