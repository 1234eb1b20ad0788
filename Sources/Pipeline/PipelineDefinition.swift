import Domain
import Formats
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
    /// The parameters as written (with `--set` applied): recorded in the run log and the manifest.
    public let parameters: [String: String]
    public let stages: [Stage]
    /// The same parameters decoded once, with one set of rules (`PipelineParameter`).
    public let settings: PipelineSettings

    init(name: String, path: String, description: String, cadence: String, parameters: [String: String], stages: [Stage]) throws(UsageError)
    {
        self.name = name
        self.path = path
        self.description = description
        self.cadence = cadence
        self.parameters = parameters
        self.stages = stages
        settings = try PipelineSettings(name: name, cadence: cadence, parameters: parameters, publishes: stages.contains(.publish))
    }

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
                if let problem = PipelineParameter.problem(parameter, scalar.string) { throw fail(value, problem) }
                parameters[parameter] = scalar.string
            }
        }
        guard let stagesNode = entries["stages"], let sequence = stagesNode.sequence, !sequence.isEmpty else {
            throw fail(entries["stages"] ?? root, "'stages' ontbreekt of is geen lijst")
        }
        var stages: [Stage] = []
        for item in sequence {
            guard let text = item.scalar?.string, let stage = Stage(rawValue: text) else {
                throw fail(
                    item,
                    "onbekende stap '\(item.scalar?.string ?? "?")'; stappen: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !stages.contains(stage) else { throw fail(item, "stap '\(text)' staat twee keer in de lijst") }
            stages.append(stage)
        }
        for stage in stages {
            for required in Self.requiredParameters(for: stage) where parameters[required] == nil {
                throw fail(entries["parameters"] ?? root, "stap '\(stage.rawValue)' heeft parameter '\(required)' nodig")
            }
        }
        do {
            return try PipelineDefinition(
                name: name, path: path, description: entries["description"]?.scalar?.string ?? "",
                cadence: cadence, parameters: parameters, stages: stages)
        } catch {
            throw fail(entries["parameters"] ?? entries["cadence"] ?? root, error.message)
        }
    }

    static func requiredParameters(for stage: Stage) -> [String] {
        switch stage {
        case .reference: ["reference"]
        case .ingest: ["inbox"]
        case .archive: ["inbox", "archive"]
        case .purge: ["archive"]
        case .aggregate, .publish: []
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
                throw UsageError(
                    "--set: pijplijn \(name) kent parameter '\(key)' niet (wel: \(values.keys.sorted().joined(separator: ", ")))")
            }
            let value = String(assignment[assignment.index(after: equals)...])
            if let problem = PipelineParameter.problem(key, value) { throw UsageError("--set: \(problem)") }
            values[key] = value
        }
        return try PipelineDefinition(
            name: name, path: path, description: description, cadence: cadence, parameters: values, stages: stages)
    }
}
