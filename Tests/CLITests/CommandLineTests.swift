import Foundation
import Testing

// End-to-end tests of the `schoolveilig` command line (SPEC §3, README "Operator's guide"):
// each test runs the built binary in its own temporary folder and checks the exit status, that
// the Dutch message on stderr names the problem, and that nothing is stored where the SPEC says
// "nothing done".

// MARK: - Fixtures and workspace

/// A tiny fictional reference set and exports (school names invented).
enum Fixture {
    static let wijken = """
        wijk_code,wijk_naam,stadsdeel,gebied
        W01,Centrum,Stad,Oost-Haven
        W02,Noorderplassen,Buiten,Buiten-Hout

        """
    static let scholen = """
        school_code,naam,sector,wijk_code
        S001,De Testschool,PO,W01
        S002,Het Proefcollege,VO,W02

        """
    static let leerlingen = """
        school_code,schooljaar,leerlingen
        S001,2024-2025,300
        S002,2024-2025,900

        """
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"
    /// Four valid incidents: S001 DRUGS 2, S001 DIEFSTAL 1, S002 BEDREIGING 1.
    static let valid =
        header + """
            I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht
            I2,S001,2025-02-11,Diefstal,omgeving,nee,0-11,middel
            I3,S002,2025-03-12,BEDREIGING,online,,16-17,zwaar
            I4,S001,2025-04-01,drugs,,,,

            """
    /// Two valid rows and one with an impossible date (line 3).
    static let withInvalidRow =
        header + """
            Q1,S001,2025-05-01,DRUGS,school,ja,12-15,licht
            Q2,S001,2025-02-30,DRUGS,school,ja,12-15,licht
            Q3,S002,2025-05-02,Diefstal,school,nee,16-17,middel

            """
    static let asOf = ["--as-of", "2025-12-31"]
}

/// A fresh temporary folder for one test, removed at the end.
final class Workspace {
    let root: String

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolveilig-cli-\(safe)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// The database used by most tests.
    var db: String { path("db.sqlite") }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: Data) throws -> String {
        let target = path(relative)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Writes a reference folder; a `nil` file is left out.
    @discardableResult
    func writeReference(
        _ folder: String = "ref", wijken: String? = Fixture.wijken, scholen: String? = Fixture.scholen,
        leerlingen: String? = Fixture.leerlingen
    ) throws -> String {
        try FileManager.default.createDirectory(atPath: path(folder), withIntermediateDirectories: true)
        if let wijken { try write("\(folder)/wijken.csv", wijken) }
        if let scholen { try write("\(folder)/scholen.csv", scholen) }
        if let leerlingen { try write("\(folder)/leerlingen.csv", leerlingen) }
        return path(folder)
    }

    /// Writes the valid reference set and loads it into `db`; requires exit 0.
    func loadReference() throws {
        let folder = try writeReference()
        let load = try CLI.run(["--db", db, "reference", "load", folder])
        try #require(load.status == 0, "reference load van de geldige map: \(load)")
    }

    /// One value from the database through the `sqlite3` command line tool.
    func sqlite(_ query: String, database: String? = nil) throws -> String {
        let result = try CLI.tool("sqlite3", [database ?? db, query])
        try #require(result.status == 0, "sqlite3 '\(query)': \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func count(_ table: String, database: String? = nil) throws -> Int {
        let text = try sqlite("SELECT count(*) FROM \(table)", database: database)
        return try #require(Int(text), "geen getal uit sqlite3: '\(text)'")
    }
}

// MARK: - reference load

@Suite("reference load")
struct ReferenceLoadCLITests {
    @Test("een geldige map laden geeft 0 en slaat alles op")
    func validDirectory() throws {
        let ws = try Workspace()
        let folder = try ws.writeReference()
        let load = try CLI.run(["--db", ws.db, "reference", "load", folder])
        #expect(load.status == 0, "\(load)")
        #expect(try ws.count("wijk") == 2)
        #expect(try ws.count("school") == 2)
        #expect(try ws.count("leerlingen") == 2)
        #expect(try ws.count("categorie") > 0, "zonder categorieen.csv geldt de standaardlijst")
    }

    /// A broken variant of the reference folder. Each also adds valid data (wijk W03, school S003)
    /// so that a partial load would show in the counts.
    enum Broken: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case unknownSector, unknownWijk, duplicateSchool, missingLeerlingen

        var testDescription: String { rawValue }

