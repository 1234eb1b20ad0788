import Domain
import Formats
import Ingest
import Reports
import Store

/// A pipeline's parameters decoded once into typed settings: when the file is loaded and again
/// when `--set` overrides a value, before any stage runs. A value the rules of
/// `PipelineParameter` accept decodes here; stages read these fields and never parse strings.
public struct PipelineSettings: Sendable, Equatable {
    /// `inbox`, `archive`, `reference`: folders (empty when the pipeline has none).
    public let inbox: String
    public let archive: String
    public let reference: String
    /// Days a rejected file is kept aside for the operator (`rejected_days`, default 30).
    public let rejectedDays: Int
    /// `period_from_file_name`: a file name ending in a period declares it (SPEC §2c).
    public let periodFromFileName: Bool
    /// `rebuild_aggregates`: the aggregate stage rebuilds the marts whole.
    public let rebuildAggregates: Bool
    /// `max_file_mb`, `max_record_kb`, `max_columns`.
    public let limits: IngestLimits
    /// `retention_incident_months`, `retention_quarantine_days`, `retention_runlog_days`.
    public let retention: Retention.Policy
    /// The pack settings of a pipeline with a `publish` stage.
    public let pack: PackSettings?

    /// Decodes checked parameters; a value no rule covers (a pack setting such as `sectors`) is
    /// checked by the type that reads it, here, so that it too fails at load.
    init(name: String, cadence: String, parameters: [String: String], publishes: Bool) throws(UsageError) {
        func integer(_ key: String) -> Int? { parameters[key].flatMap { Int($0) } }
        inbox = parameters["inbox"] ?? ""
        archive = parameters["archive"] ?? ""
        reference = parameters["reference"] ?? ""
        rejectedDays = integer("rejected_days") ?? 30
        periodFromFileName = parameters["period_from_file_name"] == "true"
        rebuildAggregates = parameters["rebuild_aggregates"] == "true"
        limits = try IngestLimits(
            fileMegabytes: integer("max_file_mb"), recordKilobytes: integer("max_record_kb"), columns: integer("max_columns"))
        retention = try Retention.Policy(parameters: parameters)
        pack = publishes ? try PackSettings(pipelineName: name, cadence: cadence, parameters: parameters) : nil
    }

    /// The pack settings, for a stage that needs them.
    func requirePack(_ pipeline: String) throws(UsageError) -> PackSettings {
        guard let pack else { throw UsageError("pijplijn \(pipeline) maakt geen overzichten (geen stap 'publish')") }
        return pack
    }
}
