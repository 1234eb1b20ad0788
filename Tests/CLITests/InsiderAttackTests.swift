import Foundation
import Testing

/// Issue 17's insider attack on the built-in demo, in the suite: every pack pipeline published for
/// two consecutive periods (`DemoPublication`, shared with `PublicationAttackTests`), then each VO/MBO/HBO school as a reader who holds
/// its own schoolgesprek pack, its stadsdeel pack and the kerngroep pack and knows its own counts
/// (`Tests/attacker/attack.py --per-split --insiders`, independent of the Disclosure module).
/// Neither a hidden cell nor a published cell "minus own school" may come out as 1..4.
@Suite("de aanval van scholen die hun eigen aantallen kennen, op de demo")
struct InsiderAttackTests {
    @Test("no school learns a small count of the others that its own counts give away, from published or hidden cells")
    func noSchoolLearnsASmallCount() throws {
        // The demo published once per process (DemoPublication), shared with PublicationAttackTests.
        let result = try DemoPublication.attack(only: "schoolgesprek-[il]*", environment: ["ATTACK_INSIDERS": "1"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let line = lines.first { $0.hasPrefix("schoolgesprek-insiders:") }
        let found = try #require(line, "de aanval ontbreekt in\n\(result.stdout)\n\(result.stderr)")
        #expect(found.contains("(21 lezers)"), "\(found)")
        #expect(!found.contains(" 0 verborgen"), "geen verborgen cellen om aan te vallen: \(found)")
        #expect(found.contains("afgeleid 0, tegenstrijdig 0, onbeslist 0"), "\(found)")
        // What the schools' own counts add: nothing. No published cell minus the school's own part is
        // 1..4, and every hidden cell an insider narrows into 1..4 is one that the same packs give
        // away without any own counts too: a leak between packs of different audiences, which is
        // the whole publication's audit (issue 16), not the insider rule.
        func findings(_ label: String) throws -> [[String: Any]] { try DemoPublication.findings(label) }
        let insiders = try findings("schoolgesprek-insiders")
        let outsiders = Set(try findings("schoolgesprek-lezers").compactMap { $0["cel"] as? String })
        for finding in insiders {
            let cell = finding["cel"] as? String ?? ""
            #expect(finding["methode"] as? String == "lp", "met eigen aantallen: \(finding)")
            #expect(outsiders.contains(cell), "alleen met eigen aantallen te vinden: \(finding)")
        }
        // With the publication's audit on (issue 16) the demo gives none at all.
        #expect(insiders.isEmpty, "\(found)")
    }
}