        static let extraWijk = "W03,Haven,Haven,Oost-Haven\n"
        static let extraSchool = "S003,De Nieuwe School,SO,W03\n"

        var scholen: String {
            let base = Fixture.scholen + Self.extraSchool
            switch self {
            case .unknownSector: return base + "S004,Foute Sector School,XYZ,W01\n"
            case .unknownWijk: return base + "S004,Verdwaalde School,PO,W99\n"
            case .duplicateSchool: return base + "S001,Dubbele Testschool,PO,W01\n"
            case .missingLeerlingen: return base
            }
        }

        var leerlingen: String? { self == .missingLeerlingen ? nil : Fixture.leerlingen }

        /// What the message must name: the file, the line (header is line 1) and the offending value.
        var expected: [String] {
            switch self {
            case .unknownSector: ["scholen.csv", "regel 5", "XYZ", "sector"]
            case .unknownWijk: ["scholen.csv", "regel 5", "W99", "wijken.csv"]
            case .duplicateSchool: ["scholen.csv", "regel 5", "S001", "dubbel"]
            case .missingLeerlingen: ["leerlingen.csv", "ontbre"]
            }
        }
    }

    @Test("kapotte referentiegegevens: status 2, melding noemt bestand en regel, niets vervangen", arguments: Broken.allCases)
    func brokenDirectory(_ broken: Broken) throws {
        let ws = try Workspace()
        try ws.loadReference()
        let statusBefore = try CLI.run(["--db", ws.db, "status"]).stdout
        let hashBefore = try ws.sqlite("SELECT * FROM reference_meta")

        let folder = try ws.writeReference(
            "kapot", wijken: Fixture.wijken + Broken.extraWijk, scholen: broken.scholen,
            leerlingen: broken.leerlingen)
        let load = try CLI.run(["--db", ws.db, "reference", "load", folder])
        #expect(load.status == 2, "\(load)")
        #expect(load.stdout.isEmpty)
        for fragment in broken.expected {
            #expect(load.stderr.contains(fragment), "melding mist '\(fragment)': \(load.stderr)")
        }
        #expect(try ws.count("wijk") == 2, "wijken vervangen ondanks fout")
        #expect(try ws.count("school") == 2, "scholen vervangen ondanks fout")
        #expect(try ws.count("leerlingen") == 2)
        #expect(try ws.sqlite("SELECT * FROM reference_meta") == hashBefore, "reference_meta gewijzigd")
        #expect(try CLI.run(["--db", ws.db, "status"]).stdout == statusBefore)
    }

    @Test("kapotte referentiegegevens zonder database: status 2 en geen database aangemaakt")
    func brokenDirectoryCreatesNothing() throws {
        let ws = try Workspace()
        let folder = try ws.writeReference(scholen: Fixture.scholen + "S009,X,ABC,W01\n")
        let load = try CLI.run(["--db", ws.db, "reference", "load", folder])
        #expect(load.status == 2, "\(load)")
        #expect(load.stderr.contains("scholen.csv") && load.stderr.contains("regel 4"), "\(load.stderr)")
        #expect(!ws.exists(ws.db), "database aangemaakt terwijl niets gedaan had mogen worden")
    }

    @Test("een map die niet bestaat: status 2, melding noemt de map")
    func missingDirectory() throws {
        let ws = try Workspace()
        let load = try CLI.run(["--db", ws.db, "reference", "load", ws.path("nergens")])
        #expect(load.status == 2, "\(load)")
        #expect(load.stderr.contains(ws.path("nergens")), "\(load.stderr)")
        #expect(!ws.exists(ws.db))
    }

    @Test("een lading die incidenten wees maakt wordt geweigerd, tenzij --force")
    func orphaningNeedsForce() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)

        let withoutS002 = try ws.writeReference(
            "zonder", scholen: "school_code,naam,sector,wijk_code\nS001,De Testschool,PO,W01\n",
            leerlingen: "school_code,schooljaar,leerlingen\nS001,2024-2025,300\n")
        let refused = try CLI.run(["--db", ws.db, "reference", "load", withoutS002])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("S002"), "\(refused.stderr)")
        #expect(try ws.count("school") == 2)

        let forced = try CLI.run(["--db", ws.db, "reference", "load", withoutS002, "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try ws.count("school") == 1)
    }
}

// MARK: - ingest

