import ArgumentParser
import Demo
import Domain
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Maakt fictieve demodata, leest die in en vat ze samen.",
        discussion: """
            Maakt ongeveer 60 fictieve scholen in de stadsdelen Haven, Stad, Buiten, Hout en Poort,
            leerlingaantallen en vier schooljaren incidentexports, leest ze in een nieuwe database
            in en schrijft tellingen naar de uitvoermap. Alles is fictief en reproduceerbaar.
            De demodatabase staat in de uitvoermap, of in --db PAD als dat bestand nog niet bestaat
            (de demo overschrijft nooit een bestaande database).

            Voorbeeld:
              schoolveilig demo --output output/demo
            """
    )

    @Option(name: .long, help: ArgumentHelp("Pad voor een nieuwe demodatabase (anders UITVOERMAP/schoolveilig.sqlite).", valueName: "pad"))
    var db: String?

    @Option(help: ArgumentHelp("Uitvoermap.", valueName: "map"))
    var output: String = "output/demo"

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Peildatum van de demo.", valueName: "datum"))
    var asOfText: String = DemoScenario.defaultAsOf.description

    func run() throws {
        try Outcome.run {
            let asOf = try Day.option("--as-of", asOfText)
            if let db, FileManager.default.fileExists(atPath: db) {
                throw UsageError("--db \(db) bestaat al; de demo maakt altijd een nieuwe database (kies een ander pad of laat --db weg)")
            }
            let run = try DemoRun(output: output, asOf: asOf, databasePath: db)
            return try run.execute()
        }
    }
}
