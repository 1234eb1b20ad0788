import ArgumentParser
import Domain
import Foundation
import Pipeline

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Controleert de installatie: libxlsxwriter, database, referentiegegevens, schijfruimte, pijplijnen.",
        discussion: """
            Elke bevinding zegt wat er te doen is. Afsluitstatus 1 als er een fout is, anders 0.

            Voorbeeld:
              schoolveilig --db /var/lib/schoolveilig/schoolveilig.sqlite doctor --pipelines /srv/schoolveilig/pipelines
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Map met pijplijnen.", valueName: "map"))
    var pipelines: String = "pipelines"

    @Option(
        name: .customLong("min-free-mb"),
        help: ArgumentHelp(
            "Minimale vrije schijfruimte naast de database, in MB (standaard 1000; en altijd 2 × de database).", valueName: "mb"))
    var minimumFreeMegabytes: Int64 = 1000

    func validate() throws {
        if !(0...1_000_000_000).contains(minimumFreeMegabytes) { throw ValidationError("--min-free-mb moet tussen 0 en 1000000000 liggen") }
    }

    func run() throws {
        try Outcome.run {
            let findings = Doctor.check(
                databasePath: database.path, pipelines: pipelines,
                minimumFreeBytes: minimumFreeMegabytes * 1_000_000)
            FileHandle.standardOutput.write(Data((findings.map(\.line).joined(separator: "\n") + "\n").utf8))
            return findings.contains { $0.level == .error } ? .failed : .done
        }
    }
}