@Suite("ingest")
struct IngestCLITests {
    @Test("een pad dat niet bestaat: status 2, niets aangemaakt")
    func missingPath() throws {
        let ws = try Workspace()
        let missing = ws.path("bestaat-niet.csv")
        let ingest = try CLI.run(["--db", ws.db, "ingest", missing] + Fixture.asOf)
        #expect(ingest.status == 2, "\(ingest)")
        #expect(ingest.stderr.contains("bestaat niet") && ingest.stderr.contains(missing), "\(ingest.stderr)")
        #expect(!ws.exists(ws.db), "database aangemaakt")
        #expect(!ws.exists(ws.db + ".lock"), "vergrendelbestand aangemaakt")
    }

    @Test("een geldig bestand en een ontbrekend pad samen: status 2 en niets opgeslagen")
    func missingPathBesideValidFile() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export, ws.path("weg.csv")] + Fixture.asOf)
        #expect(ingest.status == 2, "\(ingest)")
        #expect(ingest.stderr.contains(ws.path("weg.csv")), "\(ingest.stderr)")
        #expect(try ws.count("delivery") == 0)
        #expect(try ws.count("incident") == 0)
    }

    @Test("een map zonder exportbestanden: status 2, melding noemt de map")
    func folderWithoutExports() throws {
        let ws = try Workspace()
        try ws.write("leeg/notities.pdf", "geen export")
        let ingest = try CLI.run(["--db", ws.db, "ingest", ws.path("leeg")] + Fixture.asOf)
        #expect(ingest.status == 2, "\(ingest)")
        #expect(ingest.stderr.contains(ws.path("leeg")), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("geen exportbestanden"), "\(ingest.stderr)")
        #expect(!ws.exists(ws.db))
    }

    @Test("een geldig bestand: status 0, samenvatting met 'nieuw', incidenten opgeslagen")
    func validFile() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 0, "\(ingest)")
        #expect(ingest.stderr.contains("valid.csv") && ingest.stderr.contains("4 nieuw"), "\(ingest.stderr)")
        #expect(try ws.count("incident") == 4)
        #expect(try ws.count("delivery") == 1)
    }

    @Test("een bestand met een ongeldige regel: status 3, 'quarantaine', geldige regels opgeslagen")
    func invalidRow() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("fout.csv", Fixture.withInvalidRow)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 3, "\(ingest)")
        #expect(ingest.stderr.contains("1 in quarantaine"), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("2 nieuw"), "\(ingest.stderr)")
        #expect(try ws.count("incident") == 2)
        #expect(try ws.sqlite("SELECT DISTINCT line FROM quarantine") == "3")
    }

    /// Files refused whole for their content (SPEC §2d, README).
    enum Rejected: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case noHeader, notUTF8, headerOnly, missingRequiredColumn, unterminatedQuote

        var testDescription: String { rawValue }

        var bytes: Data {
            switch self {
            case .noHeader:
                return Data("I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\nI2,S001,2025-02-11,DRUGS,school,ja,12-15,licht\n".utf8)
            case .notUTF8:
                // Valid UTF-8 (é) mixed with a stray byte: neither UTF-8 nor Windows-1252.
                return Data((Fixture.header + "I1,S001,2025-01-10,DRUGS,caf\u{E9},ja,12-15,licht\nI2,S001,2025-02-11,Diefstal").utf8)
                    + Data([0xFF, 0xFE]) + Data(",school,ja,12-15,licht\n".utf8)
            case .headerOnly:
                return Data(Fixture.header.utf8)
            case .missingRequiredColumn:
                return Data("incident_id,school_code,categorie\nI1,S001,DRUGS\n".utf8)
            case .unterminatedQuote:
                return Data(
                    (Fixture.header
                        + "I1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\nI2,S001,2025-02-11,\"Diefstal,school,ja,12-15,licht\n").utf8)
            }
        }
    }

    @Test("een geweigerd bestand: status 3, 'geweigerd', niets opgeslagen", arguments: Rejected.allCases)
    func rejectedFile(_ rejected: Rejected) throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("\(rejected.rawValue).csv", bytes: rejected.bytes)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 3, "\(ingest)")
        #expect(ingest.stderr.contains("geweigerd") && ingest.stderr.contains("\(rejected.rawValue).csv"), "\(ingest.stderr)")
        #expect(try ws.count("incident") == 0)
        #expect(try ws.count("quarantine") == 0)
    }

    @Test("hetzelfde bestand twee keer: tweede keer status 0 en 'ongewijzigd', niets verandert")
    func sameFileTwice() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let first = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        try #require(first.status == 0, "\(first)")
        let dump = try ws.sqlite("SELECT * FROM incident ORDER BY 1, 2")
        let second = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(second.status == 0, "\(second)")
        #expect(second.stderr.contains("ongewijzigd"), "\(second.stderr)")
        #expect(try ws.count("delivery") == 1)
        #expect(try ws.sqlite("SELECT * FROM incident ORDER BY 1, 2") == dump)
    }

    @Test("hetzelfde bestand met een ongeldige regel twee keer: tweede keer status 0")
    func sameQuarantiningFileTwice() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("fout.csv", Fixture.withInvalidRow)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 3)
        let second = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(second.status == 0, "\(second)")
        #expect(second.stderr.contains("ongewijzigd"), "\(second.stderr)")
        #expect(try ws.count("quarantine") == 1)
    }

    @Test("meerdere bestanden, één geweigerd: status 3, de andere opgeslagen")
    func severalFilesOneRejected() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let a = try ws.write("a.csv", Fixture.header + "A1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        let b = try ws.write("b.csv", bytes: Rejected.noHeader.bytes)
        let c = try ws.write(
            "c.csv", Fixture.header + "C1,S002,2025-01-11,DIEFSTAL,school,nee,16-17,middel\nC2,S002,2025-01-12,DIEFSTAL,,,,\n")
        let ingest = try CLI.run(["--db", ws.db, "ingest", a, b, c] + Fixture.asOf)
        #expect(ingest.status == 3, "\(ingest)")
        let lines = ingest.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("a.csv") && $0.contains("1 nieuw") }, "\(ingest.stderr)")
        #expect(lines.contains { $0.contains("b.csv") && $0.contains("geweigerd") }, "\(ingest.stderr)")
        #expect(lines.contains { $0.contains("c.csv") && $0.contains("2 nieuw") }, "\(ingest.stderr)")
        #expect(
            try ws.sqlite("SELECT group_concat(incident_id, ',') FROM (SELECT incident_id FROM incident ORDER BY incident_id)")
                == "A1,C1,C2")
        #expect(try ws.count("delivery") == 2)
    }

    @Test("een map: alle exports in padvolgorde, ook in submappen")
    func folder() throws {
        let ws = try Workspace()
        try ws.loadReference()
        try ws.write("inbox/S001/2025-q1.csv", Fixture.header + "A1,S001,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        try ws.write("inbox/S002/2025-q1.csv", Fixture.header + "B1,S002,2025-01-10,DRUGS,school,ja,12-15,licht\n")
        try ws.write("inbox/S002/leesmij.md", "geen export")
        let ingest = try CLI.run(["--db", ws.db, "ingest", ws.path("inbox")] + Fixture.asOf)
        #expect(ingest.status == 0, "\(ingest)")
        #expect(try ws.count("incident") == 2)
        #expect(try ws.count("delivery") == 2)
    }

    @Test("een ongeldige --as-of: status 2, niets aangemaakt")
    func invalidAsOf() throws {
        let ws = try Workspace()
        let export = try ws.write("valid.csv", Fixture.valid)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export, "--as-of", "2025-02-30"])
        #expect(ingest.status == 2, "SPEC §3: verkeerd gebruik is status 2; \(ingest)")
        #expect(ingest.stderr.contains("2025-02-30"), "\(ingest.stderr)")
        #expect(!ws.exists(ws.db))
    }

    @Test("ingest zonder pad: status 2")
    func noPath() throws {
        let ws = try Workspace()
        let ingest = try CLI.run(["--db", ws.db, "ingest"])
        #expect(ingest.status == 2, "SPEC §3: verkeerd gebruik is status 2; \(ingest)")
        #expect(!ingest.stderr.isEmpty)
        #expect(!ws.exists(ws.db))
    }
}

