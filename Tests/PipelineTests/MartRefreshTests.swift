import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// The marts' incremental refresh must equal a full rebuild for the same deliveries in the same
/// order, whatever the deliveries do: new rows, changed values, a changed datum (old and new month),
/// retractions through a declared period, aggregated counts, conflicting repeats.
@Suite("Marts: incremental refresh equals a full rebuild, on both stores")
struct MartRefreshTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let schools = ["PO1", "PO2", "VO1", "MBO1"]
    static let categories = ["PESTEN", "WAPENS", "DIEFSTAL"]

    static func delivery(_ random: inout Generator, number: Int) -> (text: String, period: String?, school: String?) {
        let school = schools[random.next(schools.count)]
        switch random.next(6) {
        case 0:
            // Aggregated counts for two months, zeros allowed.
            var lines = ["school_code,maand,categorie,locatie,politie,aantal"]
            for month in [1 + random.next(6), 7 + random.next(5)] {
                lines.append("\(school),2025-\(month < 10 ? "0" : "")\(month),\(categories[random.next(3)]),school,ja,\(random.next(4))")
            }
            return (lines.joined(separator: "\n") + "\n", nil, nil)
        default:
            var lines = ["incident_id,school_code,datum,categorie,locatie,politie"]
            for _ in 0..<(1 + random.next(12)) {
                // Ids from a small pool, so later deliveries update and move earlier rows.
                let id = "K\(random.next(15))"
                let month = 1 + random.next(12)
                lines.append(
                    "\(id),\(school),2025-\(month < 10 ? "0" : "")\(month)-\(10 + random.next(18)),\(categories[random.next(3)]),\(["school", "online"][random.next(2)]),\(["ja", "nee"][random.next(2)])"
                )
            }
            let declared = random.next(4) == 0
            return (lines.joined(separator: "\n") + "\n", declared ? "2025-H1" : nil, declared ? school : nil)
        }
    }

    @Test("random delivery sequences", arguments: TestStores.kinds, 1...12)
    func property(kind: StoreKind, seed: Int) throws {
        var random = Generator(state: UInt64(seed) &* 0x9E3779B97F4A7C15)
        let folder = try TemporaryFolder()
        let test = try TestStores.withSmallReference(kind, in: folder)
        let database = test.store
        for number in 0..<8 {
            let (text, period, school) = Self.delivery(&random, number: number)
            let ingester = Ingester(
                database: database, asOf: Day(iso: "2025-12-31")!, declaredPeriod: try period.map { try Period.parse($0) }, school: school)
            _ = try ingester.ingest(path: try folder.write("d\(number).csv", text))
            // Refresh after some deliveries only, as nightly runs would.
            if random.next(2) == 0 { _ = try database.refreshMarts(full: false) }
        }
        _ = try database.refreshMarts(full: false)
        let incremental = try test.martLines()
        _ = try database.refreshMarts(full: true)
        let full = try test.martLines()
        #expect(incremental == full)
        // And the mart agrees with the stored data's total.
        let total =
            (try test.int("SELECT count(*) FROM incident") ?? 0)
            + (try test.int("SELECT coalesce(sum(aantal), 0) FROM aggregate_count") ?? 0)
        #expect(full.reduce(0) { $0 + Int($1.split(separator: "|").last!)! } == total)
    }

    @Test("nothing new: nothing rebuilt; a reference load rebuilds everything", arguments: TestStores.kinds)
    func unchangedAndReference(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try TestStores.withSmallReference(kind, in: folder)
        let database = test.store
        _ = try Ingester(database: database, asOf: Day(iso: "2025-12-31")!).ingest(
            path: try folder.write("a.csv", "incident_id,school_code,datum,categorie\nA,VO1,2025-01-01,PESTEN\n"))
        #expect(try database.refreshMarts(full: false).kind == .full)
        #expect(try database.refreshMarts(full: false).kind == .unchanged)
        _ = try Ingester(database: database, asOf: Day(iso: "2025-12-31")!).ingest(
            path: try folder.write("b.csv", "incident_id,school_code,datum,categorie\nA,VO1,2025-03-01,PESTEN\n"))
        let moved = try database.refreshMarts(full: false)
        #expect(moved.kind == .incremental)
        #expect(moved.pairs == 2)  // the old and the new month
        #expect(try test.martLines() == ["2025-03|VO1|PESTEN|onbekend|onbekend|1"])
        try folder.write("r2/wijken.csv", SmallReference.wijken + "\n")
        try folder.write("r2/scholen.csv", SmallReference.scholen + "\n")
        try folder.write("r2/leerlingen.csv", SmallReference.leerlingen + "\nVO1,2025-2026,1250\n")
        let loaded = try ReferenceLoader.load(directory: folder.file("r2"))
        _ = try database.replaceReference(loaded.data, sha256: loaded.sha256, source: "r2", force: false)
        #expect(try database.refreshMarts(full: false).kind == .full)
    }
}
