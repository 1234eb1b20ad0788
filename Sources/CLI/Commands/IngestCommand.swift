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
            Met --periode vervangt een levering de gegevens van haar school voor die periode:
            incidenten die er niet meer in staan, worden ingetrokken (en vastgelegd).

            Voorbeelden:
              schoolveilig ingest inbox/ --as-of 2025-10-01
              schoolveilig ingest --periode 2025-Q3 --school VO01 nulmelding.csv
              schoolveilig ingest --profile incidentregistratie-vo export.csv
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("De periode die de levering beslaat (VAN..TOT, of 2025-Q1, 2025-03, 2024-2025, …): de levering vervangt dan de gegevens van de school voor die periode, en een bestand met alleen een kopregel is een nulmelding.", valueName: "periode"))
    var periode: String?

    @Flag(name: .customLong("periode-uit-naam"), help: "Een bestandsnaam die eindigt op een periode (VO01_2025-Q3.csv) geeft die periode op, zoals --periode.")
    var periodeUitNaam = false

    @Option(name: .customLong("max-bestand-mb"), help: ArgumentHelp("Grootste bestand dat wordt ingelezen, in MB (standaard 2048).", valueName: "mb"))
    var maxBestandMB: Int?

    @Option(name: .customLong("max-regel-kb"), help: ArgumentHelp("Langste regel of rij, in KB (standaard 1024).", valueName: "kb"))
    var maxRegelKB: Int?

    @Option(name: .customLong("max-kolommen"), help: ArgumentHelp("Meeste kolommen per regel (standaard 1024).", valueName: "aantal"))
    var maxKolommen: Int?

    @Option(help: ArgumentHelp("De school van de levering (nodig voor een nulmelding buiten een schoolmap).", valueName: "code"))
    var school: String?

    @Option(help: ArgumentHelp("Koppelprofiel voor de export (naam uit de profielenmap); zonder deze optie wordt een profiel herkend aan de kopregel.", valueName: "naam"))
    var profile: String?

    @Option(help: ArgumentHelp("Het blad van een .xlsx-export (anders het eerste blad, of het blad uit het profiel).", valueName: "naam"))
    var blad: String?

    @Option(help: ArgumentHelp("Map met koppelprofielen.", valueName: "map"))
    var profielen: String = ProfileCatalog.defaultFolder

    @Argument(help: ArgumentHelp("Exportbestanden of mappen.", valueName: "pad"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("geef minstens één bestand of map op") }
    }

    func run() throws {
        try Outcome.run {
            let period = try periode.map { text throws(UsageError) in try Period.parse(text) }
            let catalog: ProfileCatalog
            do {
                catalog = try ProfileCatalog.load(folder: profielen)
            } catch let problem as MappingProfile.Problem {
                throw UsageError(problem.message)
            }
            let chosen = try profile.map { name throws(UsageError) -> MappingProfile in
                guard let found = catalog.named(name) else {
                    throw UsageError("profiel '\(name)' staat niet in \(profielen) (wel: \(catalog.profiles.map(\.name).joined(separator: ", ")))")
                }
                return found
            }
            let limits = try IngestLimits(fileMegabytes: maxBestandMB, recordKilobytes: maxRegelKB, columns: maxKolommen)
            let items = try ExportFiles.expand(paths)
            let writer = try self.database.openForWriting()
            defer { withExtendedLifetime(writer) {} }
            let database = writer.database
            let ingester = Ingester(database: database, asOf: asOf.asOf, declaredPeriod: period, school: school,
                                    profile: chosen, profiles: catalog, sheet: blad, periodFromFileName: periodeUitNaam, limits: limits,
                                    progress: Terminal.progress?.callback)
            let summaries = try ingester.ingest(items) { Terminal.info($0.line) }
            Terminal.progress?.clear()
            return summaries.reduce(ExitStatus.done) { $0.combined(with: $1.exitStatus) }
        }
    }
}
