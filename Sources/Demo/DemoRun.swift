import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store

/// The built-in demo from start to end: fictional reference data and exports are written under
/// the output folder, loaded into a new database there, and summarised as count tables.
///
/// Layout of the output folder:
/// - `referentie/`: the reference CSV files (SPEC §1)
/// - `inbox/<school_code>/`: one export per school and quarter, plus a correction and a flawed file
/// - `schoolveilig.sqlite`: the database (made anew on every demo run)
/// - `tellingen/`: `counts` tables as CSV
public struct DemoRun {
    public let output: String
    public let asOf: Day
    public let log: (String) -> Void

    public init(
        output: String, asOf: Day, databasePath: String? = nil,
        log: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    ) throws {
        guard asOf >= DemoScenario.firstDay else {
            throw UsageError("--as-of moet op of na \(DemoScenario.firstDay) liggen")
        }
        self.output = output
        self.asOf = asOf
        self.log = log
        self.databasePath = databasePath ?? (output as NSString).appendingPathComponent("schoolveilig.sqlite")
    }

    public let databasePath: String
    public var inbox: String { path("inbox") }

    /// Runs the demo; returns `.done` when every step did what the demo expects.
    public func execute() throws -> ExitStatus {
        try prepareFolder()
        let reference = DemoReference.make()
        try DemoReference.write(reference, to: path("referentie"))
        let incidents = DemoIncidents.make(reference: reference, asOf: asOf)
        try DemoInbox.write(incidents: incidents, reference: reference, from: DemoScenario.firstDay, to: asOf, to: inbox)
        log(
            "demo: \(reference.scholen.count) fictieve scholen, \(incidents.count) fictieve incidenten, \(DemoScenario.firstDay) t/m \(asOf)"
        )

        let database = try SchoolveiligDatabase.openMigrated(path: databasePath)
        let loaded = try ReferenceLoader.load(directory: path("referentie"))
        _ = try ReferenceStore.replace(loaded.data, sha256: loaded.sha256, source: path("referentie"), force: false, in: database)
        let summaries = try Ingester(database: database, asOf: asOf, periodFromFileName: true).ingest(try ExportFiles.expand([inbox]))
        let rejected = summaries.filter { if case .rejected = $0.outcome { true } else { false } }
        for summary in rejected { log(summary.line) }
        let totals = summaries.compactMap { summary -> DeliveryWriter.Totals? in
            if case .stored(let totals) = summary.outcome { totals } else { nil }
        }
        let quarantined = totals.reduce(0) { $0 + $1.quarantinedLines }
        let updated = totals.reduce(0) { $0 + $1.updated }
        log(
            "ingelezen: \(summaries.count) bestanden, \(totals.reduce(0) { $0 + $1.new }) incidenten nieuw, \(updated) bijgewerkt door een correctie, \(quarantined) regels in quarantaine (opzettelijk foutief demobestand)"
        )

        let tables: [[CountDimension]] = [
            [.schooljaar, .sector], [.schooljaar, .stadsdeel], [.kwartaal, .gebied, .categorie],
            [.schooljaar, .categorie, .politie], [.maand],
        ]
        for dimensions in tables {
            let counts = try Counts.compute(by: dimensions, in: database)
            let name = "aantal_per_" + dimensions.map(\.rawValue).joined(separator: "_") + ".csv"
            try FileOutput.write(counts.render(.csv), to: path("tellingen"), name: name)
        }
        let perYear = try Counts.compute(by: [.schooljaar, .sector], in: database)
        log("\nincidenten per schooljaar en sector:\n" + perYear.render(.table))
        let byArea = try Counts.compute(by: [.schooljaar, .stadsdeel, .categorie], in: database)
        let trendRows = byArea.rows.filter {
            $0.values[1] == DemoScenario.risingTrend.stadsdeel && $0.values[2] == DemoScenario.risingTrend.categorie
        }
        let trend = trendRows.map { "  \($0.values[0]): \($0.aantal)" }.joined(separator: "\n")
        log(
            "ingebouwde stijgende trend, \(DemoScenario.risingTrend.categorie) in stadsdeel \(DemoScenario.risingTrend.stadsdeel):\n"
                + trend)
        log("uitvoer: \(output) (referentie/, inbox/, tellingen/); database: \(databasePath)")
        let expectedOutcome = rejected.isEmpty && quarantined == DemoInbox.deliberateQuarantineLines
        if !expectedOutcome { log("demo: onverwachte uitkomst bij het inlezen") }
        return expectedOutcome ? .done : .failed
    }

    /// Removes what an earlier demo run left (only the demo's own files and folders).
    private func prepareFolder() throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
        for name in ["referentie", "inbox", "tellingen", "schoolveilig.sqlite", "schoolveilig.sqlite-wal", "schoolveilig.sqlite-shm"] {
            let target = path(name)
            if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
        }
    }

    private func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }
}
