import Domain
import Formats
import Ingest
import Testing

@Suite("a period declared by the file name")
struct DeclaredPeriodNameTests {
    @Test(
        "the last _-part before the extension, when it is a named period",
        arguments: [
            ("inbox/VO01/VO01_2025-Q3.csv", "2025-07-01..2025-09-30"),
            ("incidenten_2025-03.xlsx", "2025-03-01..2025-03-31"),
            ("PO12_2024-2025.csv", "2024-08-01..2025-07-31"),
            ("SO1_2024-2025-T2.txt", "2024-12-01..2025-03-31"),
            ("x_2025-H1.tsv", "2025-01-01..2025-06-30"),
        ])
    func declared(path: String, days: String) throws {
        let period = try #require(DeclaredPeriodName.period(in: path))
        #expect("\(period.from)..\(period.to)" == days)
    }

    @Test(
        "anything else declares nothing",
        arguments: [
            "VO01_2025-Q3_correctie.csv", "2025-Q3.csv", "VO01-2025-Q3.csv", "VO01_2025-Q5.csv", "VO01_convenant.csv",
            "map_2025-Q3/export.csv",
        ])
    func none(path: String) {
        #expect(DeclaredPeriodName.period(in: path) == nil)
    }
}
