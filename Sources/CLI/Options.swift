import ArgumentParser
import Domain
import Foundation
import Store

/// `--db`, shared by every command that uses the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pad van de SQLite-database (anders $SCHOOLVEILIG_DB, anders ./schoolveilig.sqlite).", valueName: "pad"))
    var db: String?

    var path: String { SchoolveiligDatabase.resolvePath(option: db) }

    func open() throws -> SchoolveiligDatabase { try SchoolveiligDatabase(path: path) }
}

/// `--as-of`: the peildatum. Defaults to today in Europe/Amsterdam.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Peildatum JJJJ-MM-DD (standaard: vandaag, Europe/Amsterdam).", valueName: "datum"))
    var asOfText: String?

    func validate() throws {
        if let asOfText, Day(iso: asOfText) == nil {
            throw ValidationError("--as-of '\(asOfText)' is geen geldige datum in de vorm JJJJ-MM-DD")
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
