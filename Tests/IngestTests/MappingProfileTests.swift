import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("Mapping profiles")
struct MappingProfileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the shipped profiles load")
    func shipped() throws {
        let catalog = try ProfileCatalog.load(folder: Self.root.appendingPathComponent("pipelines/profiles").path)
        #expect(catalog.profiles.map(\.name) == ["incidentregistratie-vo", "po-logboek"])
        #expect(catalog.named("po-logboek")?.school == "PO01")
        #expect(catalog.named("incidentregistratie-vo")?.translate("pesten/TREITEREN ", for: .categorie) == "PESTEN")
    }

    static let profileText = """
        naam: proefsysteem
        herkenning: [Registratienummer, Soort incident]
        kolommen:
          incident_id: Registratienummer
          school_code: Instelling
          datum: Datum voorval
          categorie: Soort incident
          locatie: Plaats voorval
          politie: Politie ingeschakeld
        waarden:
          categorie:
            Pesten/treiteren: PESTEN
            Wapenbezit: WAPENS
          locatie:
            Op het schoolplein: school
            Directe omgeving: omgeving
        """

    @Test("an export through a profile gives the counts of its canonical form, recognised by its header")
    func equivalence() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let profile = try MappingProfile.parse(Self.profileText, path: "proefsysteem.yml")
        let catalog = ProfileCatalog(profiles: [profile])
        let export = """
            Registratienummer;Instelling;Datum voorval;Soort incident;Plaats voorval;Politie ingeschakeld;Omschrijving leerling
            2025/001;VO1;3-2-2025;Pesten/treiteren;Op het schoolplein;N;Jan deed iets
            2025/002;VO1;04-02-2025 10:15;Wapenbezit;Directe omgeving;J;mes in tas
            2025/003;PO1;5/2/2025;Ruzie;Op het schoolplein;nee;

            """
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!, profiles: catalog)
            .ingest(path: try folder.write("export.csv", export))
        guard case .stored(let totals) = summary.outcome else {
            Issue.record("not stored: \(summary.line)")
            return
        }
        #expect(totals.new == 2)
        #expect(totals.quarantinedLines == 1)  // "Ruzie" is neither in the table nor a category
        #expect(summary.droppedColumns == ["Omschrijving leerling"])
        let canonical = try TemporaryFolder()
        let canonicalDatabase = try SmallReference.database(in: canonical)
        _ = try Ingester(database: canonicalDatabase, asOf: Day(iso: "2025-06-30")!).ingest(
            path: try canonical.write(
                "c.csv",
                """
                incident_id,school_code,datum,categorie,locatie,politie
                2025/001,VO1,2025-02-03,PESTEN,school,nee
                2025/002,VO1,2025-02-04,WAPENS,omgeving,ja

                """))
        for by in ["school,datum,categorie,locatie,politie", "maand,leeftijd,ernst"].map({
            $0.replacingOccurrences(of: "datum,", with: "maand,")
        }) {
            let dimensions = try CountDimension.parseList(by)
            #expect(
                try Counts.compute(by: dimensions, from: nil, to: nil, in: database).render(.csv)
                    == Counts.compute(by: dimensions, from: nil, to: nil, in: canonicalDatabase).render(.csv))
        }
        #expect(try !DatabaseDump.dump(database).contains("Jan deed"))
    }

    @Test("a profile's fixed school stands in for a missing school column")
    func fixedSchool() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let profile = try MappingProfile.parse(
            """
            naam: logboek
            school: PO2
            kolommen: {incident_id: Nr, datum: Datum, categorie: Wat}
            """, path: "logboek.yml")
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!, profile: profile)
            .ingest(path: try folder.write("l.csv", "Nr,Datum,Wat\n1,2-1-2025,pesten\n2,3-1-2025,Racisme\n"))
        #expect({ if case .stored(let t) = summary.outcome { t.new == 2 } else { false } }())
        #expect(
            try Counts.compute(by: [.school, .categorie], from: nil, to: nil, in: database).render(.csv)
                == "school,categorie,aantal\nPO2,DISCRIMINATIE,1\nPO2,PESTEN,1\n")
    }

    @Test(
        "a broken profile names file, line and column",
        arguments: [
            ("naam: x\nkolommen: [a, b\n", "geen geldige YAML"),
            ("naam: x\nkleuren: rood\n", "regel 2, kolom 1: onbekende sleutel 'kleuren'"),
            ("naam: x\nkolommen:\n  incident_id: A\n  schoolcode: B\n", "regel 4, kolom 3: onbekende kolom 'schoolcode'"),
            ("naam: x\nkolommen:\n  incident_id: A\n  school_code: B\n  datum: C\n", "verplichte kolom niet gekoppeld: categorie"),
            ("naam: x\nkolommen: {incident_id: A, school_code: B, datum: C, categorie: D}\nperiode: 2025-Q5\n", "regel 3, kolom 10"),
            ("kolommen: {incident_id: A}\n", "'naam' ontbreekt"),
            (
                "naam: x\nkolommen: {incident_id: A, school_code: B, datum: C, categorie: D}\nwaarden:\n  categorie:\n    a: X\n    A: Y\n",
                "regel 6, kolom 5: waarden.categorie: 'A' staat er twee keer in"
            ),
        ])
    func broken(text: String, expected: String) {
        #expect {
            _ = try MappingProfile.parse(text, path: "p.yml")
        } throws: { error in
            guard let problem = error as? MappingProfile.Problem else { return false }
            return problem.message.hasPrefix("p.yml") && problem.message.contains(expected)
        }
    }

    @Test("two profiles with equally strong signatures are ambiguous")
    func ambiguous() throws {
        let a = try MappingProfile.parse(
            "naam: a\nherkenning: [X, Y]\nkolommen: {incident_id: X, school_code: Y, datum: Z, categorie: W}\n", path: "a.yml")
        let b = try MappingProfile.parse(
            "naam: b\nherkenning: [Y, X]\nkolommen: {incident_id: Y, school_code: X, datum: Z, categorie: W}\n", path: "b.yml")
        let c = try MappingProfile.parse(
            "naam: c\nherkenning: [X, Y, Z]\nkolommen: {incident_id: X, school_code: Y, datum: Z, categorie: W}\n", path: "c.yml")
        #expect(throws: MappingProfile.Problem.self) { try ProfileCatalog(profiles: [a, b]).recognise(["x", "y"]) }
        #expect(try ProfileCatalog(profiles: [a, b, c]).recognise(["X", "Y", "Z", "W"])?.name == "c")
        #expect(try ProfileCatalog(profiles: [a]).recognise(["incident_id"]) == nil)
    }
}
