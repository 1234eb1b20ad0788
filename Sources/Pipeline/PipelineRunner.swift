import Domain
import Foundation
import Store

/// Runs a pipeline's stages in order, logging each (start, end, status, rows) in the run log.
/// A stage that fails stops the run; the earlier stages' committed results stay, and
/// `--from-stage` resumes there.
public struct PipelineRunner {
    public struct Summary: Sendable {
        public let pipeline: String
        public let runId: Int64
        public let status: ExitStatus
        public let stages: [(stage: String, status: String, rows: Int, message: String)]
        /// What the operator must know about the run as a whole (an as-of before the last run's).
        public var notices: [String] = []

        /// One JSON line for cron's log.
        public var jsonLine: String {
            func quote(_ text: String) -> String { DisplayText.jsonString(text) }
            let stageObjects = stages.map { "{\"stap\":\(quote($0.stage)),\"status\":\(quote($0.status)),\"regels\":\($0.rows)}" }
            let noticeField = notices.isEmpty ? "" : ",\"meldingen\":[\(notices.map(quote).joined(separator: ","))]"
            return
                "{\"pijplijn\":\(quote(pipeline)),\"run\":\(runId),\"afsluitstatus\":\(status.rawValue),\"stappen\":[\(stageObjects.joined(separator: ","))]\(noticeField)}"
        }
    }

    public let database: any PipelineStore
    public let pipeline: PipelineDefinition
    public let asOf: Day
    public let fromStage: PipelineDefinition.Stage?
    public let progress: (@Sendable (_ path: String, _ rows: Int) -> Void)?
    public let period: Period?
    public let output: String

    public init(
        database: any PipelineStore, pipeline: PipelineDefinition, asOf: Day, fromStage: PipelineDefinition.Stage? = nil,
        period: Period? = nil, output: String = "output", progress: (@Sendable (_ path: String, _ rows: Int) -> Void)? = nil
    ) {
        self.progress = progress
        self.period = period
        self.output = output
        self.database = database
        self.pipeline = pipeline
        self.asOf = asOf
        self.fromStage = fromStage
    }

    /// Checks what can be checked before anything runs, so that a missing inbox or an archive
    /// that cannot be written stops the run with exit 2 and nothing changed (not after an ingest).
    static func preflight(_ pipeline: PipelineDefinition, stages: [PipelineDefinition.Stage], asOf: Day) throws(UsageError) {
        let manager = FileManager.default
        func parameter(_ name: String) -> String { name == "inbox" ? pipeline.settings.inbox : pipeline.settings.archive }
        // The retention policy against the as-of date: refused here, not after the stages before purge committed.
        if stages.contains(.purge) { try pipeline.settings.retention.check(asOf: asOf) }
        if stages.contains(.ingest) || stages.contains(.archive) {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: parameter("inbox"), isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("inbox bestaat niet of is geen map: \(parameter("inbox")) (parameter inbox van \(pipeline.path))")
            }
        }
        if stages.contains(.archive) || stages.contains(.purge) {
            // The archive, or the nearest folder above it that exists, must be a writable folder.
            var candidate = (parameter("archive") as NSString).standardizingPath
            if candidate.isEmpty { candidate = "." }
            while !manager.fileExists(atPath: candidate), candidate != "/", !candidate.isEmpty, candidate != "." {
                candidate = (candidate as NSString).deletingLastPathComponent
                if candidate.isEmpty { candidate = "." }
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue,
                manager.isWritableFile(atPath: candidate)
            else {
                throw UsageError("archief niet schrijfbaar: \(parameter("archive")) (parameter archive van \(pipeline.path))")
            }
        }
    }

    static func runner(for stage: PipelineDefinition.Stage) -> any StageRunner {
        switch stage {
        case .reference: ReferenceStage()
        case .ingest: IngestStage()
        case .archive: ArchiveStage()
        case .purge: PurgeStage()
        case .aggregate: AggregateStage()
        case .publish: PublishStage()
        }
    }

    public func run(report: @escaping (String) -> Void) throws -> Summary {
        var stages = pipeline.stages
        if let fromStage {
            guard let index = stages.firstIndex(of: fromStage) else {
                throw UsageError("--from-stage \(fromStage.rawValue): pijplijn \(pipeline.name) heeft die stap niet")
            }
            stages = Array(stages[index...])
        }
        try Self.preflight(pipeline, stages: stages, asOf: asOf)
        var notices: [String] = []
        if let previous = try database.latestRunAsOf(pipeline: pipeline.name), asOf < previous {
            // A clock set back, or a replay: said once, and the declared periods of this run
            // retract nothing dated after its as-of (the delivery writer's rule).
            let notice =
                "let op: peildatum \(asOf) ligt vóór die van de vorige run (\(previous)); incidenten van na \(asOf) worden niet ingetrokken en regels van na \(asOf) gaan in quarantaine"
            report(notice)
            notices.append(notice)
        }
        let log = try RunLog.start(pipeline: pipeline.name, parameters: pipeline.parameters, asOf: asOf, in: database)
        let context = StageContext(
            database: database, pipeline: pipeline, asOf: asOf, report: report, progress: progress,
            period: period, output: output)
        var status = ExitStatus.done
        var done: [(String, String, Int, String)] = []
        for (position, stage) in stages.enumerated() {
            try log.stageStarted(stage.rawValue, position: position + 1)
            do {
                let outcome = try Self.runner(for: stage).run(context)
                let text = outcome.status == .done ? "klaar" : "klaar, met quarantaine of weigeringen"
                try log.stageFinished(stage.rawValue, status: text, rows: outcome.rows, message: outcome.message)
                report("\(stage.rawValue): \(outcome.message)")
                status = status.combined(with: outcome.status)
                done.append((stage.rawValue, text, outcome.rows, outcome.message))
            } catch {
                let message = String(describing: error)
                try? log.stageFinished(stage.rawValue, status: "mislukt", rows: 0, message: message)
                try? log.finish(status: "mislukt bij \(stage.rawValue)")
                throw error
            }
        }
        try log.finish(status: status == .done ? "klaar" : "klaar, met quarantaine of weigeringen")
        return Summary(pipeline: pipeline.name, runId: log.runId, status: status, stages: done, notices: notices)
    }
}
