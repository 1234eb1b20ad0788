import Domain
import Formats
import Foundation
import Ingest
import Store

/// `reference`: loads the reference folder when its content differs from the reference data in
/// use (by hash), so an unchanged folder costs one read of a few small files.
struct ReferenceStage: StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome {
        let folder = context.pipeline.settings.reference
        let loaded = try ReferenceLoader.load(directory: folder)
        let current = try context.database.referenceMeta()?.sha256
        guard current != loaded.sha256 else {
            return StageOutcome(rows: 0, status: .done, message: "referentiegegevens ongewijzigd")
        }
        let summary = try context.database.replaceReference(loaded.data, sha256: loaded.sha256, source: folder, force: false)
        return StageOutcome(
            rows: summary.scholen, status: .done,
            message: "referentiegegevens geladen: \(summary.wijken) wijken, \(summary.scholen) scholen, \(summary.categorieen) categorieën")
    }
}
