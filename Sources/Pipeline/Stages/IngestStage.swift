import Domain
import Formats
import Foundation
import Ingest
import Store

/// `ingest`: every export waiting in the inbox (a folder per school allowed), in path order.
/// Files the archive stage has not moved yet are recognised by their hash and skipped.
struct IngestStage: StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome {
        let inbox = context.pipeline.settings.inbox
        guard FileManager.default.fileExists(atPath: inbox) else {
            throw UsageError("inbox bestaat niet: \(inbox) (parameter inbox van \(context.pipeline.path))")
        }
        for line in ExportFiles.skipped(below: inbox) { context.report(line) }
        let items: [ExportFiles.Item]
        do {
            items = try ExportFiles.expand([inbox])
        } catch {
            return StageOutcome(rows: 0, status: .done, message: "geen nieuwe leveringen")
        }
        let catalog = try ProfileCatalog.load(folder: ProfileCatalog.defaultFolder)
        let settings = context.pipeline.settings
        let ingester = Ingester(
            database: context.database, asOf: context.asOf, profiles: catalog,
            periodFromFileName: settings.periodFromFileName,
            limits: settings.limits, progress: context.progress)
        var status = ExitStatus.done
        var stored = 0
        for item in items {
            let summary = try ingester.ingest(item)
            // The inbox path may hold a pupil's name: the run's summary and log identify the
            // delivery by school, period and hash instead.
            context.report(summary.recordLine)
            status = status.combined(with: summary.exitStatus)
            switch summary.outcome {
            case .stored, .aggregated:
                stored += 1
            case .rejected:
                try ingester.noteRejection(summary)
            case .alreadyIngested:
                break
            }
        }
        return StageOutcome(rows: stored, status: status, message: "\(items.count) bestanden bekeken, \(stored) ingelezen")
    }
}
