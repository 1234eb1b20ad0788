import Domain
import Foundation
import GRDB

/// Reads and replaces the reference data (SPEC §1) in the database.
public enum ReferenceStore {
    /// What a reference load did.
    public struct ReplaceSummary: Sendable, Equatable {
        public let wijken: Int
        public let scholen: Int
        public let leerlingen: Int
        public let categorieen: Int
        public let orphanedIncidents: Int
    }

    /// Replaces all reference data in one transaction. Refuses (and changes nothing) when stored
    /// incidents would point at a school or category that the new data no longer has, unless `force`.
    public static func replace(
        _ reference: ReferenceData, sha256: String, source: String, force: Bool,
        in database: SchoolveiligDatabase
    ) throws -> ReplaceSummary {
        try database.pool.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS new_school_code(code TEXT PRIMARY KEY) WITHOUT ROWID")
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS new_categorie_code(code TEXT PRIMARY KEY) WITHOUT ROWID")
            try db.execute(sql: "DELETE FROM new_school_code; DELETE FROM new_categorie_code")
            let schoolInsert = try db.makeStatement(sql: "INSERT INTO new_school_code VALUES (?)")
            for school in reference.scholen { try schoolInsert.execute(arguments: [school.code]) }
            let categoryInsert = try db.makeStatement(sql: "INSERT INTO new_categorie_code VALUES (?)")
            for category in reference.categorieen { try categoryInsert.execute(arguments: [category.code]) }
            let orphans = try Row.fetchAll(
                db,
                sql: """
                    SELECT 'school' AS kind, school_code AS code, count(*) AS n FROM incident
                     WHERE school_code NOT IN (SELECT code FROM new_school_code) GROUP BY school_code
                    UNION ALL
                    SELECT 'categorie', categorie, count(*) FROM incident
                     WHERE categorie NOT IN (SELECT code FROM new_categorie_code) GROUP BY categorie
                    ORDER BY 1, 2
                    """)
            let orphanCount: Int = orphans.reduce(0) { $0 + ($1["n"] as Int) }
            if !orphans.isEmpty, !force {
                let listed = orphans.prefix(10).map { "\($0["kind"] as String) \($0["code"] as String) (\($0["n"] as Int) incidenten)" }
                throw ReferenceDataError(
                    """
                    referentiegegevens niet vervangen: \(orphanCount) opgeslagen incidenten zouden verwijzen naar \
                    codes die niet meer bestaan: \(listed.joined(separator: ", "))\(orphans.count > 10 ? ", …" : ""). \
                    Gebruik --force als dat de bedoeling is.
                    """)
            }
            try db.execute(sql: "DELETE FROM afspraak; DELETE FROM leerlingen; DELETE FROM school; DELETE FROM wijk; DELETE FROM categorie")
            let wijkInsert = try db.makeStatement(sql: "INSERT INTO wijk(code, naam, stadsdeel, gebied, po_cluster) VALUES (?, ?, ?, ?, ?)")
            for wijk in reference.wijken {
                try wijkInsert.execute(arguments: [wijk.code, wijk.naam, wijk.stadsdeel, wijk.gebied, wijk.poCluster])
            }
            let schoolRowInsert = try db.makeStatement(
                sql: "INSERT INTO school(code, naam, sector, wijk_code, aangesloten_per) VALUES (?, ?, ?, ?, ?)")
            for school in reference.scholen {
                try schoolRowInsert.execute(arguments: [
                    school.code, school.naam, school.sector.rawValue, school.wijkCode, school.aangeslotenPer?.description,
                ])
            }
            let enrolmentInsert = try db.makeStatement(sql: "INSERT INTO leerlingen(school_code, schooljaar, leerlingen) VALUES (?, ?, ?)")
            for row in reference.leerlingen {
                try enrolmentInsert.execute(arguments: [row.schoolCode, row.schooljaar, row.leerlingen])
            }
            try insertCategories(reference.categorieen, into: db)
            let agreementInsert = try db.makeStatement(
                sql: """
                    INSERT INTO afspraak(school_code, schooljaar, coordinator, vertrouwenspersoon, veiligheidsplan, politiecontacten, jaargesprek)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in reference.afspraken {
                try agreementInsert.execute(arguments: [
                    row.schoolCode, row.schooljaar, row.coordinator, row.vertrouwenspersoon, row.veiligheidsplan,
                    row.politiecontacten, row.jaargesprek?.description,
                ])
            }
            try db.execute(
                sql: """
                    INSERT INTO reference_meta(id, sha256, loaded_at, source) VALUES (1, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at, source = excluded.source
                    """, arguments: [sha256, Clock.timestamp(), source])
            return ReplaceSummary(
                wijken: reference.wijken.count, scholen: reference.scholen.count,
                leerlingen: reference.leerlingen.count, categorieen: reference.categorieen.count,
                orphanedIncidents: orphanCount)
        }
    }

    static func insertCategories(_ categories: [Categorie], into db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO categorie(code, label, meldplicht, aliassen) VALUES (?, ?, ?, ?)")
        for category in categories {
            try insert.execute(arguments: [
                category.code, category.label, category.meldplicht.rawValue, category.aliassen.joined(separator: "|"),
            ])
        }
    }

    /// The categories in use (the default list until a `categorieen.csv` is loaded).
    static func categories(_ db: Database) throws -> [Categorie] {
        try Row.fetchAll(db, sql: "SELECT code, label, meldplicht, aliassen FROM categorie ORDER BY code").map { row in
            let aliassen: String = row["aliassen"]
            return Categorie(
                code: row["code"], label: row["label"],
                meldplicht: Meldplicht(rawValue: row["meldplicht"]) ?? .nee,
                aliassen: aliassen.split(separator: "|").map(String.init))
        }
    }

    /// Every known school code.
    static func schoolCodes(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT code FROM school ORDER BY code")
    }

    /// The SHA-256 of the reference data in use; empty before the first load. The one query for it.
    static func hash(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT sha256 FROM reference_meta WHERE id = 1") ?? ""
    }

    /// The hash, time and source of the reference data in use, when one was loaded.
    static func meta(_ db: Database) throws -> ReferenceMeta? {
        try ReferenceMeta.fetchOne(db, sql: "SELECT sha256, loaded_at, source FROM reference_meta WHERE id = 1")
    }
}
