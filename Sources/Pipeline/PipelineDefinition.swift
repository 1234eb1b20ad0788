import Domain
import Foundation
import Ingest
import Reports
import Yams

/// A pipeline file (`pipelines/NAME.yml`): its stages, in order, and its parameters, which
/// `run --set KEY=VALUE` overrides (as dbt's `--vars` does). Checked on load: unknown keys,
/// wrong types and unknown stages are refused with the file, line and column.
///
/// ```yaml
/// name: nightly
/// description: Nachtelijke inname (cron)
/// cadence: daily
/// parameters:
///   inbox: inbox
///   archive: archief
///   reference: referentie
///   rejected_days: 30
/// stages: [reference, ingest, archive, purge, aggregate]
/// ```
public struct PipelineDefinition: Sendable, Equatable {
    public let name: String
    public let path: String
    public let description: String
    public let cadence: String
    public let parameters: [String: String]
    public let stages: [Stage]

    public enum Stage: String, CaseIterable, Sendable {
        /// Loads the reference folder when its content differs from the reference data in use.
        case reference
        /// Ingests the files waiting in the inbox.
        case ingest
        /// Moves handled files out of the inbox: minimised canonical rows to the archive, rejected
        /// files aside for the operator.
        case archive
        /// Purges rejected files older than `rejected_days`.
        case purge
        /// Refreshes the marts (counts per month × school × categorie × locatie × politie).
        case aggregate
        /// Writes the packs of a meeting: XLSX, CSV and manifest (signals and disclosure control included).
        case publish
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static let knownKeys = ["name", "description", "cadence", "parameters", "stages"]
    static let cadences = ["daily", "quarter", "half-year", "school-year", "school-year-third", "year", "month"]

