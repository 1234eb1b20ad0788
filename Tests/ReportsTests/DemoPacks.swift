import Demo
import Domain
import Formats
import Foundation
import Ingest
import Pipeline
import Reports
import Store
import TestSupport

/// The demo's database, built once per test process (a few seconds), and helpers to publish
/// packs from it into fresh folders and read them back. Every `get()` hands out a copy of its
/// own (SQLite's backup of the built database), so no test sees what another one changed.
final class DemoPacks: @unchecked Sendable {
    /// The demo as built once: its folder (kept for the whole process) and database.
    private static let built: Result<(folder: TemporaryFolder, database: SchoolveiligDatabase), Error> = Result {
        let folder = try TemporaryFolder()
        let run = try DemoRun(output: folder.file("demo"), asOf: DemoScenario.defaultAsOf) { _ in }
        _ = try run.execute()
        let database = try SchoolveiligDatabase.openMigrated(path: run.databasePath)
        _ = try MartBuilder.refresh(database)
        return (folder, database)
    }

    let folder: TemporaryFolder
    let database: SchoolveiligDatabase
    let asOf = DemoScenario.defaultAsOf

    private init() throws {
        let built = try Self.built.get()
        folder = try TemporaryFolder()
        _ = try DatabaseBackup.backup(built.database, to: folder.file("demo.sqlite"))
        // The demo's files (reference data, inbox), shared read-only: only the database is copied.
        try FileManager.default.createSymbolicLink(atPath: folder.file("demo"), withDestinationPath: built.folder.file("demo"))
        database = try SchoolveiligDatabase.openMigrated(path: folder.file("demo.sqlite"))
    }

    /// A copy of the demo database of its own, in a folder of its own.
    static func get() throws -> DemoPacks { try DemoPacks() }

    /// The shipped pipeline file's cadence and parameters, read by the pipeline loader itself.
    static func parameters(_ pipeline: String) throws -> (cadence: String, parameters: [String: String]) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("pipelines/\(pipeline).yml").path
        let definition = try PipelineDefinition.load(path: path)
        return (definition.cadence, definition.parameters)
    }

    /// Publishes `pipeline` (with `overrides`) into a new folder; returns the folder.
    func publish(_ pipeline: String, period: String? = nil, overrides: [String: String] = [:], into name: String) throws -> (
        String, PackPublisher.Result
    ) {
        var (cadence, parameters) = try Self.parameters(pipeline)
        for (key, value) in overrides { parameters[key] = value }
        let settings = try PackSettings(pipelineName: pipeline, cadence: cadence, parameters: parameters)
        let chosen = try period.map { try Period.parse($0) } ?? settings.cadence.lastComplete(asOf: asOf)
        let output = folder.file(name)
        // Each publication starts from an empty release register (the register's own behaviour,
        // edition after edition, is tested on a database of its own).
        try database.probe.execute("DELETE FROM release_register")
        let result = try PackPublisher.publish(
            pipeline: pipeline, settings: settings, parameters: parameters, period: chosen,
            asOf: asOf, output: output, in: database)
        return (output, result)
    }

    /// Every file a user sees under `folder` (symbolic links followed, as a reader follows
    /// them into the current edition; hidden entries left out), relative, sorted.
    static func files(_ folder: String) -> [String] {
        var found: [String] = []
        func walk(_ path: String, _ prefix: String) {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []) where !name.hasPrefix(".") {
                let item = (path as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: item, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue { walk(item, prefix + name + "/") } else { found.append(prefix + name) }
            }
        }
        walk(folder, "")
        return found.sorted()
    }

    /// The text of every cell of every sheet of a workbook.
    static func workbookText(_ path: String) throws -> [String: [[String]]] {
        var sheets: [String: [[String]]] = [:]
        for name in try XLSXSheetReader(path: path).sheetNames {
            var rows: [[String]] = []
            try XLSXSheetReader(path: path, sheet: name).forEachRow { record, _ in
                rows.append((0..<record.fieldCount).map { record.string($0) })
            }
            sheets[name] = rows
        }
        return sheets
    }
}
