import Demo
import Domain
import Foundation
import TestSupport
import Testing

@Suite("The demo: deterministic, realistic, ingested cleanly")
struct DemoTests {
    @Test("two demo runs give byte-identical exports and the same counts")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        var logs: [String] = []
        let first = try DemoRun(output: folder.file("a"), asOf: DemoScenario.defaultAsOf) { _ in }
        let second = try DemoRun(output: folder.file("b"), asOf: DemoScenario.defaultAsOf) { logs.append($0) }
        #expect(try first.execute() == .done)
        #expect(try second.execute() == .done)
        for table in try FileManager.default.contentsOfDirectory(atPath: folder.file("a/tellingen")) {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder.file("a/tellingen/\(table)")))
            let b = try Data(contentsOf: URL(fileURLWithPath: folder.file("b/tellingen/\(table)")))
            #expect(a == b, "\(table) differs between runs")
        }
        #expect(logs.contains { $0.contains("5 regels in quarantaine") })
    }

    @Test("about 60 schools in every sector and stadsdeel; holidays quieter; the injected trend rises")
    func shape() throws {
        let reference = DemoReference.make()
        #expect((55...65).contains(reference.scholen.count))
        #expect(Set(reference.scholen.map(\.sector)) == Set(Sector.allCases))
        #expect(Set(reference.wijken.map(\.stadsdeel)) == ["Haven", "Stad", "Buiten", "Hout", "Poort"])
        #expect(Set(reference.wijken.map(\.gebied)) == ["Oost-Haven", "West-Poort", "Buiten-Hout"])
        let incidents = DemoIncidents.make(reference: reference, asOf: DemoScenario.defaultAsOf)
        let summer = incidents.filter { $0.datum.month == 8 }.count
        let october = incidents.filter { $0.datum.month == 11 }.count
        #expect(summer * 5 < october)
        let schoolYears = Set(incidents.map(\.datum.schooljaar))
        #expect(schoolYears.isSuperset(of: ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]))
        let buiten = Set(reference.wijken.filter { $0.stadsdeel == "Buiten" }.map(\.code))
        let buitenSchools = Set(reference.scholen.filter { buiten.contains($0.wijkCode) }.map(\.code))
        func weapons(_ year: String) -> Int {
            incidents.filter { $0.categorie == "WAPENS" && buitenSchools.contains($0.schoolCode) && $0.datum.schooljaar == year }.count
        }
        #expect(weapons("2025-2026") > 2 * weapons("2022-2023"))
    }
}

@Suite("The shipped demo reference set")
struct DemoFixtureTests {
    @Test("fixtures/reference holds exactly what the demo generator writes")
    func fixturesMatchGenerator() throws {
        let folder = try TemporaryFolder()
        try DemoReference.write(DemoReference.make(), to: folder.file("ref"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["wijken.csv", "scholen.csv", "leerlingen.csv", "categorieen.csv"] {
            let shipped = try Data(contentsOf: root.appendingPathComponent("fixtures/reference/\(name)"))
            let generated = try Data(contentsOf: URL(fileURLWithPath: folder.file("ref/\(name)")))
            #expect(
                shipped == generated,
                "fixtures/reference/\(name) differs from the generator's output; regenerate with `schoolveilig demo` and copy referentie/")
        }
    }
}
