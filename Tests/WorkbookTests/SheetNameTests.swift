import TestSupport
import Testing
import Workbook

@Suite struct SheetNameTests {
    /// The reason in the error for `name`, or nil when the name was accepted.
    private func reason(_ name: String, existing: [String] = []) throws -> String? {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("namen.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        for other in existing { try workbook.addWorksheet(named: other) }
        do {
            try workbook.addWorksheet(named: name)
            return nil
        } catch let WorkbookError.invalidSheetName(rejected, reason) {
            #expect(rejected == name)
            return reason
        }
    }

    @Test func acceptsTheBriefingSheetNames() throws {
        for name in [
            "Voorblad", "Samenvatting", "Trends", "Uitsplitsingen", "Naleving", "Aanlevering", "Toelichting", "Bronnen",
            "Uitsplitsing per stadsdeel 2024", "Scholen (po, vo) — één blad", "O'Neil",
        ] {
            #expect(try reason(name) == nil, "\(name)")
        }
    }

    @Test func refusesNamesLongerThan31Characters() throws {
        #expect(try reason(String(repeating: "a", count: 31)) == nil)
        let tooLong = try #require(try reason(String(repeating: "a", count: 32)))
        #expect(tooLong.contains("32 characters"))
        #expect(tooLong.contains("at most 31"))
    }

    @Test(arguments: ["[", "]", ":", "*", "?", "/", "\\"])
    func refusesForbiddenCharacters(_ character: String) throws {
        let message = try #require(try reason("Trends \(character) 2024"))
        #expect(message.contains("contains '\(character)'"))
    }

    @Test func refusesEmptyApostropheReservedAndDuplicateNames() throws {
        #expect(try reason("")?.contains("empty") == true)
        #expect(try reason("'Trends")?.contains("apostrophe") == true)
        #expect(try reason("Trends'")?.contains("apostrophe") == true)
        #expect(try reason("history")?.contains("History") == true)
        #expect(try reason("trends", existing: ["Trends"])?.contains("already has a worksheet 'Trends'") == true)
        #expect(try reason("Tab\there")?.contains("control character") == true)
    }

    @Test func errorDescriptionNamesTheSheet() throws {
        let folder = try TemporaryFolder()
        let workbook = try Workbook(path: folder.file("namen.xlsx"), properties: testProperties())
        defer { workbook.discard() }
        let error = #expect(throws: WorkbookError.self) { try workbook.addWorksheet(named: "Q1/Q2") }
        #expect(
            error?.description == "invalid worksheet name 'Q1/Q2': it contains '/'; a worksheet name cannot contain any of [ ] : * ? / \\")
    }
}
