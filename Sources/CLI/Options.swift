import ArgumentParser
import Domain
import Foundation
import Store

/// `--db`, shared by every command that uses the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Pad van de SQLite-database, of een postgresql://-URL voor de gedeelde PostgreSQL-database (anders $SCHOOLVEILIG_DB, anders ./schoolveilig.sqlite).",
            valueName: "pad of URL"))
    var db: String?

    var path: String { SchoolveiligDatabase.resolvePath(option: db) }

    /// For a command that writes: takes the run lock (or ends with 75, "draait al") and checks the
    /// file (`PRAGMA quick_check`, `Outcome.lockForWriting`), then opens the database and migrates
    /// it, under the lock. A missing database is created only when `creating` (`reference load`,
    /// or `--create`): a typo in `--db` must not start an empty database that a nightly run then
    /// archives the whole inbox into. The lock lives as long as the returned value.
    func openForWriting(creating: Bool = false) throws -> Writer {
        try requireSQLite()
        let lock = try Outcome.lockForWriting(self, creating: creating)
        let database = try SchoolveiligDatabase(path: path, access: .readWrite)
        try database.migrate()
        return Writer(database: database, lock: lock)
    }

    func requireExisting() throws(UsageError) {
        try requireSQLite()
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError(
                "database bestaat niet: \(path) (een typfout in --db of SCHOOLVEILIG_DB?); een nieuwe database maakt 'schoolveilig reference load MAP', of geef --create (of --nieuw). Er is niets gedaan."
            )
        }
    }

    /// For a command that only reads: the database must exist and have the current schema; it is
    /// opened read-only (never migrated), and a schema that is behind is reported in Dutch.
    func openReadOnly() throws -> SchoolveiligDatabase {
        try requireSQLite()
        return try SchoolveiligDatabase(path: path, access: .readOnly)
    }

    /// An open database and the run lock that makes writing to it safe.
    struct Writer {
        let database: SchoolveiligDatabase
        let lock: RunLock
    }
}

/// `--create` (hidden alias `--nieuw`): lets a writing command create a database that does not exist yet.
struct NewDatabaseFlag: ParsableArguments {
    @Flag(
        name: .customLong("create"),
        help:
            "Maak de database aan als ze nog niet bestaat (zonder deze optie stopt de opdracht: een typfout in --db maakt zo geen nieuwe database)."
    )
    var create = false
}

/// `--as-of`: the peildatum. Defaults to today in Europe/Amsterdam.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"), help: ArgumentHelp("Peildatum JJJJ-MM-DD (standaard: vandaag, Europe/Amsterdam).", valueName: "datum"))
    var asOfText: String?

    func validate() throws {
        guard let asOfText else { return }
        let day: Day
        do {
            day = try Day.option("--as-of", asOfText)
        } catch {
            throw ValidationError(error.message)
        }
        // A later as-of (a typo, a wrong clock) would quarantine nothing that should be, and
        // retention would fold incidents that must keep their detail: refused, nothing done.
        let today = Today.inAmsterdam()
        if day > today {
            throw ValidationError(
                "--as-of \(asOfText) ligt na vandaag (\(today), Europe/Amsterdam); een peildatum in de toekomst kan niet. Er is niets gedaan."
            )
        }
    }

    var asOf: Day { asOfText.flatMap { Day(iso: $0) } ?? Today.inAmsterdam() }
}

extension Day {
    /// Parses the value of a date option, or names the option in a usage error (exit 2).
    static func option(_ name: String, _ text: String) throws(UsageError) -> Day {
        guard let day = Day(iso: text) else { throw UsageError("\(name) '\(text)' is geen geldige datum in de vorm JJJJ-MM-DD") }
        return day
    }
}
