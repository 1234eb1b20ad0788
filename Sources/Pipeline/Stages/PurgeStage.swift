import Domain
import Foundation
import Store

/// `purge` (SPEC §5): rejected files are kept for the operator at most `rejected_days` days
/// (default 30), then deleted; and the retention of the database is applied (`Retention`:
/// incident rows folded into monthly counts after `retention_incident_months`, quarantine lines
/// and run logs removed after their days).
struct PurgeStage: StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome {
        let retention = try Retention.apply(context.pipeline.settings.retention, asOf: context.asOf, dryRun: false, in: context.database)
        context.report("bewaartermijnen: " + retention.line(dryRun: false))
        let days = context.pipeline.settings.rejectedDays
        let folder = (context.pipeline.settings.archive as NSString).appendingPathComponent(ArchiveStage.rejectedFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
        var purged = 0
        _ = try RunLog.purgeRejected(before: cutoff, in: context.database)
        for name in names.sorted() {
            let path = (folder as NSString).appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
            if modified < cutoff {
                try FileManager.default.removeItem(atPath: path)
                purged += 1
            }
        }
        return StageOutcome(
            rows: purged + retention.incidentsFolded, status: .done,
            message:
                "\(purged) geweigerde bestanden ouder dan \(days) dagen verwijderd; \(retention.incidentsFolded) incidenten samengevoegd")
    }
}
