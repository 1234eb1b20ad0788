import ArgumentParser
import Domain
import Ingest
import Store

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Leest incidentexports van scholen in.",
        discussion: """
            Bestanden of mappen (hun exportbestanden, ook in submappen, op naamvolgorde). Elk bestand
            wordt in één keer opgeslagen of helemaal niet. Geldige regels worden opgeslagen (de
            laatste versie van een incident telt), ongeldige gaan met regelnummer en reden in
            quarantaine. Hetzelfde bestand nogmaals inlezen verandert niets. Een bestand in een map
            met de naam van een schoolcode mag alleen regels van die school bevatten.

            Voorbeeld:
              schoolveilig ingest inbox/ --as-of 2025-10-01
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    @Argument(help: ArgumentHelp("Exportbestanden of mappen.", valueName: "pad"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("geef minstens één bestand of map op") }
    }

    func run() throws {
        try Outcome.run {
            let items = try ExportFiles.expand(paths)
            let database = try database.open()
            let lock = try Outcome.lock(self.database)
            defer { withExtendedLifetime(lock) {} }
            let ingester = Ingester(database: database, asOf: asOf.asOf)
            let summaries = try ingester.ingest(items) { Terminal.info($0.line) }
            return summaries.reduce(ExitStatus.done) { $0.combined(with: $1.exitStatus) }
        }
    }
}
