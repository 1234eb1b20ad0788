import Formats
import Foundation
import Ingest
import Testing

/// Inputs the fuzz targets (scripts/fuzz.sh) found, each fixed in the source and kept here as a
/// regression test with the input inlined. Bad input must end in a Dutch message, quickly.
@Suite("fuzz findings: mapping profiles")
struct ProfileFuzzRegressionTests {
    /// A timeout of MappingProfileFuzz (an input written while fuzzing the YAML loaders, after
    /// the random search had found nothing): nested aliases, ten per level, and a key that is an
    /// alias of the deepest list. Yams hashed the key over its 10⁹ expanded nodes while checking
    /// the mapping for duplicate keys: the loader ran for hours on 529 bytes.
    static let nestedAliasKey = """
        naam: x
        a0: &a0 [x, x, x, x, x, x, x, x, x, x]
        a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
        a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
        a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
        a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
        a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
        a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
        a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
        a8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
        ? *a8
        : 1

        """

    static func problem(_ text: String) -> String? {
        do {
            _ = try MappingProfile.parse(text, path: "profiel.yml")
            return nil
        } catch let problem as MappingProfile.Problem {
            return problem.message
        } catch {
            return "onverwachte fout: \(error)"
        }
    }

    @Test("a key that is an alias of nested lists is refused at once, with line and column", .timeLimit(.minutes(1)))
    func nestedAliasKey() {
        // No wall-clock assertion: the time limit above stops an expansion that never ends.
        #expect(Self.problem(Self.nestedAliasKey) == "profiel.yml regel 11, kolom 3: een sleutel moet tekst zijn, niet een verwijzing (*)")
        // The same as an implicit key, and keys that are lists or tables.
        #expect(
            Self.problem(Self.nestedAliasKey.replacingOccurrences(of: "? *a8\n: 1", with: "*a8 : 1"))
                == "profiel.yml regel 11, kolom 1: een sleutel moet tekst zijn, niet een verwijzing (*)")
        #expect(Self.problem("naam: x\n[a, b]: 1\n") == "profiel.yml regel 2, kolom 1: een sleutel moet tekst zijn, niet een lijst")
        #expect(
            Self.problem("naam: x\nwaarden:\n  ? {a: b}\n  : c\n")
                == "profiel.yml regel 3, kolom 5: een sleutel moet tekst zijn, niet een tabel")
    }

    @Test("anchors and aliases as values still work")
    func aliasesAsValues() throws {
        let profile = try MappingProfile.parse(
            """
            naam: gedeelde-tabel
            kolommen: {incident_id: Nummer, school_code: School, datum: Datum, categorie: Soort, politie: Politie, locatie: Plaats}
            waarden:
              politie: &janee {Ja: ja, Nee: nee, J: ja}
              locatie: {Schoolplein: school}
              categorie: {Ruzie: FYSIEK_GEWELD}
            """, path: "profiel.yml")
        #expect(profile.translate("j", for: .politie) == "ja")
        #expect(profile.translate("Schoolplein", for: .locatie) == "school")
        let reused = try MappingProfile.parse(
            """
            naam: hergebruik
            herkenning: &kop [Nummer, School]
            kolommen: {incident_id: Nummer, school_code: School, datum: Datum, categorie: Soort}
            omschrijving: *kop
            """, path: "profiel.yml")
        #expect(reused.signature == ["Nummer", "School"])
    }
}
