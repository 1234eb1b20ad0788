import Domain
import Foundation
import Store
import Workbook

#if canImport(Glibc)
    import Glibc
#endif

/// `doctor`: what an operator checks on a new or troubled installation, each finding with what
/// to do about it — libxlsxwriter, the database (writable, sound, schema), the reference data,
/// free disk space, the numeric locale, the pipelines.
public enum Doctor {
    public struct Finding: Sendable, Equatable {
        public enum Level: String, Sendable { case ok = "in orde", warning = "let op", error = "fout" }
        public let level: Level
        public let subject: String
        public let text: String

        public var line: String { "[\(level.rawValue)] \(subject): \(text)" }
    }

    public static func check(databasePath: String, pipelines: String, minimumFreeBytes: Int64 = 1_000_000_000) -> [Finding] {
        var findings: [Finding] = []
        func add(_ level: Finding.Level, _ subject: String, _ text: String) {
            findings.append(Finding(level: level, subject: subject, text: text))
        }

        // libxlsxwriter: linked, and a workbook can be written.
        let probe = NSTemporaryDirectory() + "schoolveilig-doctor-\(UUID().uuidString).xlsx"
        do {
            let workbook = try Workbook(
                path: probe, properties: DocumentProperties(created: try DocumentDate(year: 2025, month: 1, day: 1)))
            try workbook.addWorksheet(named: "Proef").writeNumber(1234.25, row: 0, column: 0)
            try workbook.close()
            add(.ok, "libxlsxwriter", "versie \(LibXlsxwriter.version); een proefwerkboek is geschreven")
        } catch {
            add(.error, "libxlsxwriter", "kan geen werkboek schrijven (\(error)); installeer libxlsxwriter-dev (scripts/setup.sh)")
        }
        try? FileManager.default.removeItem(atPath: probe)
        if LibXlsxwriter.decimalPoint != "." {
            add(
                .error, "getalnotatie",
                "LC_NUMERIC gebruikt '\(LibXlsxwriter.decimalPoint)' als decimaalteken; start schoolveilig met LC_NUMERIC=C (of zonder LC_ALL)"
            )
        }

        if PostgresLocation.isURL(databasePath) {
            findings += postgres(url: databasePath)
        } else {
            findings += sqlite(path: databasePath, minimumFreeBytes: minimumFreeBytes)
        }

        // The pipelines.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: pipelines)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        if names.isEmpty {
            add(.warning, "pijplijnen", "geen pijplijnen in \(pipelines)/ (start vanuit de installatiemap, of geef --pipelines)")
        } else {
            var broken: [String] = []
            for name in names {
                do { _ = try PipelineDefinition.load(path: (pipelines as NSString).appendingPathComponent(name)) } catch {
                    broken.append("\(error)")
                }
            }
            if broken.isEmpty {
                add(.ok, "pijplijnen", "\(names.count) pijplijnen geladen: \(names.map { String($0.dropLast(4)) }.joined(separator: ", "))")
            } else {
                for problem in broken { add(.error, "pijplijnen", problem) }
            }
        }
        return findings
    }
    /// The SQLite file: writable, sound (`PRAGMA integrity_check`), its schema, its rights, the
    /// reference data, the run lock, and free disk space beside it.
    static func sqlite(path databasePath: String, minimumFreeBytes: Int64) -> [Finding] {
        var findings: [Finding] = []
        func add(_ level: Finding.Level, _ subject: String, _ text: String) {
            findings.append(Finding(level: level, subject: subject, text: text))
        }
        let exists = FileManager.default.fileExists(atPath: databasePath)
        if !exists {
            add(
                .error, "database",
                "\(databasePath) bestaat niet; maak haar met 'schoolveilig --db \(databasePath) reference load MAP' of kies --db")
        } else {
            do {
                // Opened without migrating: doctor looks, it does not change the schema.
                let database = try SchoolveiligDatabase(path: databasePath, access: .readWrite)
                try DatabaseHealth.probeWrite(database)
                add(.ok, "database", "\(databasePath) is te openen en te schrijven")
                if try database.isCurrent() {
                    add(.ok, "schema", "bij met deze versie van schoolveilig")
                } else {
                    add(
                        .warning, "schema",
                        "ouder dan deze versie; de eerstvolgende opdracht die schrijft (reference load, ingest, run) werkt het bij")
                }
                let findings = try DatabaseHealth.integrityCheck(database)
                if findings == ["ok"] {
                    add(.ok, "integriteit", "PRAGMA integrity_check: ok")
                } else {
                    add(
                        .error, "integriteit",
                        "\(findings.joined(separator: "; ")); zet een reservekopie terug (schoolveilig restore KOPIE --replace)")
                }
                let mode =
                    ((try? FileManager.default.attributesOfItem(atPath: databasePath))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
                if mode & 0o077 != 0 {
                    add(.warning, "rechten", "\(databasePath) is leesbaar voor anderen (\(String(mode, radix: 8))); zet chmod 600")
                }
                let reference = (try database.referenceMeta()?.loadedAt, try database.schoolRecords().count)
                if let loaded = reference.0, reference.1 > 0 {
                    add(.ok, "referentiegegevens", "\(reference.1) scholen, geladen \(loaded)")
                } else {
                    add(.error, "referentiegegevens", "nog niet geladen; 'schoolveilig reference load MAP'")
                }
            } catch {
                add(.error, "database", "\(error); controleer het pad en de rechten, of zet een reservekopie terug")
            }
            if let lock = try? RunLock.acquire(databasePath: databasePath) {
                withExtendedLifetime(lock) {}
            } else {
                add(.warning, "slot", "een run is nu bezig (\(databasePath).lock)")
            }
        }

        // Free disk space beside the database.
        let folder =
            (databasePath as NSString).deletingLastPathComponent.isEmpty ? "." : (databasePath as NSString).deletingLastPathComponent
        var stats = statvfs()
        if statvfs(folder, &stats) == 0 {
            let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
            let size = ((try? FileManager.default.attributesOfItem(atPath: databasePath))?[.size] as? NSNumber)?.int64Value ?? 0
            let needed = max(minimumFreeBytes, size * 2)
            // Too little room is an error (exit 1): a night's ingest, a backup or a pack run can then fail half-way.
            add(
                free >= needed ? .ok : .error, "schijfruimte",
                "\(DatabaseHealth.megabytes(free)) vrij in \(folder)"
                    + (free >= needed
                        ? ""
                        : "; minder dan \(DatabaseHealth.megabytes(needed)) (2 × de database, minstens \(DatabaseHealth.megabytes(minimumFreeBytes))): maak ruimte vrij")
            )
        }

        return findings
    }

    /// The shared PostgreSQL store: reachable and writable, its schema, the reference data,
    /// whether an operator holds the store lock, and `pg_dump`/`pg_restore` for `backup` and
    /// `restore`. Disk space is the server's (its own monitoring), so it is not measured here.
    static func postgres(url: String) -> [Finding] {
        var findings: [Finding] = []
        func add(_ level: Finding.Level, _ subject: String, _ text: String) {
            findings.append(Finding(level: level, subject: subject, text: text))
        }
        do {
            // Connected without migrating: doctor looks, it does not change the schema.
            let store = try PostgresStore(url: url, access: .readWrite)
            try store.probeWrite()
            add(.ok, "database", "\(store.location.display) is te bereiken en te schrijven; \(try store.storeHealth().size)")
            let applied = try store.appliedMigrations()
            if applied.isEmpty {
                add(.error, "schema", "nog geen tabellen van schoolveilig; 'schoolveilig --db URL reference load MAP --create'")
                return findings
            } else if try store.isCurrent() {
                add(.ok, "schema", "bij met deze versie van schoolveilig")
            } else {
                add(
                    .warning, "schema",
                    "ouder dan deze versie; de eerstvolgende opdracht die schrijft (reference load, ingest, run) werkt het bij")
            }
            let reference = (try store.referenceMeta()?.loadedAt, try store.schoolRecords().count)
            if let loaded = reference.0, reference.1 > 0 {
                add(.ok, "referentiegegevens", "\(reference.1) scholen, geladen \(loaded)")
            } else {
                add(.error, "referentiegegevens", "nog niet geladen; 'schoolveilig reference load MAP'")
            }
            if try store.tryLock(.store) {
                try store.unlockAll()
            } else {
                add(.warning, "slot", "een andere operator werkt nu in deze database (ingest, run of reference load)")
            }
        } catch {
            let text = (error as? FailureError)?.message ?? (error as? UsageError)?.message ?? "\(error)"
            // The store's own messages already say what to check (the server, the URL, the schema).
            add(.error, "database", text)
        }
        for tool in ["pg_dump", "pg_restore"] {
            if let path = PostgresBackup.tool(tool) {
                add(.ok, tool, "\(path) (voor backup en restore)")
            } else {
                add(.warning, tool, "niet gevonden; 'schoolveilig backup' en 'restore' hebben het nodig (Debian: postgresql-client)")
            }
        }
        add(.ok, "schijfruimte", "de database staat op de PostgreSQL-server; houd daar de vrije ruimte in de gaten")
        return findings
    }
}