// MARK: - --db and SCHOOLVEILIG_DB

@Suite("--db en SCHOOLVEILIG_DB")
struct DatabasePathCLITests {
    @Test("--db vóór de opdracht, na de opdracht, na het pad en als --db=PAD", arguments: ["voor", "na", "achteraan", "gelijk"])
    func dbOptionPlacement(_ placement: String) throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let arguments: [String]
        switch placement {
        case "voor": arguments = ["--db", ws.db, "ingest", export]
        case "na": arguments = ["ingest", "--db", ws.db, export]
        case "achteraan": arguments = ["ingest", export, "--db", ws.db]
        default: arguments = ["--db=\(ws.db)", "ingest", export]
        }
        let ingest = try CLI.run(arguments + Fixture.asOf, currentDirectory: ws.root)
        #expect(ingest.status == 0, "\(arguments): \(ingest)")
        #expect(try ws.count("incident") == 4)
        #expect(!ws.exists(ws.path("schoolveilig.sqlite")), "standaardpad gebruikt in plaats van --db")
    }

    @Test("--db vóór 'reference load', 'counts' en 'status'")
    func dbBeforeOtherCommands() throws {
        let ws = try Workspace()
        let folder = try ws.writeReference()
        #expect(try CLI.run(["--db", ws.db, "reference", "load", folder]).status == 0)
        #expect(try CLI.run(["--db", ws.db, "counts", "--by", "school"]).status == 0)
        #expect(try CLI.run(["--db", ws.db, "status"]).status == 0)
    }

    @Test("SCHOOLVEILIG_DB wordt gebruikt als --db ontbreekt; --db gaat voor")
    func environmentVariable() throws {
        let ws = try Workspace()
        let folder = try ws.writeReference()
        let fromEnvironment = ws.path("env.sqlite")
        let environment = ["SCHOOLVEILIG_DB": fromEnvironment]
        let load = try CLI.run(["reference", "load", folder], environment: environment, currentDirectory: ws.root)
        #expect(load.status == 0, "\(load)")
        #expect(ws.exists(fromEnvironment), "SCHOOLVEILIG_DB niet gebruikt")
        #expect(!ws.exists(ws.path("schoolveilig.sqlite")))
        let export = try ws.write("valid.csv", Fixture.valid)
        let ingest = try CLI.run(["ingest", export] + Fixture.asOf, environment: environment, currentDirectory: ws.root)
        #expect(ingest.status == 0, "\(ingest)")
        #expect(try ws.count("incident", database: fromEnvironment) == 4)
        let counts = try CLI.run(["counts", "--by", "school"], environment: environment, currentDirectory: ws.root)
        #expect(counts.stdout == "school,aantal\nS001,3\nS002,1\n", "\(counts)")

        let explicit = try CLI.run(["--db", ws.db, "reference", "load", folder], environment: environment, currentDirectory: ws.root)
        #expect(explicit.status == 0, "\(explicit)")
        #expect(ws.exists(ws.db), "--db niet gebruikt naast SCHOOLVEILIG_DB")
        #expect(try ws.count("incident", database: fromEnvironment) == 4)
    }

    @Test("zonder --db en SCHOOLVEILIG_DB: ./schoolveilig.sqlite, aangemaakt met modus 0600")
    func defaultPathAndMode() throws {
        let ws = try Workspace()
        let folder = try ws.writeReference()
        let load = try CLI.run(["reference", "load", folder], currentDirectory: ws.root)
        #expect(load.status == 0, "\(load)")
        let database = ws.path("schoolveilig.sqlite")
        #expect(ws.exists(database))
        let attributes = try FileManager.default.attributesOfItem(atPath: database)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        #expect(mode & 0o777 == 0o600, "modus \(String(mode, radix: 8))")
    }

    @Test(
        "database in een map die niet bestaat: status 2, melding noemt de map, niets aangemaakt",
        arguments: ["reference", "ingest", "env"])
    func missingDatabaseFolder(_ via: String) throws {
        let ws = try Workspace()
        let folder = try ws.writeReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let missingFolder = ws.path("ontbreekt")
        let database = missingFolder + "/db.sqlite"
        let result: CLI.Result
        switch via {
        case "reference": result = try CLI.run(["--db", database, "reference", "load", folder])
        case "ingest": result = try CLI.run(["ingest", export, "--db", database] + Fixture.asOf)
        default: result = try CLI.run(["reference", "load", folder], environment: ["SCHOOLVEILIG_DB": database], currentDirectory: ws.root)
        }
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(missingFolder), "melding noemt de map niet: \(result.stderr)")
        #expect(!ws.exists(missingFolder), "map aangemaakt")
        #expect(!ws.exists(ws.path("schoolveilig.sqlite")))
    }
}

