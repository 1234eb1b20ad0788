import ArgumentParser
import Domain
import Foundation
import Store

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Maakt een consistente reservekopie van de database (SQLite online backup), ook terwijl een run bezig is.",
        discussion: """
            De kopie komt onder een tijdelijke naam, wordt gecontroleerd (PRAGMA integrity_check) \
            en krijgt dan pas haar naam; een bestaand bestand wordt nooit overschreven. Rechten 0600.

            Voorbeeld:
              schoolveilig backup /var/backups/schoolveilig/schoolveilig-2026-12-01.sqlite
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Pad van de nieuwe reservekopie.", valueName: "pad"))
    var destination: String

    func run() throws {
        try Outcome.run {
            if database.isPostgres {
                // PostgreSQL: pg_dump's consistent snapshot of the store's schema (custom format).
                let summary = try PostgresBackup.backup(try PostgresStore(url: database.path, access: .readOnly), to: destination)
                Terminal.info("reservekopie (pg_dump): \(summary.path), \(DatabaseHealth.megabytes(summary.bytes))")
                return .done
            }
            let summary = try DatabaseBackup.backup(try database.openReadOnly(), to: destination)
            Terminal.info(
                "reservekopie: \(summary.path), \(DatabaseHealth.megabytes(summary.bytes)), schema \(summary.schema), \(summary.deliveries) leveringen, \(summary.incidents) incidenten; gecontroleerd: in orde"
            )
            return .done
        }
    }
}
