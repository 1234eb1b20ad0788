import Foundation
import Testing

/// Issue 17's insider attack on the built-in demo, in the suite: every pack pipeline published for
/// two consecutive periods (`scripts/attack.sh`), then each VO/MBO/HBO school as a reader who holds
/// its own schoolgesprek pack, its stadsdeel pack and the kerngroep pack and knows its own counts
/// (`Tests/attacker/attack.py --per-split --insiders`, independent of the Disclosure module).
/// Neither a hidden cell nor a published cell "minus own school" may come out as 1..4.
@Suite("de aanval van scholen die hun eigen aantallen kennen, op de demo")
struct InsiderAttackTests {
    @Test("no school learns a small count of the others, from published or hidden cells")
    func noSchoolLearnsASmallCount() throws {
        let binary = try CLI.requireBinary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-insiders-\(UUID().uuidString)").path
        let script = CLI.packageRoot.appendingPathComponent("scripts/attack.sh").path
        let result = try CLI.tool(
            "bash", [script, binary.path, work], environment: ["ATTACK_INSIDERS": "1", "ATTACK_ONLY": "schoolgesprek-insiders"],
            timeout: 900)
        let line = result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix("schoolgesprek-insiders:") }
        let found = try #require(line, "de aanval ontbreekt in\n\(result.stdout)\n\(result.stderr)")
        #expect(found.contains("(21 lezers)"), "\(found)")
        #expect(!found.contains(" 0 verborgen"), "geen verborgen cellen om aan te vallen: \(found)")
        #expect(found.contains("onthuld 0, afgeleid 0, tegenstrijdig 0, onbeslist 0"), "\(result.stdout)")
        #expect(result.status == 0, "\(result.stdout)\n(de pakketten staan in \(work))")
        if result.status == 0 { try? FileManager.default.removeItem(atPath: work) }
    }
}
