import ArgumentParser
import Domain
import Formats
import Foundation
import Ingest
import Store

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Leest incidentexports van scholen in.",
        discussion: """
            Bestanden of mappen (hun exportbestanden, ook in submappen, op naamvolgorde). Elk bestand \
            wordt in één keer opgeslagen of helemaal niet. Geldige regels worden opgeslagen (de \
            laatste versie van een incident telt), ongeldige gaan met regelnummer en reden in \
            quarantaine. Hetzelfde bestand nogmaals inlezen verandert niets. Een bestand in een map \
            met de naam van een schoolcode mag alleen regels van die school bevatten. \
            Met --period vervangt een levering de gegevens van haar school voor die periode: \
            incidenten die er niet meer in staan, worden ingetrokken (en vastgelegd).

            De kopregel mag onder titelregels staan: de eerste regel binnen de eerste 20 met de verplichte kolommen telt; titelregels, lege regels en een slotregel Totaal worden overgeslagen en in de samenvatting geteld. Een geweigerd bestand wordt niet bewaard (alleen hash, kopregel en reden, gemaskeerd): vraag de school het verbeterd opnieuw te sturen. Bestandsnamen worden nergens opgeslagen.

            Voorbeelden:
              schoolveilig ingest inbox/ --as-of 2025-10-01
              schoolveilig ingest --period 2025-Q3 --school VO01 nulmelding.csv
              schoolveilig ingest --profile incidentregistratie-vo export.csv
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var newDatabase: NewDatabaseFlag
    @OptionGroup var asOf: AsOfOption

    @Option(
        help: ArgumentHelp(
            "De periode die de levering beslaat (ook --periode, zoals in SPEC §2c): VAN..TOT, of 2025-Q1, 2025-03, 2024-2025, …. De levering vervangt dan de gegevens van de school voor die periode, en een bestand met alleen een kopregel is een nulmelding.",
            valueName: "periode"), transform: TypedArgument.period)
    var period: Period?

    @Flag(
        name: .customLong("period-from-file-name"),
        help: "Een bestandsnaam die eindigt op een periode (VO01_2025-Q3.csv) geeft die periode op, zoals --period.")
    var periodFromFileName = false

    @Option(
        name: .customLong("max-file-mb"),
        help: ArgumentHelp("Grootste bestand dat wordt ingelezen, in MB (standaard 2048).", valueName: "mb"))
    var maxFileMB: Int?

    @Option(name: .customLong("max-record-kb"), help: ArgumentHelp("Langste regel of rij, in KB (standaard 1024).", valueName: "kb"))
    var maxRecordKB: Int?

    @Option(name: .customLong("max-columns"), help: ArgumentHelp("Meeste kolommen per regel (standaard 1024).", valueName: "aantal"))
    var maxColumns: Int?

    @Option(help: ArgumentHelp("De school van de levering (nodig voor een nulmelding buiten een schoolmap).", valueName: "code"))
    var school: String?

    @Option(
        help: ArgumentHelp(
            "Koppelprofiel voor de export (naam uit de profielenmap); zonder deze optie wordt een profiel herkend aan de kopregel.",
            valueName: "naam"))
    var profile: String?

    @Option(help: ArgumentHelp("Het blad van een .xlsx-export (anders het eerste blad, of het blad uit het profiel).", valueName: "naam"))
    var sheet: String?

    @Option(
        name: .customLong("id-format"),
        help: ArgumentHelp(
            "Hoe de incident_id's van de school eruitzien: 'volgnummer' (alleen cijfers, per school oplopend) schakelt de BSN-controle (elfproef) voor die kolom uit; een bestand waarin ze niet oplopen wordt dan helemaal geweigerd. Ook als id_formaat in een profiel.",
            valueName: "formaat"))
    var idFormat: IncidentIdFormat?

    @Option(help: ArgumentHelp("Map met koppelprofielen.", valueName: "map"))
    var profiles: String = ProfileCatalog.defaultFolder

    @Argument(help: ArgumentHelp("Exportbestanden of mappen.", valueName: "pad"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("geef minstens één bestand of map op") }
    }

    func run() throws {
        try Outcome.run {
            let catalog: ProfileCatalog
            do {
                catalog = try ProfileCatalog.load(folder: profiles)
            } catch let problem as MappingProfile.Problem {
                throw UsageError(problem.message)
            }
            let chosen = try profile.map { name throws(UsageError) -> MappingProfile in
                guard let found = catalog.named(name) else {
                    throw UsageError(
                        "profiel '\(name)' staat niet in \(profiles) (wel: \(catalog.profiles.map(\.name).joined(separator: ", ")))")
                }
                return found
            }
            let limits = try IngestLimits(fileMegabytes: maxFileMB, recordKilobytes: maxRecordKB, columns: maxColumns)
            let items = try ExportFiles.expand(paths)
            for path in paths {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    for line in ExportFiles.skipped(below: path) { Terminal.info(line) }
                }
            }
            // PostgreSQL: an ingest of one school takes that school's lock, so operators may
            // ingest different schools at once.
            let writer = try self.database.openStoreForWriting(
                creating: newDatabase.create, scope: school.map(PostgresLockScope.school) ?? .store)
            defer { withExtendedLifetime(writer) {} }
            let database = writer.store
            if let latest = try database.latestDeliveryAsOf(), asOf.asOf < latest {
                Terminal.info(
                    "let op: peildatum \(asOf.asOf) ligt vóór die van de laatste levering (\(latest)); incidenten van na \(asOf.asOf) worden niet ingetrokken en regels van na \(asOf.asOf) gaan in quarantaine"
                )
            }
            let ingester = Ingester(
                database: database, asOf: asOf.asOf, declaredPeriod: period, school: school,
                profile: chosen, profiles: catalog, sheet: sheet, periodFromFileName: periodFromFileName, limits: limits,
                idFormat: idFormat,
                progress: Terminal.progress?.callback)
            let summaries = try ingester.ingest(items) { summary in
                Terminal.info(summary.line, logged: summary.recordLine)
                if case .rejected = summary.outcome { try? ingester.noteRejection(summary) }
            }
            Terminal.progress?.clear()
            return summaries.reduce(ExitStatus.done) { $0.combined(with: $1.exitStatus) }
        }
    }
}

extension IncidentIdFormat: ExpressibleByArgument {}
