import Domain
import Formats
import Foundation
import Ingest
import Store

/// What every stage of a run gets: the database, the pipeline (with `--set` applied), the
/// as-of date, and where to report progress lines.
public struct StageContext {
    public let database: any PipelineStore
    public let pipeline: PipelineDefinition
    public let asOf: Day
    public let report: (String) -> Void
    /// Rows read so far in the file being ingested (a progress line on a terminal).
    public let progress: (@Sendable (_ path: String, _ rows: Int) -> Void)?
    /// `run --period`: the period of a pack pipeline (else the last complete one of its cadence).
    public let period: Period?
    /// `run --output`: where packs go.
    public let output: String

}

/// What a stage did: rows handled, the exit status it contributes (SPEC §3), a Dutch summary.
public struct StageOutcome: Sendable {
    public let rows: Int
    public let status: ExitStatus
    public let message: String
}

/// One stage of a pipeline: one file each, under `Stages/`.
protocol StageRunner {
    func run(_ context: StageContext) throws -> StageOutcome
}
