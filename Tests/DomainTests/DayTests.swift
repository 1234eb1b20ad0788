import Domain
import Testing

@Suite("Day: dates of the canonical export")
struct DayTests {
    @Test(
        "parses real ISO dates only",
        arguments: [
            ("2025-03-07", true), ("2024-02-29", true), ("2023-02-29", false), ("2025-04-31", false),
            ("2025-13-01", false), ("2025-00-10", false), ("25-03-07", false), ("2025-3-7", false),
            ("2025/03/07", false), ("2025-03-07 ", false), ("2000-01-01", true), ("abcd-ef-gh", false),
        ])
    func parsing(text: String, valid: Bool) {
        #expect((Day(iso: text) != nil) == valid)
    }

    @Test("school year runs from 1 August to 31 July")
    func schoolYear() {
        #expect(Day(iso: "2025-07-31")!.schooljaar == "2024-2025")
        #expect(Day(iso: "2025-08-01")!.schooljaar == "2025-2026")
        #expect(Day(iso: "2025-01-01")!.schooljaar == "2024-2025")
        #expect(Day(iso: "2024-12-31")!.schooljaar == "2024-2025")
    }

    @Test("quarter, half year and month labels")
    func periods() {
        #expect(Day(iso: "2025-03-31")!.kwartaal == "2025-Q1")
        #expect(Day(iso: "2025-04-01")!.kwartaal == "2025-Q2")
        #expect(Day(iso: "2025-12-31")!.kwartaal == "2025-Q4")
        #expect(Day(iso: "2025-06-30")!.halfjaar == "2025-H1")
        #expect(Day(iso: "2025-07-01")!.halfjaar == "2025-H2")
        #expect(Day(iso: "2024-02-29")!.maand == "2024-02")
    }

    @Test("day arithmetic round-trips and knows weekdays")
    func arithmetic() {
        let day = Day(iso: "2024-02-28")!
        #expect(day.adding(days: 1).description == "2024-02-29")
        #expect(day.adding(days: 2).description == "2024-03-01")
        #expect(Day(iso: "2024-12-31")!.adding(days: 1).description == "2025-01-01")
        #expect(Day(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(Day(iso: "2025-11-30")!.weekday == 6)  // a Sunday
        for offset in stride(from: -800, through: 800, by: 37) {
            let moved = day.adding(days: offset)
            #expect(moved.daysSinceEpoch - day.daysSinceEpoch == offset)
            #expect(Day(iso: moved.description) == moved)
        }
    }

    @Test("ordering follows the calendar")
    func ordering() {
        #expect(Day(iso: "2024-12-31")! < Day(iso: "2025-01-01")!)
        #expect(Day(iso: "2025-01-10")! > Day(iso: "2025-01-09")!)
        #expect(Day.earliest.description == "2000-01-01")
    }
}
