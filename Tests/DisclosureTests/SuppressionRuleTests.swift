import Testing

@testable import Disclosure

@Suite("SuppressionRule: thresholds, markers and the Toelichting")
struct SuppressionRuleTests {
    @Test("the default hides 1 to 4 with <5 and keeps zeros")
    func defaults() {
        let rule = SuppressionRule.standard
        #expect(rule.threshold == 5)
        #expect(rule.marker == "<5")
        #expect(!rule.isSensitive(0))
        #expect((1...4).allSatisfy(rule.isSensitive))
        #expect(!rule.isSensitive(5))
        #expect(SuppressionRule(threshold: 10).marker == "<10")
        #expect(SuppressionRule.cbs.marker == "x")
        #expect(SuppressionRule(zerosDisclosive: true).isSensitive(0))
    }

    @Test("the Toelichting explains the marker, the complements and the criterion in Dutch")
    func toelichting() {
        #expect(
            SuppressionRule.standard.hiddenSentence
                == "Aantallen van 1 tot en met 4 zijn vervangen door <5; om te voorkomen dat ze uit totalen of andere "
                + "tabellen terug te rekenen zijn, zijn ook enkele andere cellen verborgen (secundaire onderdrukking).")
        #expect(SuppressionRule.standard.criterionSentence.contains("dat het om 1 tot en met 4 gevallen gaat"))
        #expect(SuppressionRule.standard.criterionSentence.contains("steeds blijft ook 0 of 5 of meer mogelijk"))
        #expect(SuppressionRule.standard.toelichting.hasPrefix(SuppressionRule.standard.hiddenSentence + " "))
        #expect(SuppressionRule.cbs.hiddenSentence.contains("vervangen door x;"))
        #expect(SuppressionRule(threshold: 2).hiddenSentence.hasPrefix("Het aantal 1 is vervangen door <2;"))
        let zeros = SuppressionRule(threshold: 3, zerosDisclosive: true)
        #expect(zeros.hiddenSentence.hasPrefix("Aantallen van 0 tot en met 2 zijn vervangen door <3;"))
        #expect(zeros.criterionSentence.contains("steeds blijft ook 3 of meer mogelijk"))
    }

    @Test("the criterion accepts an interval that reaches 0 or the threshold, and nothing else")
    func criterion() {
        let criterion = ProtectionCriterion(rule: .standard)
        #expect(criterion.isProtected(FeasibleInterval(lower: 0, upper: 2)))
        #expect(criterion.isProtected(FeasibleInterval(lower: 2, upper: 5)))
        #expect(criterion.isProtected(FeasibleInterval(lower: 3, upper: nil)))
        #expect(!criterion.isProtected(FeasibleInterval(lower: 1, upper: 4)))
        #expect(!criterion.isProtected(FeasibleInterval(lower: 0.5, upper: 4.5)))  // whole counts 1…4
        #expect(!criterion.isProtected(FeasibleInterval(lower: 2, upper: 2)))
        let zeros = ProtectionCriterion(rule: SuppressionRule(zerosDisclosive: true))
        #expect(!zeros.isProtected(FeasibleInterval(lower: 0, upper: 4)))
        #expect(zeros.isProtected(FeasibleInterval(lower: 0, upper: 5)))
        #expect(FeasibleInterval(lower: 2, upper: 2).description == "2–2")
        #expect(FeasibleInterval(lower: 0.5, upper: 4.5).description == "1–4")
        #expect(FeasibleInterval(lower: 3, upper: nil).description == "3–onbegrensd")
    }

    @Test("rules that cannot work are refused")
    func invalid() {
        let table = grid([[1, 2], [3, 4]])
        for rule in [
            SuppressionRule(threshold: 1), SuppressionRule(marker: ""), SuppressionRule(marker: "9"),
            SuppressionRule(marker: "Totaal"),
        ] {
            #expect(throws: DisclosureError.self) { try Suppressor.suppress([table], rule: rule) }
        }
    }
}
