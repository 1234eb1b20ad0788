import Domain
import Foundation
import Reports

/// `publish`: the packs of a meeting (SPEC §4) for `--period`, or for the last complete period
/// of the pipeline's cadence on the as-of date, into `--output`.
struct PublishStage: StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome {
        let settings = try context.pipeline.settings.requirePack(context.pipeline.name)
        let period = context.period ?? settings.cadence.lastComplete(asOf: context.asOf)
        let result = try PackPublisher.publish(
            pipeline: context.pipeline.name, settings: settings, parameters: context.pipeline.parameters,
            period: period, asOf: context.asOf, output: context.output, in: context.database)
        return StageOutcome(
            rows: result.files, status: .done,
            message:
                "\(result.packs.count) overzicht(en) voor \(period.name) in \(context.output): \(result.packs.joined(separator: ", ")); \(result.hidden) cellen afgeschermd"
                + (result.skipped.isEmpty
                    ? ""
                    : "; geen overzicht voor \(result.skipped.joined(separator: ", ")): minder dan \(settings.minSchools) aangesloten scholen (min_schools), dus de cijfers zouden die van één of twee scholen zijn; voeg zo'n gebied in de referentiegegevens samen met een buurgebied (po_cluster in wijken.csv)")
        )
    }
}
