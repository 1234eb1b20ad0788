import Analytics
import Demo
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@testable import Reports

@Suite("disclosure control in the packs", .serialized)
struct DisclosureInPackTests {
    /// The CSV rows of a written table.
    func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test("secondary suppression: no hidden count can be recomputed from a row's total; the audit over the written CSV refuses a leak")
    func secondary() throws {
        let demo = try DemoPacks.get()
        let (output, result) = try demo.publish("kerngroep", into: "afscherming")
        #expect(result.hidden > 0)
        let folder = output + "/kerngroep_2026-Q3"
        let table = try rows(folder + "/uitsplitsing_stadsdeel.csv")
        // Along every row of stadsdeel × categorie: never exactly one hidden cell beside a published total.
        var byPlace: [String: [[String]]] = [:]
        for row in table.dropFirst() where row[0] == "2026-Q3" { byPlace[row[1], default: []].append(row) }
        for (place, lines) in byPlace {
            let hidden = lines.filter { $0[2] != "Totaal" && $0[3] == "x" }.count
            let totalPublished = lines.first { $0[2] == "Totaal" }.map { $0[3] != "x" } ?? false
            #expect(!(hidden == 1 && totalPublished), "\(place): één verborgen cel naast een gepubliceerd totaal")
        }
        let manifest = try String(contentsOfFile: output + "/manifest.json", encoding: .utf8)
        // One number per pack: how many of the hidden cells are primary would tell how many hold 1 to 4.
        #expect(manifest.contains("\"verborgen\": \(result.hidden),"), "\(manifest.prefix(900))")
        #expect(!manifest.contains("verborgen_primair") && !manifest.contains("verborgen_secundair"))
        #expect(result.hidden > 0)

        // Reveal one hidden cell in the written CSV: the audit over the files now refuses.
        let manifestPack = try #require(DemoPacks.files(folder).first { $0 == "uitsplitsing_stadsdeel.csv" })
        var lines = try String(contentsOfFile: folder + "/" + manifestPack, encoding: .utf8).components(separatedBy: "\r\n")
        let counts = try Counts.compute(
            by: [.stadsdeel, .categorie], from: Day(iso: "2026-07-01"), to: Day(iso: "2026-09-30"), in: demo.database)
        func truth(_ line: String) -> Int {
            let fields = line.components(separatedBy: ",")
            return counts.rows.first { $0.values == [fields[1], fields[2]] }?.aantal ?? 0
        }
        // A hidden small count (a cell hidden by the insider rule or `min_schools` may hold more).
        let index = try #require(
            lines.firstIndex { $0.hasPrefix("2026-Q3,") && $0.contains(",x,") && !$0.contains("Totaal") && (1...4).contains(truth($0)) })
        let truth = truth(lines[index])
        lines[index] = lines[index].replacingOccurrences(of: ",x,", with: ",\(truth),")
        let leaked = folder + "/gelekt.csv"
        try lines.joined(separator: "\r\n").write(toFile: leaked, atomically: true, encoding: .utf8)

        let (cadence, parameters) = try DemoPacks.parameters("kerngroep")
        let settings = try PackSettings(pipelineName: "kerngroep", cadence: cadence, parameters: parameters)
        let period = try Period.parse("2026-Q3")
        let content = try PackContent.build(settings: settings, period: period, asOf: demo.asOf, filter: SchoolFilter(), in: demo.database)
        let hierarchies = try PackSuppression.hierarchies(demo.database)
        let suppressed = try PackSuppression.apply(
            content, settings: settings, ownSchool: nil, hierarchies: hierarchies, registers: [:],
            audience: "test", complianceLinked: true)
        let written = suppressed.content.tables.filter { $0.slug == "uitsplitsing_stadsdeel" }.map { ($0, leaked) }
        #expect(throws: FailureError.self) {
            try PackSuppression.audit(
                written: written, dialect: .rfc4180, settings: settings, ownSchool: nil, suppressed: suppressed, pack: "test")
        }
        let honest = suppressed.content.tables.filter { $0.slug == "uitsplitsing_stadsdeel" }.map {
            ($0, folder + "/uitsplitsing_stadsdeel.csv")
        }
        try PackSuppression.audit(
            written: honest, dialect: .rfc4180, settings: settings, ownSchool: nil, suppressed: suppressed, pack: "test")
    }

    @Test("the Toelichting states the rule; a second edition after a late delivery is checked against the release register")
    func registerAndRule() throws {
        let folder = try TemporaryFolder()
        let demoRun = try Demo.DemoRun(output: folder.file("demo"), asOf: Demo.DemoScenario.defaultAsOf) { _ in }
        _ = try demoRun.execute()
        let database = try SchoolveiligDatabase.openMigrated(path: demoRun.databasePath)
        _ = try MartBuilder.refresh(database)
        let (cadence, parameters) = try DemoPacks.parameters("kerngroep")
        let settings = try PackSettings(pipelineName: "kerngroep", cadence: cadence, parameters: parameters)
        let period = try Period.parse("2026-Q2")
        _ = try PackPublisher.publish(
            pipeline: "kerngroep", settings: settings, parameters: parameters, period: period,
            asOf: Demo.DemoScenario.defaultAsOf, output: folder.file("editie1"), in: database)
        // The incident cells are in the one publication (issue 16), not in a register per audience.
        let registered = try database.probe.strings("SELECT DISTINCT edition FROM published_cell ORDER BY edition")
        #expect(registered.contains("kerngroep 2026-Q2"), "\(registered)")
        let sheets = try DemoPacks.workbookText(folder.file("editie1/kerngroep_2026-Q2.xlsx"))
        #expect(sheets["Toelichting"]!.flatMap { $0 }.contains { $0.contains("secundaire onderdrukking") })

        // A late delivery for a quarter already published, then the same pack again.
        try folder.write("laat/VO01/laat.csv", "incident_id,school_code,datum,categorie\nLAAT1,VO01,2026-05-12,WAPENS\n")
        _ = try Ingester(database: database, asOf: Demo.DemoScenario.defaultAsOf).ingest(path: folder.file("laat/VO01/laat.csv"))
        _ = try MartBuilder.refresh(database)
        _ = try PackPublisher.publish(
            pipeline: "kerngroep", settings: settings, parameters: parameters, period: period,
            asOf: Demo.DemoScenario.defaultAsOf, output: folder.file("editie2"), in: database)
        #expect(FileManager.default.fileExists(atPath: folder.file("editie2/kerngroep_2026-Q2.xlsx")))
    }
}