// MARK: - counts

@Suite("counts")
struct CountsCLITests {
    /// A database with the reference set and `Fixture.valid` ingested.
    static func filled() throws -> Workspace {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        try #require(ingest.status == 0, "\(ingest)")
        return ws
    }

    @Test("csv: kop met dimensies en aantal, gesorteerd; --from/--to inclusief")
    func csv() throws {
        let ws = try Self.filled()
        let all = try CLI.run(["--db", ws.db, "counts", "--by", "school,categorie"])
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout == "school,categorie,aantal\nS001,DIEFSTAL,1\nS001,DRUGS,2\nS002,BEDREIGING,1\n")
        let range = try CLI.run(["--db", ws.db, "counts", "--by", "maand", "--from", "2025-02-11", "--to", "2025-03-12"])
        #expect(range.status == 0, "\(range)")
        #expect(range.stdout == "maand,aantal\n2025-02,1\n2025-03,1\n")
    }

    @Test("--format table en json geven dezelfde aantallen als csv")
    func formatsAgree() throws {
        let ws = try Self.filled()
        let dimensions = ["stadsdeel", "categorie", "kwartaal"]
        let by = dimensions.joined(separator: ",")
        let csv = try CLI.run(["--db", ws.db, "counts", "--by", by])
        try #require(csv.status == 0, "\(csv)")
        var expected: [String: Int] = [:]
        for line in csv.stdout.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            expected[fields.dropLast().joined(separator: "|")] = Int(fields.last!)
        }
        #expect(expected.count == 4)

        let table = try CLI.run(["--db", ws.db, "counts", "--by", by, "--format", "table"])
        #expect(table.status == 0, "\(table)")
        var fromTable: [String: Int] = [:]
        var total: Int?
        let tableLines = table.stdout.split(separator: "\n").map(String.init)
        #expect(
            tableLines.first.map { line in dimensions.allSatisfy { line.contains($0) } && line.contains("aantal") } == true,
            "\(table.stdout)")
        for line in tableLines.dropFirst() where !line.hasPrefix("-") {
            let cells = line.split(separator: " ").map(String.init)
            if cells.first == "Totaal" { total = Int(cells.last!); continue }
            fromTable[cells.dropLast().joined(separator: "|")] = Int(cells.last!)
        }
        #expect(fromTable == expected, "table:\n\(table.stdout)")
        #expect(total == expected.values.reduce(0, +), "totaalregel: \(table.stdout)")

        let json = try CLI.run(["--db", ws.db, "counts", "--by", by, "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let objects = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]], "\(json.stdout)")
        var fromJSON: [String: Int] = [:]
        for object in objects {
            let key = dimensions.map { (object[$0] as? String) ?? "?" }.joined(separator: "|")
            fromJSON[key] = (object["aantal"] as? NSNumber)?.intValue
        }
        #expect(fromJSON == expected, "json:\n\(json.stdout)")
    }

    /// A `counts` call that is bad usage (SPEC §3: 2, nothing done), and what the message must name.
    struct BadCall: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let named: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(
        "verkeerd gebruik van counts: status 2, melding noemt het probleem",
        arguments: [
            BadCall(arguments: ["--by", "school,klas"], named: ["klas", "dimensie"]),
            BadCall(arguments: ["--by", "school", "--from", "2025-03-01", "--to", "2025-02-01"], named: ["--from", "--to", "na"]),
            BadCall(arguments: ["--by", "school", "--from", "2025-02-30"], named: ["--from", "2025-02-30"]),
            BadCall(arguments: ["--by", "school", "--to", "31-12-2025"], named: ["--to", "31-12-2025"]),
            BadCall(arguments: ["--by", "school", "--format", "xml"], named: ["xml", "formaat"]),
        ])
    func badUsage(_ call: BadCall) throws {
        let ws = try Self.filled()
        let counts = try CLI.run(["--db", ws.db, "counts"] + call.arguments)
        #expect(counts.status == 2, "\(counts)")
        #expect(counts.stdout.isEmpty, "uitvoer bij een fout: \(counts.stdout)")
        for fragment in call.named {
            #expect(counts.stderr.contains(fragment), "melding mist '\(fragment)': \(counts.stderr)")
        }
    }

    @Test("counts op een database die niet bestaat: status 2, geen database aangemaakt")
    func missingDatabase() throws {
        let ws = try Workspace()
        let counts = try CLI.run(["--db", ws.db, "counts", "--by", "school"])
        #expect(counts.status == 2, "\(counts)")
        #expect(counts.stderr.contains(ws.db), "\(counts.stderr)")
        #expect(!ws.exists(ws.db))
    }

    @Test("counts met een onbekende optie of zonder --by: status 2", arguments: [["--by", "school", "--bogus"], []])
    func parserErrors(_ arguments: [String]) throws {
        let ws = try Self.filled()
        let counts = try CLI.run(["--db", ws.db, "counts"] + arguments)
        #expect(counts.status == 2, "SPEC §3/README: onbekende optie is verkeerd gebruik, status 2; \(counts)")
        #expect(counts.stderr.contains(arguments.isEmpty ? "--by" : "--bogus"), "\(counts.stderr)")
    }
}

