import ArgumentParser
import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `schoolveilig`: the command line of the pipeline. Each command lives in its own file under
/// `Commands/`; this type only lists them.
@main
struct Schoolveilig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolveilig",
        abstract: "Incidentregistraties van scholen omzetten in overzichten voor het Convenant Veiligheid op scholen Almere.",
        discussion: """
            De database staat in --db PAD, anders in $SCHOOLVEILIG_DB, anders in ./schoolveilig.sqlite. \
            --db mag vóór of na de opdracht staan.

            Voorbeelden:
              schoolveilig reference load fixtures/reference
              schoolveilig ingest inbox/ --as-of 2025-10-01
              schoolveilig counts --by stadsdeel,kwartaal --from 2025-01-01

            Afsluitstatus:
              0   klaar
              3   klaar, maar regels in quarantaine of bestanden geweigerd
              75  een andere run is bezig (probeer het later opnieuw)
              1   mislukt (niets van het mislukte deel opgeslagen)
              2   verkeerd gebruik of configuratie (niets gedaan)
            """,
        subcommands: [
            ReferenceCommand.self, IngestCommand.self, CountsCommand.self, FiguresCommand.self, ComplianceCommand.self,
            CompletenessCommand.self, RunCommand.self, StatusCommand.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self,
            PurgeCommand.self,
            QuarantineCommand.self, ContextCommand.self, DemoCommand.self,
        ]
    )

    /// Accepts the SPEC's `schoolveilig --db PATH COMMAND` (the option is moved behind the
    /// command words, where each command declares it) and reports every usage mistake, the
    /// argument parser's own included, with exit status 2 (SPEC §3) instead of its 64.
    static func main() {
        // Whatever the umask (cron's or a shell's 000), nothing this program creates is
        // writable by its group or readable by others: the data are about pupils.
        let mask = umask(0o077)
        umask(mask | 0o027)
        LogSetup.bootstrap()
        let arguments = GlobalArguments.resolveAliases(GlobalArguments.reorder(Array(CommandLine.arguments.dropFirst())))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            let message = ParserMessages.dutch(fullMessage(for: error))
            Terminal.usage("verkeerd gebruik: \(message)")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}
