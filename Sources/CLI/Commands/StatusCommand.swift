import ArgumentParser
import Domain
import Foundation
import Store

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Toont de stand van de database: referentiegegevens, leveringen, incidenten, quarantaine.",
        discussion: """
            Voorbeeld:
              schoolveilig status --db /var/lib/schoolveilig/schoolveilig.sqlite
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Aantal recente leveringen om te tonen.")
    var leveringen: Int = 10

    func run() throws {
        try Outcome.run {
            let report = try StatusReport.read(from: try database.openExisting(), recent: leveringen)
            FileHandle.standardOutput.write(Data(report.text.utf8))
            return .done
        }
    }
}
