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

    /// School S1 as an insider (issue 17): it holds its own pack and a shared one with stadsdeel A
    /// (S1 and S2), and knows its own counts; the attacker judges a cell by what remains of it.
    func attackAsInsider(shared: String, own: (x: Int, y: Int), insiders: Bool = true) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-insider-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let reference = work.appendingPathComponent("referentie")
        let sharedPack = work.appendingPathComponent("gedeeld/test_2025-Q1")
        let ownPack = work.appendingPathComponent("eigen/test_2025-Q1_S1")
        for directory in [reference, sharedPack, ownPack] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for (name, text) in Self.reference {
            try text.write(to: reference.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try #"{"parameters": {"split": "none"}, "periode_tot_en_met": "2025-03-31"}"#
            .write(to: sharedPack.deletingLastPathComponent().appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        try #"{"parameters": {"split": "school"}, "periode_tot_en_met": "2025-03-31"}"#
            .write(to: ownPack.deletingLastPathComponent().appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        try shared.write(to: sharedPack.appendingPathComponent("kerncijfers.csv"), atomically: true, encoding: .utf8)
        // The school's own pack shows its own counts in full: nothing there to attack.
        try "periode,categorie,aantal\n2025-Q1,X,\(own.x)\n2025-Q1,Y,\(own.y)\n"
            .write(to: ownPack.appendingPathComponent("kerncijfers.csv"), atomically: true, encoding: .utf8)
        let base = work.appendingPathComponent("eigen-tellingen.csv")
        try "school_code,maand,categorie,locatie,politie,aantal\nS1,2025-01,X,school,nee,\(own.x)\nS1,2025-02,Y,school,nee,\(own.y)\n"
            .write(to: base, atomically: true, encoding: .utf8)
        let script = CLI.packageRoot.appendingPathComponent("Tests/attacker/attack.py").path
        var arguments = [
            script, "--reference", reference.path, "--label", "t", "--per-split", "--pack", ownPack.path, "--shared", sharedPack.path,
        ]
        if insiders { arguments += ["--insiders", "--base", base.path] }
        let result = try CLI.tool("python3", arguments)
        return Outcome(status: result.status, stdout: result.stdout)
    }

    @Test("an insider subtracting its own counts from a published cell learns the other school's 2")
    func insiderSubtractsPublished() throws {
        let shared = "periode,stadsdeel,categorie,aantal\n2025-Q1,A,X,5\n2025-Q1,A,Y,12\n2025-Q1,A,Totaal,17\n"
        let insider = try attackAsInsider(shared: shared, own: (x: 3, y: 6))
        #expect(insider.status == 1, "\(insider.stdout)")
        #expect(insider.stdout.contains("onthuld 1,"), "\(insider.stdout)")
        #expect(insider.stdout.contains("lezer S1: "), "\(insider.stdout)")
        #expect(insider.stdout.contains("stadsdeel=A, categorie=X: 2..2 (min eigen school)"), "\(insider.stdout)")
        let outsider = try attackAsInsider(shared: shared, own: (x: 3, y: 6), insiders: false)
        #expect(outsider.status == 0, "\(outsider.stdout)")
    }

    @Test("a hidden cell is judged by what remains after the insider's own part")
    func insiderBoundsHidden() throws {
        // A,Y = 20 - 9 = 11 for anyone; S1 knows its own Y: 8 leaves S2 with 3, 11 leaves 0.
        let shared = "periode,stadsdeel,categorie,aantal\n2025-Q1,A,X,9\n2025-Q1,A,Y,x\n2025-Q1,A,Totaal,20\n"
        let small = try attackAsInsider(shared: shared, own: (x: 4, y: 8))
        #expect(small.status == 1, "\(small.stdout)")
        #expect(small.stdout.contains("onthuld 1,"), "\(small.stdout)")
        #expect(small.stdout.contains("categorie=Y: 3..3 (lp, min eigen school)"), "\(small.stdout)")
        let none = try attackAsInsider(shared: shared, own: (x: 4, y: 11))
        #expect(none.status == 0, "\(none.stdout)")
        #expect(none.stdout.contains("onthuld 0,"), "\(none.stdout)")
        let outsider = try attackAsInsider(shared: shared, own: (x: 4, y: 8), insiders: false)
        #expect(outsider.status == 0, "\(outsider.stdout)")
    }
}
