import ArgumentParser
import Domain
import Foundation
import Store

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Zet een reservekopie terug in plaats van de database (alles of niets, onder het slot).",
        discussion: """
            De reservekopie wordt eerst gecontroleerd. Omdat dit de huidige database vervangt, is
            --replace verplicht. Een run die bezig is laat de opdracht stoppen met 75 (draait al).

            Voorbeeld:
              schoolveilig --db /var/lib/schoolveilig/schoolveilig.sqlite restore /var/backups/schoolveilig/schoolveilig-2026-12-01.sqlite --replace
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("De reservekopie.", valueName: "pad"))
    var backup: String

    @Flag(help: "Bevestigt dat de huidige database vervangen wordt.")
    var replace = false

    func run() throws {
        try Outcome.run {
            guard replace else {
                throw UsageError("restore vervangt de database \(database.path); bevestig met --replace (of --vervang)")
            }
            guard FileManager.default.fileExists(atPath: backup) else { throw UsageError("reservekopie bestaat niet: \(backup)") }
            if database.isPostgres {
                // PostgreSQL: pg_restore of a pg_dump, in one transaction, under the store's lock.
                let store = try PostgresStore(url: database.path, access: .readWrite)
                guard try store.tryLock(.store) else { throw LockedError() }
                try PostgresBackup.restore(backup, into: store)
                try store.migrate()
                Terminal.info("teruggezet (pg_restore): \(backup) → \(store.location.display)")
                return .done
            }
            let lock = try Outcome.lock(database)
            defer { withExtendedLifetime(lock) {} }
            let summary = try DatabaseBackup.restore(backup, to: database.path)
            // An older backup is migrated to the current schema, still under the lock.
            try SchoolveiligDatabase(path: database.path, access: .readWrite).migrate()
            Terminal.info(
                "teruggezet: \(backup) → \(database.path) (schema \(summary.schema), \(summary.deliveries) leveringen, \(summary.incidents) incidenten)"
            )
            return .done
        }
    }
}
