import ArgumentParser
import Domain
import Foundation
import Store

struct QuarantineReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Schrijft per levering een CSV met de regels in quarantaine (regel, kolom, reden, gemaskeerde waarde).",
        discussion: """
            Voor de school die het bestand leverde: welke regels niet zijn opgeslagen en waarom. \
            Waarden die persoonsgegevens kunnen zijn, staan er alleen gemaskeerd in (1*******3). \
            Zonder --delivery: een rapport voor elke levering met regels in quarantaine.

            Voorbeeld:
              schoolveilig quarantine report --delivery 12 --output output/quarantaine
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Alleen deze levering (nummer uit 'status').", valueName: "nummer"))
    var delivery: Int64?

    @Option(help: ArgumentHelp("Map voor de rapporten.", valueName: "map"))
    var output: String = "output/quarantaine"

    func run() throws {
        try Outcome.run {
            let store = try database.openStoreReadOnly()
            let deliveries = try QuarantineReport.deliveries(id: delivery, in: store)
            if let delivery, deliveries.isEmpty {
                throw UsageError("levering \(delivery) bestaat niet of heeft geen regels in quarantaine")
            }
            try SafeFile.folder(output, option: "--output")
            for delivery in deliveries {
                let report = try QuarantineReport.make(for: delivery, in: store)
                let path = (output as NSString).appendingPathComponent(report.fileName)
                try SafeFile.write(Data(report.csv.utf8), to: path, option: "rapport")
                Terminal.info(
                    "\(path): \(delivery.quarantinedLines) regels in quarantaine uit levering \(delivery.id) (\(delivery.schools.isEmpty ? "school onbekend" : "school " + delivery.schools), \(delivery.receivedAt))"
                )
            }
            if deliveries.isEmpty { Terminal.info("geen regels in quarantaine") }
            return .done
        }
    }
}
