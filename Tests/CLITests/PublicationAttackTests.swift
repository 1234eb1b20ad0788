import Foundation
import Testing

/// Issue 16's attacker test in the suite: the built-in demo, every pack pipeline published for two
/// consecutive periods of its cadence (`DemoPublication`), then every combination of packs that one
/// person can hold bounded by `Tests/attacker/attack.py` (linear programming over the CSV files as
/// written, independent of the Disclosure module). No hidden cell may be narrowed into 1..4.
@Suite("de aanval op de hele publicatie van de demo, per combinatie van overzichten")
struct PublicationAttackTests {
    /// The combinations of the issue, as `scripts/attack.sh` labels them.
    static let combinations = [
        "kerngroep+bestuurlijk",
        "stadsdeel-Buiten-Hout+kerngroep+bestuurlijk", "stadsdeel-Oost-Haven+kerngroep+bestuurlijk",
        "stadsdeel-West-Poort+kerngroep+bestuurlijk",
        "po-wijk+stedelijke-voorzieningen+kerngroep",
        "kerngroep-edities", "bestuurlijk-edities", "stadsdeel-edities", "po-wijk-edities", "stedelijke-voorzieningen-edities",
        "schoolgesprek-edities",
    ]

    @Test("every combination of the issue: 0 hidden cells narrowed into 1..4, nothing derived from a hidden cell")
    func noCombinationDisclosesACell() throws {
        // Every combination but the insiders' (InsiderAttackTests: only with ATTACK_INSIDERS), in one run.
        let result = try DemoPublication.attack(only: "*")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for label in Self.combinations {
            let line = try #require(lines.first { $0.hasPrefix("\(label):") }, "\(label) ontbreekt in\n\(result.stdout)\n\(result.stderr)")
            #expect(!line.contains(" 0 verborgen"), "geen verborgen cellen om aan te vallen: \(line)")
            #expect(line.contains("onthuld 0, afgeleid 0, tegenstrijdig 0, onbeslist 0"), "\(line)")
            #expect(try DemoPublication.findings(label).isEmpty, "\(label)")
        }
        #expect(result.status == 0, "\(result.stdout)")
    }
}
