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
        if let waiting = result.waiting {
            let schools = waiting.schools == 1 ? "1 school" : "\(waiting.schools) scholen"
            return StageOutcome(
                rows: 0, status: .done,
                message:
                    "\(period.name): nieuwe of gewijzigde gegevens van \(schools) wachten op de definitieve editie, die vanaf \(waiting.definitiefVanaf) gemaakt kan worden (met --as-of \(waiting.definitiefVanaf) of later); minder dan \(settings.minSchools) scholen (min_schools), dus het verschil zou hun gegevens tonen. Er is niets opnieuw uitgegeven: de huidige editie in \(context.output) blijft zoals zij was"
            )
        }
        return StageOutcome(
            rows: result.files, status: .done,
            message:
                "\(result.packs.count) overzicht(en) voor \(period.name) in \(context.output)"
                + (result.edition.map { " (editie: \($0))" } ?? "")
                + ": \(result.packs.joined(separator: ", ")); \(result.hidden) cellen afgeschermd"
                + (result.skipped.isEmpty
                    ? ""
                    : "; geen overzicht voor \(result.skipped.joined(separator: ", ")): minder dan \(settings.minSchools) aangesloten scholen (min_schools), dus de cijfers zouden die van één of twee scholen zijn; voeg zo'n gebied in de referentiegegevens samen met een buurgebied (po_cluster in wijken.csv)")
                + result.notes.map { "; \($0)" }.joined()
        )
    }
}
