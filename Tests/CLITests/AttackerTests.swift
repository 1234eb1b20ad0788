import Foundation
import Testing

/// The attacker of SPEC §5 (`Tests/attacker/attack.py`, independent of the Disclosure module) must
/// itself be trustworthy before its verdict on the packs means anything: on small hand-made packs
/// whose hidden cells are worked out by hand, it must find exactly the cells that can be narrowed
/// into 1..4 and no others.
@Suite("de aanvaller op gepubliceerde tabellen")
struct AttackerTests {
    /// Three fictional VO schools in two stadsdelen; two categories.
    static let reference: [String: String] = [
        "wijken.csv": "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Wijk Een,A,G\nW2,Wijk Twee,B,G\n",
        "scholen.csv": """
        school_code,naam,sector,wijk_code,aangesloten_per
        S1,School Een,VO,W1,2023-11-14
        S2,School Twee,VO,W1,2023-11-14
        S3,School Drie,VO,W2,2023-11-14

        """,
        "categorieen.csv": "code,label,meldplicht,aliassen\nX,Iks,ja,\nY,Ij,nee,\n",
    ]

    struct Outcome {
        let status: Int32
        let stdout: String
    }

    func attack(_ tables: [String: String], referenceFiles: [String: String] = reference, arguments: [String] = []) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-attack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let reference = work.appendingPathComponent("referentie")
        let pack = work.appendingPathComponent("overzichten/test_2025-Q1")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        for (name, text) in referenceFiles {
            try text.write(to: reference.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try #"{"parameters": {"split": "none"}, "periode_tot_en_met": "2025-03-31"}"#
            .write(to: pack.deletingLastPathComponent().appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        for (name, text) in tables {
            try text.write(to: pack.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let script = CLI.packageRoot.appendingPathComponent("Tests/attacker/attack.py").path
        let result = try CLI.tool("python3", [script, "--reference", reference.path, "--pack", pack.path, "--label", "t"] + arguments)
        return Outcome(status: result.status, stdout: result.stdout)
    }

    @Test("a hidden cell that its margin gives away is found, with its value")
    func marginGivesAway() throws {
        let outcome = try attack([
            "kerncijfers.csv": """
            periode,stadsdeel,categorie,aantal
            2025-Q1,A,X,<5
            2025-Q1,A,Y,10
            2025-Q1,A,Totaal,13

            """
        ])
        #expect(outcome.status == 1, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("onthuld 1,"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("stadsdeel=A, categorie=X: 3..3"), "\(outcome.stdout)")
    }

    @Test("four hidden cells of a 2x2 table that each can still be 0 or 5 or more are safe")
    func rectangleIsSafe() throws {
        // A,X = t, A,Y = 9 - t, B,X = 10 - t, B,Y = t - 2 with t in 2...9: every cell can reach 0 or 5+.
        let outcome = try attack([
            "kerncijfers.csv": """
            periode,stadsdeel,categorie,aantal
            2025-Q1,A,X,x
            2025-Q1,A,Y,x
            2025-Q1,A,Totaal,9
            2025-Q1,B,X,x
            2025-Q1,B,Y,x
            2025-Q1,B,Totaal,9
            2025-Q1,Totaal,X,10
            2025-Q1,Totaal,Y,8
            2025-Q1,Totaal,Totaal,18

            """
        ])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("4 verborgen"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("onthuld 0,"), "\(outcome.stdout)")
    }

    @Test("a published share gives away its group's total, and so the hidden cell beside it")
    func shareGivesAway() throws {
        let header = "periode,stadsdeel,meldplicht,politie,aantal,aandeel\n"
        let rows = """
            2025-Q1,A,ja,ja,17,SHARE
            2025-Q1,A,ja,nee,x,
            2025-Q1,A,ja,onbekend,0,0.0
            2025-Q1,A,ja,Totaal,x,

            """
        let withShare = try attack(["naleving.csv": header + rows.replacingOccurrences(of: "SHARE", with: "94.4")])
        #expect(withShare.status == 1, "\(withShare.stdout)")
        #expect(withShare.stdout.contains("politie=nee: 1..1"), "\(withShare.stdout)")
        let withoutShare = try attack(["naleving.csv": header + rows.replacingOccurrences(of: "SHARE", with: "")])
        #expect(withoutShare.status == 0, "\(withoutShare.stdout)")
    }

    @Test("tables that cannot all be true are reported, not bounded")
    func contradiction() throws {
        let outcome = try attack([
            "kerncijfers.csv": """
            periode,stadsdeel,categorie,aantal
            2025-Q1,A,X,x
            2025-Q1,A,Y,10
            2025-Q1,A,Totaal,8

            """
        ])
        #expect(outcome.status == 2, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("tegenstrijdig 1"), "\(outcome.stdout)")
    }

    /// Four schools V, A, B, C; each of three published totals leaves out one school other than V:
    /// stadsdeel P = V+A+B, sector VO = V+B+C, gebied G1 = V+A+C, all 3. Then A = B = C = (3 - V)/2,
    /// so in whole numbers V is 1 or 3, while the LP reaches V = 0 with A = B = C = 1.5.
    static let triangle: [String: String] = [
        "wijken.csv": "wijk_code,wijk_naam,stadsdeel,gebied\nW1,Een,P,G1\nW2,Twee,P,G1\nW3,Drie,P,G2\nW4,Vier,Q,G1\n",
        "scholen.csv": """
        school_code,naam,sector,wijk_code,aangesloten_per
        V,School V,VO,W1,2023-11-14
        A,School A,MBO,W2,2023-11-14
        B,School B,VO,W3,2023-11-14
        C,School C,VO,W4,2023-11-14

        """,
        "categorieen.csv": "code,label,meldplicht,aliassen\nX,Iks,ja,\n",
    ]
    static let triangleTables = [
        "per_stadsdeel.csv": "periode,stadsdeel,aantal\n2025-Q1,P,3\n2025-Q1,Q,x\n",
        "per_sector.csv": "periode,sector,aantal\n2025-Q1,VO,3\n2025-Q1,MBO,x\n",
        "per_gebied.csv": "periode,gebied,aantal\n2025-Q1,G1,3\n2025-Q1,G2,x\n",
        "per_wijk.csv": "periode,wijk,aantal\n2025-Q1,W1,x\n",
    ]

    @Test("a cell the LP leaves open but whole numbers pin into 1..4 is found by --ip only")
    func integerBoundsAreTighter() throws {
        let lp = try attack(Self.triangleTables, referenceFiles: Self.triangle)
        #expect(lp.status == 0, "\(lp.stdout)")
        #expect(lp.stdout.contains("4 verborgen"), "\(lp.stdout)")
        #expect(lp.stdout.contains("onthuld 0,"), "\(lp.stdout)")
        let ip = try attack(Self.triangleTables, referenceFiles: Self.triangle, arguments: ["--ip"])
        #expect(ip.status == 1, "\(ip.stdout)")
        #expect(ip.stdout.contains("onthuld 1,"), "\(ip.stdout)")
        #expect(ip.stdout.contains("wijk=W1: 1..3 (ip)"), "\(ip.stdout)")
    }
}
