import Analytics
import Domain
import Foundation
import Store
import TestSupport
import Testing

@Suite("mart figures: rollups, rates per 1000 pupils, never a zero that was not delivered")
struct MartFiguresTests {
    func figures(
        _ mart: MartTestDatabase, _ by: String, _ period: String, asOf: String = "2026-06-30",
        filter: SchoolFilter = SchoolFilter()
    ) throws -> LongTable {
        try MartFigures.compute(
            by: MartDimension.parseList(by), period: Period.parse(period), asOf: Day(iso: asOf)!,
            filter: filter, in: mart.database)
    }

    @Test("a calendar year weighs each school year's enrolment by its months: (7 × 1200 + 5 × 1500) / 12", arguments: TestStores.kinds)
    func weightedEnrolment(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingest(
            "vo1.csv",
            """
            V1,VO1,2025-02-03,WAPENS,school,ja,16-17,zwaar
            V2,VO1,2025-06-10,PESTEN,school,nee,12-15,licht
            V3,VO1,2025-10-01,PESTEN,online,nee,12-15,licht

            """, asOf: "2026-01-31", period: "2025", school: "VO1")
        let table = try figures(mart, "school", "2025", asOf: "2026-01-31", filter: SchoolFilter(sectors: [.vo]))
        #expect(table.dimensions == ["periode", "school"])
        #expect(table.measures == ["aantal", "leerlingen", "per_1000", "aanlevering"])
        #expect(
            table.rows == [
                LongTable.Row(
                    keys: ["2025", "VO1"],
                    values: [
                        .integer(3), .decimal(1325, places: 1), .decimal(3 / 1325.0 * 1000, places: 2), .text("volledig"),
                    ])
            ])
        #expect(table.render(.csv) == "periode,school,aantal,leerlingen,per_1000,aanlevering\n2025,VO1,3,1325.0,2.26,volledig\n")
        // By half year: each half within one school year or split 1 month / 5 months.
        let halves = try figures(mart, "halfjaar", "2025", asOf: "2026-01-31", filter: SchoolFilter(sectors: [.vo]))
        #expect(
            halves.render(.csv) == """
                halfjaar,aantal,leerlingen,per_1000,aanlevering
                2025-H1,2,1200.0,1.67,volledig
                2025-H2,1,1450.0,0.69,volledig

                """)
    }

    @Test(
        "a school without a delivery has an empty count, never 0; a month not yet ended is not due; the enrolment is the reference's",
        arguments: TestStores.kinds)
    func notDelivered(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingest("po1.csv", "P1,PO1,2024-09-12,PESTEN,school,nee,0-11,licht\n")
        let table = try figures(mart, "school,maand", "2024-09..2024-10", asOf: "2024-10-15", filter: SchoolFilter(sectors: [.po]))
        #expect(
            table.render(.csv) == """
                school,maand,aantal,leerlingen,per_1000,aanlevering
                PO1,2024-09,1,300.0,3.33,volledig
                PO1,2024-10,,300.0,,nog niet verwacht
                PO2,2024-09,,250.0,,niet aangeleverd
                PO2,2024-10,,250.0,,nog niet verwacht

                """)
    }

    @Test("every category is a row, zeros included, for the cells that delivered", arguments: TestStores.kinds)
    func zerosIncluded(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        try mart.ingest("po1.csv", "P1,PO1,2024-09-12,PESTEN,school,nee,0-11,licht\n")
        let table = try figures(mart, "categorie", "2024-09", filter: SchoolFilter(school: "PO1"))
        let categories = try mart.test.strings("SELECT code FROM categorie ORDER BY code")
        #expect(table.rows.map { $0.keys[1] } == categories)
        #expect(table.rows.first { $0.keys[1] == "PESTEN" }?.values.first == .integer(1))
        #expect(table.rows.filter { $0.keys[1] != "PESTEN" }.allSatisfy { $0.values.first == .integer(0) })
    }

    @Test(
        "rolled up at every level, the counts equal `counts` for the same period",
        arguments: TestStores.kinds,
        [
            "school", "wijk", "stadsdeel", "gebied", "sector", "stadsdeel,kwartaal,categorie", "gebied,locatie,politie", "sector,maand", "",
        ])
    func equalsCounts(kind: StoreKind, by: String) throws {
        let mart = try MartTestDatabase(kind)
        var random = SplitMix(seed: 42)
        let schools = ["PO1", "PO2", "VO1", "MBO1", "SO1"]
        let categories = ["WAPENS", "PESTEN", "DRUGS", "OVERLAST", "SEKSUEEL"]
        var rows = ""
        for index in 0..<400 {
            let day = Day(year: 2024, month: 1, day: 1)!.adding(days: Int(random.next() % 730))
            rows += "R\(index),\(schools[Int(random.next() % 5)]),\(day),\(categories[Int(random.next() % 5)]),"
            rows += "\(["school", "online", ""][Int(random.next() % 3)]),\(["ja", "nee", ""][Int(random.next() % 3)]),,\n"
        }
        try mart.ingest("random.csv", rows)
        try mart.ingestAggregated("so1.csv", "SO1,2024-05,PESTEN,school,nee,4\nSO1,2024-05,WAPENS,online,ja,2\n")
        let dimensions = try MartDimension.parseList(by)
        let table = try MartFigures.compute(by: dimensions, period: Period.parse("2024"), asOf: Day(iso: "2026-06-30")!, in: mart.database)
        let countDimensions = try CountDimension.parseList(by.isEmpty ? "jaar" : by)
        let counts = try Counts.compute(by: countDimensions, from: Day(iso: "2024-01-01"), to: Day(iso: "2024-12-31"), in: mart.database)
        var fromMart: [String: Int] = [:]
        for row in table.rows {
            guard case .integer(let n) = row.values[0], n > 0 else { continue }
            fromMart[
                (by.isEmpty ? ["2024"] : Array(row.keys.dropFirst(dimensions.contains { $0.kind == .time } ? 0 : 1))).joined(
                    separator: "|"), default: 0] += n
        }
        let fromCounts = Dictionary(uniqueKeysWithValues: counts.rows.map { ($0.values.joined(separator: "|"), $0.aantal) })
        #expect(!fromCounts.isEmpty)
        #expect(fromMart == fromCounts)
    }

    @Test("a period that is not whole months, or two time grains, is a usage error", arguments: TestStores.kinds)
    func usage(kind: StoreKind) throws {
        let mart = try MartTestDatabase(kind)
        #expect(throws: UsageError.self) { try figures(mart, "school", "2024-01-05..2024-02-29") }
        #expect(throws: UsageError.self) { try MartDimension.parseList("maand,kwartaal") }
        #expect(throws: UsageError.self) { try MartDimension.parseList("school,school") }
        #expect(throws: UsageError.self) { try MartDimension.parseList("leeftijd") }
    }
}

/// A small seeded generator: the same rows on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
