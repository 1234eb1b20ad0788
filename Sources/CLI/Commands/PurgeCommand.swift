import ArgumentParser
import Domain
import Foundation
import Pipeline
import Store

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Past de bewaartermijnen toe: oude incidentregels samenvoegen tot maandtellingen, oude quarantaine en runs verwijderen.",
        discussion: """
            De termijnen komen uit de nachtelijke pijplijn (retention_incident_months, \
            retention_quarantine_days, retention_runlog_days), anders de standaard: 60 maanden, \
            365 dagen, 400 dagen. Gepubliceerde aantallen blijven gelijk; alleen leeftijd en ernst \
            van samengevoegde maanden worden 'onbekend'. De nachtelijke run doet dit elke nacht.

            Voorbeeld:
              schoolveilig purge --dry-run
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    @Flag(name: .customLong("dry-run"), help: "Laat zien wat er zou gebeuren, zonder iets te veranderen.")
    var dryRun = false

    @Option(help: ArgumentHelp("Map met pijplijnen (de termijnen uit nightly.yml).", valueName: "map"))
    var pipelines: String = "pipelines"

    func run() throws {
        try Outcome.run {
            var policy = Retention.Policy.standard
            let file = (pipelines as NSString).appendingPathComponent("nightly.yml")
            if FileManager.default.fileExists(atPath: file) {
                do {
                    policy = try PipelineDefinition.load(path: file).settings.retention
                } catch let problem as PipelineDefinition.Problem {
                    throw UsageError(problem.message)
                }
            }
            let summary: Retention.Summary
            if database.isPostgres {
                // PostgreSQL: the publishing lock (purge and publishing never run together).
                let writer = try database.openStoreForWriting(scope: .publishing)
                defer { withExtendedLifetime(writer) {} }
                summary = try Retention.apply(policy, asOf: asOf.asOf, dryRun: dryRun, in: writer.store)
                if !dryRun, summary.incidentsFolded > 0 { _ = try writer.store.refreshMarts(full: false) }
            } else {
                try database.requireExisting()
                let writer = dryRun ? nil : try database.openForWriting()
                defer { withExtendedLifetime(writer) {} }
                let store = try writer?.database ?? database.openReadOnly()
                summary = try Retention.apply(policy, asOf: asOf.asOf, dryRun: dryRun, in: store)
                if !dryRun, summary.incidentsFolded > 0 { _ = try MartBuilder.refresh(store) }
            }
            Terminal.info(policy.explanation + (FileManager.default.fileExists(atPath: file) ? " — uit \(file)" : " — standaardwaarden"))
            Terminal.info(summary.line(dryRun: dryRun))
            return .done
        }
    }
}
