import Analytics
import ArgumentParser
import Domain
import Foundation
import Store

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Toont de stand: database en controle, referentiegegevens, laatste runs, ontbrekende leveringen, quarantaine.",
        discussion: """
            Ontbrekende leveringen: aangesloten scholen zonder levering voor een verstreken maand van \
            het lopende kwartaal (of van het vorige kwartaal zolang er in het lopende nog geen maand \
            voorbij is). Afsluitstatus 1 als de database niet in orde is (PRAGMA quick_check).

            Voorbeeld:
              schoolveilig status --db /var/lib/schoolveilig/schoolveilig.sqlite
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Aantal recente leveringen om te tonen.", valueName: "aantal"))
    var deliveries: Int = 10

    func run() throws {
        try Outcome.run {
            if !database.isPostgres {
                try database.requireExisting()
                // Checked before anything opens the file: a damaged database is reported, nothing more.
                let findings = DatabaseHealth.quickCheck(path: database.path)
                guard findings == ["ok"] else {
                    FileHandle.standardOutput.write(
                        Data("database: \(database.path); controle: FOUT: \(findings.joined(separator: "; "))\n".utf8))
                    throw FailureError(DatabaseHealth.damaged(database.path, findings))
                }
            }
            let opened = try database.openStoreReadOnly()
            let missing = try Completeness.statusLines(asOf: asOf.asOf, in: opened)
            let report = try StatusReport.read(from: opened, recent: deliveries, missing: missing)
            FileHandle.standardOutput.write(Data(report.text.utf8))
            guard report.isSound else {
                throw FailureError("de database is niet in orde; zie hierboven en maak een reservekopie terug")
            }
            return .done
        }
    }
}
