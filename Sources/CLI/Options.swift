import ArgumentParser
import Domain
import Foundation
import Store

/// `--db`, shared by every command that uses the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pad van de SQLite-database (anders $SCHOOLVEILIG_DB, anders ./schoolveilig.sqlite).", valueName: "pad"))
    var db: String?

    var path: String { SchoolveiligDatabase.resolvePath(option: db) }

    /// For a command that writes: takes the run lock (or ends with 75, "draait al"), then opens
    /// the database (created when absent, unless `mustExist`) and migrates it, under the lock.
    /// The lock lives as long as the returned value.
    func openForWriting(mustExist: Bool = false) throws -> Writer {
        try SchoolveiligDatabase.checkFolder(of: path)
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw UsageError("database bestaat niet: \(path) (eerst 'reference load' en 'ingest', of kies --db)")
        }
        let lock = try Outcome.lock(self)
        let database = try SchoolveiligDatabase(path: path, access: .readWrite)
        try database.migrate()
        return Writer(database: database, lock: lock)
    }

    /// For a command that only reads: the database must exist and have the current schema; it is
    /// opened read-only (never migrated), and a schema that is behind is reported in Dutch.
    func openReadOnly() throws -> SchoolveiligDatabase {
        try SchoolveiligDatabase(path: path, access: .readOnly)
    }

    /// An open database and the run lock that makes writing to it safe.
    struct Writer {
        let database: SchoolveiligDatabase
        let lock: RunLock
    }
}

/// `--as-of`: the peildatum. Defaults to today in Europe/Amsterdam.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Peildatum JJJJ-MM-DD (standaard: vandaag, Europe/Amsterdam).", valueName: "datum"))
    var asOfText: String?

    func validate() throws {
        guard let asOfText else { return }
        do {
            _ = try Day.option("--as-of", asOfText)
        } catch {
            throw ValidationError(error.message)
        }
    }

    var asOf: Day { asOfText.flatMap { Day(iso: $0) } ?? Today.inAmsterdam() }
}

enum Today {
    static func inAmsterdam(_ now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

extension Day {
    /// Parses the value of a date option, or names the option in a usage error (exit 2).
    static func option(_ name: String, _ text: String) throws(UsageError) -> Day {
        guard let day = Day(iso: text) else { throw UsageError("\(name) '\(text)' is geen geldige datum in de vorm JJJJ-MM-DD") }
        return day
    }
}
