import Domain
import Foundation

extension PostgresStore: ReferenceCatalog, ReferenceWriter {
    public func referenceHash() throws -> String {
        try session.string("SELECT sha256 FROM reference_meta WHERE id = 1") ?? ""
    }

    public func referenceMeta() throws -> ReferenceMeta? {
        try session.one("SELECT sha256, loaded_at, source FROM reference_meta WHERE id = 1").map {
            ReferenceMeta(sha256: $0.string(0), loadedAt: $0.string(1), source: $0.string(2))
        }
    }

    public func wijkCodes() throws -> Set<String> {
        Set(try session.rows("SELECT code FROM wijk").map { $0.string(0) })
    }

    public func schoolRecords() throws -> [SchoolRecord] {
        try session.rows(SchoolRecord.selectAll).map(SchoolRecord.init(postgres:))
    }

    public func wijkPlaces() throws -> [WijkPlace] {
        try session.rows(WijkPlace.selectAll).map { WijkPlace(code: $0.string(0), stadsdeel: $0.string(1), gebied: $0.string(2)) }
    }

    public func categoryRecords() throws -> [CategoryRecord] {
        try session.rows("SELECT code, label, meldplicht FROM categorie ORDER BY code").map {
            CategoryRecord(code: $0.string(0), label: $0.string(1), meldplicht: $0.string(2))
        }
    }

    public func agreementCount() throws -> Int {
        try session.int("SELECT count(*) FROM afspraak") ?? 0
    }

    func schoolCodesSorted() throws -> [String] {
        try session.rows("SELECT code FROM school ORDER BY code").map { $0.string(0) }
    }

    func categories() throws -> [Categorie] {
        try session.rows("SELECT code, label, meldplicht, aliassen FROM categorie ORDER BY code").map { row in
            Categorie(
                code: row.string(0), label: row.string(1), meldplicht: Meldplicht(rawValue: row.string(2)) ?? .nee,
                aliassen: row.string(3).split(separator: "|").map(String.init))
        }
    }

    /// As `ReferenceStore.replace`: one transaction, refused when stored incidents would be orphaned.
    public func replaceReference(_ reference: ReferenceData, sha256: String, source: String, force: Bool) throws
        -> ReferenceStore.ReplaceSummary
    {
        try session.transaction {
            let schools = reference.scholen.map(\.code)
            let categories = reference.categorieen.map(\.code)
            let orphans = try session.rows(
                """
                SELECT 'school' AS kind, school_code AS code, count(*) AS n FROM incident
                 WHERE NOT (school_code = ANY(?1::text[])) GROUP BY school_code
                UNION ALL
                SELECT 'categorie', categorie, count(*) FROM incident
                 WHERE NOT (categorie = ANY(?2::text[])) GROUP BY categorie
                ORDER BY 1, 2
                """, [schools, categories])
            let orphanCount = orphans.reduce(0) { $0 + $1.int(2) }
            if !orphans.isEmpty, !force {
                let listed = orphans.prefix(10).map { "\($0.string(0)) \($0.string(1)) (\($0.int(2)) incidenten)" }
                throw ReferenceDataError(
                    """
                    referentiegegevens niet vervangen: \(orphanCount) opgeslagen incidenten zouden verwijzen naar \
                    codes die niet meer bestaan: \(listed.joined(separator: ", "))\(orphans.count > 10 ? ", …" : ""). \
                    Gebruik --force als dat de bedoeling is.
                    """)
            }
            for table in ["afspraak", "leerlingen", "school", "wijk", "categorie"] { try session.execute("DELETE FROM \(table)") }
            try session.execute(
                """
                INSERT INTO wijk(code, naam, stadsdeel, gebied, po_cluster)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                """,
                [
                    reference.wijken.map(\.code), reference.wijken.map(\.naam), reference.wijken.map(\.stadsdeel),
                    reference.wijken.map(\.gebied), reference.wijken.map(\.poCluster),
                ])
            for school in reference.scholen {
                try session.execute(
                    "INSERT INTO school(code, naam, sector, wijk_code, aangesloten_per) VALUES (?, ?, ?, ?, ?)",
                    [school.code, school.naam, school.sector.rawValue, school.wijkCode, school.aangeslotenPer?.description])
            }
            try session.execute(
                "INSERT INTO leerlingen(school_code, schooljaar, leerlingen) SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[])",
                [reference.leerlingen.map(\.schoolCode), reference.leerlingen.map(\.schooljaar), reference.leerlingen.map(\.leerlingen)])
            for category in reference.categorieen {
                try session.execute(
                    "INSERT INTO categorie(code, label, meldplicht, aliassen) VALUES (?, ?, ?, ?)",
                    [category.code, category.label, category.meldplicht.rawValue, category.aliassen.joined(separator: "|")])
            }
            for row in reference.afspraken {
                try session.execute(
                    """
                    INSERT INTO afspraak(school_code, schooljaar, coordinator, vertrouwenspersoon, veiligheidsplan, politiecontacten, jaargesprek)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        row.schoolCode, row.schooljaar, row.coordinator ? 1 : 0, row.vertrouwenspersoon ? 1 : 0,
                        row.veiligheidsplan ? 1 : 0,
                        row.politiecontacten, row.jaargesprek?.description,
                    ])
            }
            try session.execute(
                """
                INSERT INTO reference_meta(id, sha256, loaded_at, source) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at, source = excluded.source
                """, [sha256, Clock.timestamp(), source])
            return ReferenceStore.ReplaceSummary(
                wijken: reference.wijken.count, scholen: reference.scholen.count, leerlingen: reference.leerlingen.count,
                categorieen: reference.categorieen.count, orphanedIncidents: orphanCount)
        }
    }
}

extension SchoolRecord {
    init(postgres row: PostgresValues) {
        self.init(
            code: row.string("code"), sector: row.string("sector"), wijk: row.string("wijk_code"), wijkName: row.string("wijk_naam"),
            stadsdeel: row.string("stadsdeel"), gebied: row.string("gebied"), poCluster: row.string("po_cluster"),
            aangeslotenPer: row.optionalString("aangesloten_per").flatMap { Day(iso: $0) })
    }
}
