import ArgumentParser
import Demo
import Domain
import Foundation
import Pipeline
import Store

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Maakt fictieve demodata, leest die in en vat ze samen.",
        discussion: """
            Maakt ongeveer 60 fictieve scholen in de stadsdelen Haven, Stad, Buiten, Hout en Poort, \
            leerlingaantallen en vier schooljaren incidentexports, leest ze in een nieuwe database \
            in en schrijft tellingen naar de uitvoermap, en daarna de overzichten van elk overleg \
            (de pijplijnen uit --pipelines) naar UITVOERMAP/overzichten/. Alles is fictief en \
            reproduceerbaar. \
            De demodatabase staat in de uitvoermap, of in --db PAD als dat bestand nog niet bestaat \
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

    @Option(help: ArgumentHelp("Map met pijplijnen voor de overzichten.", valueName: "map"))
    var pipelines: String = "pipelines"

    /// The meetings whose packs the demo writes, in the order of the covenant's structure.
    static let packPipelines = ["kerngroep", "bestuurlijk", "stadsdeel", "po-wijk", "stedelijke-voorzieningen", "schoolgesprek"]

    func run() throws {
        try Outcome.run {
            let asOf = try Day.option("--as-of", asOfText)
            if let db, FileManager.default.fileExists(atPath: db) {
                throw UsageError("--db \(db) bestaat al; de demo maakt altijd een nieuwe database (kies een ander pad of laat --db weg)")
            }
            let run = try DemoRun(output: output, asOf: asOf, databasePath: db)
            var status = try run.execute()
            let available = Self.packPipelines.filter { FileManager.default.fileExists(atPath: "\(pipelines)/\($0).yml") }
            guard !available.isEmpty else {
                Terminal.info(
                    "geen pijplijnen in \(pipelines)/: geen overzichten gemaakt (start de demo vanuit de projectmap, of geef --pipelines)")
                return status
            }
            let database = try SchoolveiligDatabase.openMigrated(path: run.databasePath)
            let folder = (output as NSString).appendingPathComponent("overzichten")
            try? FileManager.default.removeItem(atPath: folder)
            for name in available {
                let definition: PipelineDefinition
                do {
                    definition = try PipelineDefinition.load(path: "\(pipelines)/\(name).yml")
                } catch let problem as PipelineDefinition.Problem {
                    throw UsageError(problem.message)
                }
                let target = (folder as NSString).appendingPathComponent(name)
                let summary = try PipelineRunner(database: database, pipeline: definition, asOf: asOf, output: target).run { _ in }
                status = status.combined(with: summary.status)
                let files = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []).filter { $0.hasSuffix(".xlsx") }.sorted()
                Terminal.info(
                    "overzicht \(name): \(files.count == 1 ? "\(target)/\(files[0])" : "\(files.count) werkboeken in \(target)/")")
            }
            return status
        }
    }
}