    public static func load(path: String) throws(Problem) -> PipelineDefinition {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Problem(message: "\(path): pijplijn niet gevonden of niet leesbaar")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(Problem) -> PipelineDefinition {
        func fail(_ node: Node?, _ message: String) -> Problem {
            Problem(message: "\(path)\(node?.mark.map { " regel \($0.line), kolom \($0.column)" } ?? ""): \(message)")
        }
        let root: Node
        do {
            guard let composed = try ConfigurationYAML.compose(text) else { throw fail(nil, "de pijplijn is leeg") }
            root = composed
        } catch let problem as Problem {
            throw problem
        } catch let problem as ConfigurationYAML.KeyProblem {
            throw Problem(message: "\(path) \(problem)")
        } catch {
            throw Problem(message: "\(path): geen geldige YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw fail(root, "verwacht sleutels (name, stages, parameters, …)") }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, knownKeys.contains(name) else {
                throw fail(key, "onbekende sleutel '\(key.string ?? "?")'; bekend: \(knownKeys.joined(separator: ", "))")
            }
            entries[name] = value
        }
        guard let nameNode = entries["name"], let name = nameNode.scalar?.string, !name.isEmpty else {
            throw fail(entries["name"] ?? root, "'name' ontbreekt of is geen tekst")
        }
        let cadence = entries["cadence"]?.scalar?.string ?? "daily"
        if !cadences.contains(cadence) {
            throw fail(entries["cadence"], "onbekende cadans '\(cadence)'; kies uit \(cadences.joined(separator: ", "))")
        }
        var parameters: [String: String] = [:]
        if let node = entries["parameters"] {
            guard let map = node.mapping else { throw fail(node, "parameters: verwacht 'naam: waarde' per regel") }
            for (key, value) in map {
                guard let parameter = key.string, let scalar = value.scalar else {
                    throw fail(value, "parameters: '\(key.string ?? "?")' moet één waarde hebben (tekst of getal)")
                }
                if let problem = typeProblem(parameter, scalar.string) { throw fail(value, problem) }
                parameters[parameter] = scalar.string
            }
        }
        guard let stagesNode = entries["stages"], let sequence = stagesNode.sequence, !sequence.isEmpty else {
            throw fail(entries["stages"] ?? root, "'stages' ontbreekt of is geen lijst")
        }
        var stages: [Stage] = []
        for item in sequence {
            guard let text = item.scalar?.string, let stage = Stage(rawValue: text) else {
                throw fail(item, "onbekende stap '\(item.scalar?.string ?? "?")'; stappen: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !stages.contains(stage) else { throw fail(item, "stap '\(text)' staat twee keer in de lijst") }
            stages.append(stage)
        }
        let definition = PipelineDefinition(name: name, path: path, description: entries["description"]?.scalar?.string ?? "",
                                            cadence: cadence, parameters: parameters, stages: stages)
        if stages.contains(.publish) {
            do {
                _ = try PackSettings(pipelineName: name, cadence: cadence, parameters: parameters)
            } catch {
                throw fail(entries["parameters"] ?? entries["cadence"] ?? root, error.message)
            }
        }
        for stage in stages {
            for required in definition.requiredParameters(for: stage) where parameters[required] == nil {
                throw fail(entries["parameters"] ?? root, "stap '\(stage.rawValue)' heeft parameter '\(required)' nodig")
            }
        }
        return definition
    }

    func requiredParameters(for stage: Stage) -> [String] {
        switch stage {
        case .reference: ["reference"]
        case .ingest: ["inbox"]
        case .archive: ["inbox", "archive"]
        case .purge: ["archive"]
        case .aggregate, .publish: []
        }
    }

    /// Parameters with a type: whole numbers of days, yes/no switches, periods.
    static func typeProblem(_ parameter: String, _ value: String) -> String? {
        switch parameter {
        case "rejected_days":
            return Int(value).map { $0 >= 0 } == true ? nil : "parameter '\(parameter)' moet een geheel aantal dagen (0 of meer) zijn, niet '\(value)'"
        case "inbox", "archive", "reference":
            // A relative path stays inside the folder the run starts in; leaving it takes an
            // absolute path, so that it is explicit.
            var depth = 0
            for part in value.split(separator: "/") where !value.hasPrefix("/") {
                if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
                if depth < 0 {
                    return "parameter '\(parameter)': het relatieve pad '\(value)' verlaat de map waarin de run start; geef een absoluut pad als dat de bedoeling is"
                }
            }
            return value.isEmpty ? "parameter '\(parameter)' is leeg" : nil
        case "max_file_mb", "max_record_kb", "max_columns", "retention_incident_months", "retention_quarantine_days", "retention_runlog_days":
            return Int(value).map { $0 > 0 } == true ? nil : "parameter '\(parameter)' moet een positief geheel getal zijn, niet '\(value)'"
        case "threshold", "trend_periods":
            return Int(value).map { $0 > 0 } == true ? nil : "parameter '\(parameter)' moet een positief geheel getal zijn, niet '\(value)'"
        case "split":
            return ["none", "gebied", "wijk", "school"].contains(value) ? nil : "parameter 'split' moet none, gebied, wijk of school zijn, niet '\(value)'"
        case "csv_dialect":
            return ["rfc4180", "excel-nl"].contains(value) ? nil : "parameter 'csv_dialect' moet rfc4180 of excel-nl zijn, niet '\(value)'"
        case "period_from_file_name", "rebuild_aggregates", "zeros_disclosive", "covenant_view":
            return ["true", "false"].contains(value) ? nil : "parameter '\(parameter)' moet true of false zijn, niet '\(value)'"
        default:
            return nil
        }
    }

    /// The definition with `--set KEY=VALUE` overrides applied; an unknown key is a usage error.
    public func overriding(_ assignments: [String]) throws(UsageError) -> PipelineDefinition {
        var values = parameters
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw UsageError("--set '\(assignment)': verwacht SLEUTEL=WAARDE")
            }
            let key = String(assignment[..<equals])
            guard values[key] != nil else {
                throw UsageError("--set: pijplijn \(name) kent parameter '\(key)' niet (wel: \(values.keys.sorted().joined(separator: ", ")))")
            }
            let value = String(assignment[assignment.index(after: equals)...])
            if let problem = Self.typeProblem(key, value) { throw UsageError("--set: \(problem)") }
            values[key] = value
        }
        if stages.contains(.publish) {
            _ = try PackSettings(pipelineName: name, cadence: cadence, parameters: values)
        }
        return PipelineDefinition(name: name, path: path, description: description, cadence: cadence, parameters: values, stages: stages)
    }
}
