import Domain
import Testing

@Suite("Vocabulary, categories, dimensions and exit statuses")
struct VocabularyTests {
    @Test("enumerated values parse ignoring case and surrounding spaces")
    func enumerations() {
        #expect(Locatie.parse(" School ") == .school)
        #expect(Politie.parse("JA") == .ja)
        #expect(Leeftijd.parse("18+") == .volwassen)
        #expect(Ernst.parse("Zwaar") == .zwaar)
        #expect(Ernst.parse("heel zwaar") == nil)
        #expect(Locatie.allowedList == "school, omgeving, online, onbekend")
    }

    @Test("categories match by code, label or alias, ignoring case, diacritics and spaces")
    func categoryMatching() {
        let matcher = CategoryMatcher(DefaultCategories.list)
        #expect(matcher.code(for: "WAPENS") == "WAPENS")
        #expect(matcher.code(for: "  wapens ") == "WAPENS")
        #expect(matcher.code(for: "Fysiek geweld") == "FYSIEK_GEWELD")
        #expect(matcher.code(for: "Intimidátie") == "INTIMIDATIE")
        #expect(matcher.code(for: "online  pesten") == "CYBERPESTEN")
        #expect(matcher.code(for: "Verdovende of verboden middelen (bezit, gebruik of handel)") == "DRUGS")
        #expect(matcher.code(for: "racisme") == "DISCRIMINATIE")
        #expect(matcher.code(for: "ruzie") == nil)
    }

    @Test("the built-in category list has every category with its meldplicht")
    func defaultCategories() {
        let list = DefaultCategories.list
        #expect(list.count == 13)
        #expect(Set(list.map(\.code)).count == 13)
        #expect(
            list.filter { $0.meldplicht == .ja }.map(\.code).sorted() == ["BEDREIGING", "DIEFSTAL", "DRUGS", "FYSIEK_GEWELD", "WAPENS"])
    }

    @Test("--by lists parse into dimensions; unknown and repeated names are refused")
    func dimensions() throws {
        #expect(try CountDimension.parseList("stadsdeel, categorie") == [.stadsdeel, .categorie])
        #expect(throws: UsageError.self) { try CountDimension.parseList("stadsdeel,buurt") }
        #expect(throws: UsageError.self) { try CountDimension.parseList("jaar,jaar") }
        #expect(throws: UsageError.self) { try CountDimension.parseList("") }
    }

    @Test("exit statuses combine in the SPEC's order: 2, 1, 75, 3, 0")
    func exitPrecedence() {
        #expect(ExitStatus.done.combined(with: .quarantined) == .quarantined)
        #expect(ExitStatus.quarantined.combined(with: .locked) == .locked)
        #expect(ExitStatus.locked.combined(with: .failed) == .failed)
        #expect(ExitStatus.failed.combined(with: .usage) == .usage)
        #expect(ExitStatus.usage.combined(with: .done) == .usage)
    }

    @Test("masking keeps only the first and last character")
    func masking() {
        #expect(Masking.mask("123456782") == "1*******2")
        #expect(Masking.mask("ab") == "**")
        #expect(Masking.mask("jan@example.org") == "j*************g")
        #expect(!Masking.mask("geheim-waarde").contains("geheim"))
    }
}