// MARK: - lock

@Suite("vergrendeling")
struct LockCLITests {
    @Test("terwijl een ander proces het slot houdt: ingest en reference load 75 'draait al', counts en status werken")
    func lockHeld() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let first = try ws.write("valid.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", first] + Fixture.asOf).status == 0)
        let countsBefore = try CLI.run(["--db", ws.db, "counts", "--by", "school,categorie"])
        try #require(countsBefore.status == 0)

        let holder = try #require(try CLI.holdLock(ws.db + ".lock"), "het hulpproces kreeg het slot niet")
        defer {
            if holder.isRunning { holder.terminate() }
            holder.waitUntilExit()
        }

        let second = try ws.write("tweede.csv", Fixture.header + "Z1,S002,2025-06-01,DRUGS,school,ja,12-15,licht\n")
        let ingest = try CLI.run(["--db", ws.db, "ingest", second] + Fixture.asOf)
        #expect(ingest.status == 75, "\(ingest)")
        #expect(ingest.stderr.contains("draait al"), "\(ingest.stderr)")

        let load = try CLI.run(["--db", ws.db, "reference", "load", ws.path("ref")])
        #expect(load.status == 75, "\(load)")
        #expect(load.stderr.contains("draait al"), "\(load.stderr)")

        let counts = try CLI.run(["--db", ws.db, "counts", "--by", "school,categorie"])
        #expect(counts.status == 0, "lezers worden niet vergrendeld: \(counts)")
        #expect(counts.stdout == countsBefore.stdout)
        let status = try CLI.run(["--db", ws.db, "status"])
        #expect(status.status == 0, "\(status)")

        #expect(try ws.count("delivery") == 1, "er is opgeslagen terwijl het slot vastgehouden werd")
        #expect(try ws.count("incident") == 4)

        holder.terminate()
        holder.waitUntilExit()
        let after = try CLI.run(["--db", ws.db, "ingest", second] + Fixture.asOf)
        #expect(after.status == 0, "na het vrijgeven van het slot: \(after)")
        #expect(try ws.count("incident") == 5)
    }
}

