import Foundation
import Pipeline
import Testing

/// Inputs the fuzz targets (scripts/fuzz.sh) found in pipeline files, fixed and kept here.
@Suite("fuzz findings: pipeline files")
struct PipelineFuzzRegressionTests {
    /// A timeout of PipelineDefinitionFuzz (the input of the profile loader's finding, in a
    /// pipeline file): a key that is an alias of nested lists made Yams hash 10⁹ nodes; `run`
    /// would have hung before its first stage, holding the lock, so cron's next nights would
    /// all have ended with "draait al".
    static let nestedAliasKey = """
        name: x
        a0: &a0 [x, x, x, x, x, x, x, x, x, x]
        a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
        a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
        a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
        a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
        a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
        a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
        a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
        a8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
        *a8 : 1

        """

    @Test("a key that is an alias of nested lists is refused at once, with line and column", .timeLimit(.minutes(1)))
    func nestedAliasKey() {
        // No wall-clock assertion: the time limit above stops an expansion that never ends.
        do {
            _ = try PipelineDefinition.parse(Self.nestedAliasKey, path: "pijplijn.yml")
            Issue.record("de pijplijn werd geladen")
        } catch {
            #expect(error.message == "pijplijn.yml regel 11, kolom 1: een sleutel moet tekst zijn, niet een verwijzing (*)")
        }
    }

    @Test("an alias as a value still works")
    func aliasAsValue() throws {
        let definition = try PipelineDefinition.parse(
            """
            name: x
            description: &omschrijving Nachtelijke run
            parameters: {inbox: *omschrijving}
            stages: [ingest]
            """, path: "pijplijn.yml")
        #expect(definition.parameters["inbox"] == "Nachtelijke run")
    }
}
