import Domain
import Formats
import Foundation
import Ingest
import Reports
import Store
import TestSupport
import Testing

@Suite("every pipeline passes the audit on random data with small counts", .serialized)
struct RandomPackTests {
    @Test("six pipelines, random small counts", arguments: [11, 23, 37] as [UInt64])
    func random(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let schools = ["PO1", "PO2", "VO1", "MBO1", "SO1"]
        let categories = ["WAPENS", "PESTEN", "DRUGS", "OVERLAST", "SEKSUEEL", "DIEFSTAL"]
        var text = "incident_id,school_code,datum,categorie,locatie,politie\n"
        for index in 0..<(150 + next(150)) {
            let day = Day(year: 2023, month: 8, day: 1)!.adding(days: next(700))
            text +=
                "R\(index),\(schools[next(5)]),\(day),\(categories[next(6)]),\(["school", "online", "omgeving"][next(3)]),\(["ja", "nee", ""][next(3)])\n"
        }
        _ = try Ingester(database: database, asOf: Day(iso: "2025-07-31")!).ingest(path: try folder.write("random.csv", text))
        _ = try MartBuilder.refresh(database)
        for pipeline in ["kerngroep", "bestuurlijk", "stadsdeel", "po-wijk", "stedelijke-voorzieningen", "schoolgesprek"] {
            var (cadence, parameters) = try DemoPacks.parameters(pipeline)
            // The small reference set has two primary schools, fewer than po-wijk's min_schools:
            // the audit is tested on their pack all the same.
            if pipeline == "po-wijk" { parameters["min_schools"] = "1" }
            let settings = try PackSettings(pipelineName: pipeline, cadence: cadence, parameters: parameters)
            let period = settings.cadence.lastComplete(asOf: Day(iso: "2025-07-31")!)
            let result = try PackPublisher.publish(
                pipeline: pipeline, settings: settings, parameters: parameters, period: period,
                asOf: Day(iso: "2025-07-31")!, output: folder.file("uit/\(pipeline)"), in: database)
            #expect(!result.packs.isEmpty, "\(pipeline)")
        }
    }
}
