import Domain
import Store

/// `aggregate`: refreshes the marts every pack reads — only the (school, month) pairs that new
/// deliveries touched; everything after a reference load, or when the pipeline's
/// `rebuild_aggregates` is true (`--set rebuild_aggregates=true`); nothing when nothing is new.
struct AggregateStage: StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome {
        let result = try context.database.refreshMarts(full: context.pipeline.settings.rebuildAggregates)
        let message: String
        switch result.kind {
        case .full: message = "aggregaten volledig opgebouwd: \(result.rows) rijen"
        case .incremental: message = "aggregaten bijgewerkt voor \(result.pairs) school-maanden"
        case .unchanged: message = "aggregaten ongewijzigd (niets nieuws)"
        }
        return StageOutcome(rows: result.rows, status: .done, message: message)
    }
}
