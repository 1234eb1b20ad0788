import Domain
import Testing

@Suite("months, grains and the covenant period")
struct MonthTests {
    @Test(
        "school-year thirds: Aug–Nov T1, Dec–Mar T2, Apr–Jul T3, across the turn of the year",
        arguments: [
            ("2024-07", "2023-2024-T3"), ("2024-08", "2024-2025-T1"), ("2024-11", "2024-2025-T1"),
            ("2024-12", "2024-2025-T2"), ("2025-01", "2024-2025-T2"), ("2025-03", "2024-2025-T2"),
            ("2025-04", "2024-2025-T3"), ("2025-07", "2024-2025-T3"),
        ])
    func thirds(month: String, third: String) throws {
        let parsed = try #require(Month(text: month))
        #expect(parsed.tertiaal == third)
        #expect(parsed.description == month)
        // Every third parses back as a period holding the month.
        let period = try #require(Period.named(third))
        #expect(period.months.contains(parsed))
    }

    @Test("each grain labels a month as the counts dimensions do")
    func grains() throws {
        let month = try #require(Month(text: "2024-12"))
        let period = try Period.parse("2024-2025")
        #expect(
            PeriodGrain.allCases.map { $0.label(month, period: period) } == [
                "2024-12", "2024-Q4", "2024-H2", "2024-2025", "2024-2025-T2", "2024", "2024-2025",
            ])
        #expect(PeriodGrain.tertiaal.columnName == "periode")
        #expect(PeriodGrain.schooljaar.columnName == "schooljaar")
    }

    @Test("months of a period, and whether it is whole months")
    func months() throws {
        #expect(try Period.parse("2024-2025-T2").months.map(\.description) == ["2024-12", "2025-01", "2025-02", "2025-03"])
        #expect(try Period.parse("2024-02").isWholeMonths)
        #expect(try Period.parse("2024-2025").months.count == 12)
        #expect(try !Period.parse("2024-02-01..2024-02-28").isWholeMonths)
        #expect(try Period.parse("2024-02-01..2024-02-29").isWholeMonths)
        #expect(Month.range(Month(text: "2025-03")!, Month(text: "2025-01")!).isEmpty)
        #expect(Month(text: "2025-13") == nil)
        #expect(Month(text: "2025-1") == nil)
    }

    @Test("the covenant period: signed 14 November 2023, four years counted in months, a year per extension")
    func covenant() throws {
        let period = Covenant().period
        #expect(period.from.description == "2023-11-01")
        #expect(period.to.description == "2027-10-31")
        #expect(period.months.count == 48)
        #expect(period.name == "2023-11..2027-10")
        #expect(Covenant(extensions: 1).period.to.description == "2028-10-31")
        #expect(try Period.parse("convenant") == period)
        #expect(try Period.parse(" Convenant ") == period)
        // The name parses back to the same days.
        let reparsed = try Period.parse(period.name)
        #expect(reparsed.from == period.from && reparsed.to == period.to)
    }
}

@Suite("cadences: the last complete period, series, a year earlier")
struct CadenceTests {
    @Test(
        "the last period that has ended on the as-of date",
        arguments: [
            ("quarter", "2026-09-30", "2026-Q3"), ("quarter", "2026-09-29", "2026-Q2"), ("quarter", "2026-01-01", "2025-Q4"),
            ("half-year", "2026-07-01", "2026-H1"), ("half-year", "2026-06-30", "2026-H1"), ("half-year", "2026-06-29", "2025-H2"),
            ("school-year", "2026-07-31", "2025-2026"), ("school-year", "2026-07-30", "2024-2025"),
            ("school-year", "2026-09-01", "2025-2026"),
            ("school-year-third", "2026-11-30", "2026-2027-T1"), ("school-year-third", "2026-11-29", "2025-2026-T3"),
            ("school-year-third", "2026-03-31", "2025-2026-T2"), ("year", "2026-12-30", "2025"), ("month", "2026-02-28", "2026-02"),
        ])
    func lastComplete(cadence: String, asOf: String, expected: String) throws {
        let period = try #require(Cadence(rawValue: cadence)).lastComplete(asOf: try #require(Day(iso: asOf)))
        #expect(period.name == expected)
        // The name parses back to the same days.
        #expect(try Period.parse(period.name) == period)
    }

    @Test("eight quarters ending with 2025-Q2; a year earlier keeps the kind of period")
    func series() throws {
        let quarters = Cadence.quarter.series(endingWith: try Period.parse("2025-Q2"), count: 8).map(\.name)
        #expect(quarters == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"])
        #expect(try Period.parse("2025-Q3").yearEarlier.name == "2024-Q3")
        #expect(try Period.parse("2024-2025").yearEarlier.name == "2023-2024")
        #expect(try Period.parse("2024-2025-T2").yearEarlier.name == "2023-2024-T2")
        #expect(try Period.parse("2025-H1").yearEarlier.name == "2024-H1")
        #expect(try Period.parse("2025").yearEarlier.name == "2024")
        #expect(try Period.parse("2025-01..2025-05").yearEarlier.name == "2024-01..2024-05")
    }
}