// MARK: - status

@Suite("status")
struct StatusCLITests {
    @Test("status na een ingest toont de levering")
    func afterIngest() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write("valid.csv", Fixture.valid)
        try #require(try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf).status == 0)
        let status = try CLI.run(["--db", ws.db, "status"])
        #expect(status.status == 0, "\(status)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        // By school and hash, never by file name (SPEC §5).
        #expect(
            lines.contains { $0.contains("school S001") && $0.contains("sha256 ") && $0.contains("4 gelezen") && $0.contains("4 nieuw") },
            "\(status.stdout)")
        #expect(!status.stdout.contains("valid.csv"), "\(status.stdout)")
        #expect(lines.contains { $0.contains("leveringen: 1") && $0.contains("incidenten: 4") }, "\(status.stdout)")
        #expect(status.stdout.contains(ws.path("ref")), "referentiegegevens in gebruik ontbreken: \(status.stdout)")
    }

    @Test("status op een database die niet bestaat: status 2, niets aangemaakt")
    func missingDatabase() throws {
        let ws = try Workspace()
        let status = try CLI.run(["--db", ws.db, "status"])
        #expect(status.status == 2, "\(status)")
        #expect(status.stderr.contains("bestaat niet") && status.stderr.contains(ws.db), "\(status.stderr)")
        #expect(!ws.exists(ws.db))
    }
}

// MARK: - demo and help

