import ArgumentParser
import Domain
import Foundation
import Pipeline
import Store

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Voert een pijplijn uit (pipelines/PIJPLIJN.yml), bijvoorbeeld de nachtelijke inname.",
        discussion: """
            Elke stap wordt vastgelegd in het runlogboek (begin, einde, status, aantallen). Mislukt een \
            stap, dan blijft wat eerdere stappen opsloegen staan en kan de run verder met --from-stage. \
            Aan het eind volgt één JSON-regel met de samenvatting (voor het cron-logboek).

            Voorbeelden:
              schoolveilig run nightly
              schoolveilig run nightly --set inbox=/srv/schoolveilig/inbox --set archive=/srv/schoolveilig/archief
              schoolveilig run nightly --from-stage archive
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var newDatabase: NewDatabaseFlag
    @OptionGroup var asOf: AsOfOption

    @Argument(help: ArgumentHelp("De pijplijn (naam van een bestand in de pijplijnenmap).", valueName: "pijplijn"))
    var pipeline: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Overschrijft een parameter van de pijplijn.", valueName: "sleutel=waarde"))
    var assignments: [String] = []

    @Option(name: .customLong("from-stage"), help: ArgumentHelp("Begin bij deze stap (hervatten na een mislukte stap).", valueName: "stap"))
    var fromStage: String?

    @Option(help: ArgumentHelp("De periode (voor pijplijnen met overzichten).", valueName: "periode"), transform: TypedArgument.period)
    var period: Period?

    @Option(help: ArgumentHelp("Uitvoermap (voor pijplijnen met overzichten).", valueName: "map"))
    var output: String = "output"

    @Option(help: ArgumentHelp("Map met pijplijnen.", valueName: "map"))
    var pipelines: String = "pipelines"

    @Option(
        name: .customLong("csv-dialect"),
        help: ArgumentHelp("CSV van de overzichten: rfc4180 (standaard) of excel-nl (';', decimale komma, BOM).", valueName: "dialect"),
        transform: TypedArgument.csvDialect)
    var csvDialect: CSVDialectOption?

    @Option(
        name: .customLong("log-file"),
        help: ArgumentHelp("Schrijf alle meldingen ook (aanvullend, met tijdstempel) naar dit logbestand.", valueName: "pad"))
    var logFile: String?

    func run() throws {
        try Outcome.run {
            if let logFile { try LogFile.shared.open(path: logFile) }
            let file = (pipelines as NSString).appendingPathComponent(pipeline + ".yml")
            let definition: PipelineDefinition
            do {
                let loaded = try PipelineDefinition.load(path: file)
                var overrides = assignments
                if let csvDialect {
                    guard loaded.stages.contains(.publish) else {
                        throw UsageError("--csv-dialect: pijplijn \(loaded.name) maakt geen overzichten")
                    }
                    overrides.append("csv_dialect=\(csvDialect.rawValue)")
                }
                definition = try loaded.overriding(overrides)
            } catch let problem as PipelineDefinition.Problem {
                throw UsageError(problem.message)
            }
            let stage = try fromStage.map { name throws(UsageError) -> PipelineDefinition.Stage in
                guard let stage = PipelineDefinition.Stage(rawValue: name) else {
                    throw UsageError(
                        "--from-stage '\(name)': onbekende stap; stappen: \(definition.stages.map(\.rawValue).joined(separator: ", "))")
                }
                return stage
            }
            let writer = try database.openStoreForWriting(creating: newDatabase.create)
            defer { withExtendedLifetime(writer) {} }
            let store = writer.store
            let progress = Terminal.progress
            let summary = try PipelineRunner(
                database: store, pipeline: definition, asOf: asOf.asOf, fromStage: stage,
                period: period, output: output,
                progress: progress?.callback
            )
            .run { Terminal.info($0) }
            Terminal.progress?.clear()
            FileHandle.standardOutput.write(Data((summary.jsonLine + "\n").utf8))
            LogFile.shared.append(summary.jsonLine, level: "samenvatting")
            return summary.status
        }
    }
}