@Suite("demo en hulp")
struct DemoAndHelpCLITests {
    @Test("demo --output schrijft tellingen, database en een samenvatting")
    func demo() throws {
        let ws = try Workspace()
        let output = ws.path("demo")
        let demo = try CLI.run(["demo", "--output", output], timeout: 180)
        #expect(demo.status == 0, "\(demo.status): \(demo.stderr.suffix(2000))")
        let tables = ((try? FileManager.default.contentsOfDirectory(atPath: output + "/tellingen")) ?? []).filter { $0.hasSuffix(".csv") }
        #expect(!tables.isEmpty, "geen tellingen/*.csv")
        for table in tables {
            let text = try String(contentsOfFile: "\(output)/tellingen/\(table)", encoding: .utf8)
            #expect(text.split(separator: "\n").first?.hasSuffix("aantal") == true, "\(table): \(text.prefix(200))")
            #expect(text.split(separator: "\n").count > 1, "\(table) is leeg")
        }
        #expect(ws.exists(output + "/schoolveilig.sqlite"))
        #expect(try ws.count("incident", database: output + "/schoolveilig.sqlite") > 0)
        #expect(demo.stderr.contains("incidenten"), "geen samenvatting op stderr: \(demo.stderr.prefix(500))")
    }

    /// Each command with a word its Dutch abstract must contain.
    @Test(
        "--help: status 0 met een Nederlandse omschrijving",
        arguments: [
            ([String](), "Convenant Veiligheid"),
            (["reference"], "Referentiegegevens"),
            (["reference", "load"], "referentiegegevens"),
            (["ingest"], "incidentexports"),
            (["counts"], "Telt"),
            (["status"], "database"),
            (["demo"], "demodata"),
            (["cijfers"], "per 1000 leerlingen"),
            (["naleving"], "meldplicht"),
            (["aanlevering"], "aanleverden"),
            (["run"], "pijplijn"),
            (["purge"], "bewaartermijnen"),
            (["backup"], "reservekopie"),
            (["restore"], "reservekopie"),
            (["doctor"], "installatie"),
        ])
    func help(_ command: [String], _ dutch: String) throws {
        let help = try CLI.run(command + ["--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains(dutch), "\(command) --help: \(help.stdout)")
        if !command.isEmpty, command != ["reference"] {
            #expect(help.stdout.contains("Voorbeeld"), "README: elke opdracht heeft --help met een voorbeeld; \(command)")
        }
    }

    @Test("een onbekende opdracht: status 2")
    func unknownCommand() throws {
        let result = try CLI.run(["frobnicate"])
        #expect(result.status == 2, "SPEC §3: verkeerd gebruik is status 2; \(result)")
        #expect(result.stderr.contains("frobnicate"), "\(result.stderr)")
    }
}

@Suite("exports as schools really send them, through the binary")
struct RealExportCLITests {
    @Test(
        "een .xls: status 3, 'sla het bestand op als .xlsx of .csv', de school opnieuw laten sturen; status noemt het bestand bij hash, zonder naam"
    )
    func xlsRefusedAndNamedInStatus() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let bytes = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
        let export = try ws.write("S001/Incidenten Sanne de Vries.xls", bytes: bytes)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 3, "\(ingest)")
        #expect(
            ingest.stderr.contains("sla het bestand op als .xlsx of .csv")
                && ingest.stderr.contains("vraag de school het bestand verbeterd opnieuw te sturen"), "\(ingest.stderr)")
        let status = try CLI.run(["--db", ws.db, "status"])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("geweigerde bestanden: 1"), "\(status.stdout)")
        #expect(status.stdout.contains("school S001: dit is een oud Excel-werkboek (.xls)"), "\(status.stdout)")
        #expect(!status.stdout.contains("Vries"), "\(status.stdout)")
        #expect(try ws.count("delivery") == 0)
    }

    @Test("titelregels, lege ;;;;-regels en een slotregel Totaal: status 0, precies geteld")
    func titleEmptyAndTotalRows() throws {
        let ws = try Workspace()
        try ws.loadReference()
        let export = try ws.write(
            "titels.csv",
            """
            Incidentenoverzicht;;;;;;;
            ;;;;;;;
            incident_id;school_code;datum;categorie;locatie;politie;leeftijd;ernst
            T1;S001;10-1-2025;DRUGS;school;ja;12-15;licht
            ;;;;;;;
            T2;S002;11-1-2025;Diefstal;;;;
            Totaal;;;;;;;2

            """)
        let ingest = try CLI.run(["--db", ws.db, "ingest", export] + Fixture.asOf)
        #expect(ingest.status == 0, "\(ingest)")
        #expect(
            ingest.stderr.contains("2 regels gelezen; 2 nieuw")
                && ingest.stderr.contains(
                    "kopregel op regel 3; regel 1 erboven overgeslagen; 2 lege regels overgeslagen; totaalregel (regel 7) genegeerd"),
            "\(ingest.stderr)")
        #expect(try ws.count("incident") == 2)
        #expect(try ws.count("quarantine") == 0)
    }
}
