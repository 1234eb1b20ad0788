import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// Exports as school administrations really save them (issue 14): every case a generated file,
/// each asserting the exact counts, the summary and what is on disk afterwards.
@Suite("Exports as schools really send them")
struct RealExportTests {
    static let asOf = Day(iso: "2025-06-30")!
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst"

    struct Setup {
        let folder: TemporaryFolder
        let database: SchoolveiligDatabase

        init() throws {
            folder = try TemporaryFolder()
            database = try SmallReference.database(in: folder)
        }

        func ingester(profiles: [MappingProfile] = [], profile: MappingProfile? = nil, idFormat: IncidentIdFormat? = nil) -> Ingester {
            Ingester(
                database: database, asOf: RealExportTests.asOf, profile: profile, profiles: ProfileCatalog(profiles: profiles),
                idFormat: idFormat)
        }

        func stored() throws -> [String: String] {
            var result: [String: String] = [:]
            for row in try database.probe.rows("SELECT incident_id, datum FROM incident") { result[row["incident_id"]!!] = row["datum"]! }
            return result
        }

        func count(_ table: String) throws -> Int { try database.probe.int("SELECT count(*) FROM \(table)") ?? -1 }

        /// Every byte the database holds, WAL included, as text (to search for a name).
        func bytesOnDisk() throws -> String {
            try database.probe.checkpoint()
            let names = (try FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasPrefix("test.sqlite") }
            return try names.map { String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder.file($0))), as: UTF8.self) }.joined()
        }
    }

    static func totals(_ summary: FileSummary) -> DeliveryWriter.Totals? {
        if case .stored(let totals) = summary.outcome { totals } else { nil }
    }

    static func reason(_ summary: FileSummary) -> String? {
        if case .rejected(let reason) = summary.outcome { reason } else { nil }
    }

    static func totals(read: Int, new: Int, quarantined: Int = 0) -> DeliveryWriter.Totals {
        var totals = DeliveryWriter.Totals()
        totals.rowsRead = read
        totals.new = new
        totals.quarantinedLines = quarantined
        return totals
    }

    /// An inline-string cell, a number cell.
    static func text(_ reference: String, _ value: String) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
    }
    static func number(_ reference: String, _ value: String) -> String { "<c r=\"\(reference)\"><v>\(value)</v></c>" }

    static func headerRow(_ row: Int, names: [String] = ["incident_id", "school_code", "datum", "categorie"]) -> String {
        "<row r=\"\(row)\">"
            + names.enumerated().map { text("\(Character(Unicode.Scalar(UInt8(65 + $0.offset))))\(row)", $0.element) }.joined() + "</row>"
    }

    static func dataRow(_ row: Int, _ id: String, _ school: String, serial: String, _ category: String) -> String {
        "<row r=\"\(row)\">\(text("A\(row)", id))\(text("B\(row)", school))\(number("C\(row)", serial))\(text("D\(row)", category))</row>"
    }

    // MARK: 1. The workbook's date system

    @Test("a 1904 workbook (date1904=\"1\"): serials count from 1904-01-01, not 4 years and 1 day early")
    func workbook1904() throws {
        let setup = try Setup()
        // 44316 is 2025-05-01 in the 1904 system (2021-04-30 in the 1900 system); 43830 is 2024-01-01.
        let rows =
            Self.headerRow(1) + Self.dataRow(2, "M-1", "VO1", serial: "44316", "PESTEN")
            + Self.dataRow(3, "M-2", "VO1", serial: "43830.5", "DRUGS")
        var workbook = XLSXTestWorkbook(rows: rows)
        workbook.date1904 = true
        let path = setup.folder.file("mac.xlsx")
        try workbook.write(to: path)
        let summary = try setup.ingester().ingest(path: path)
        #expect(Self.totals(summary) == Self.totals(read: 2, new: 2))
        #expect(summary.dialect?.description == "XLSX, eerste blad, 1904-datumsysteem")
        #expect(summary.line.contains("1904-datumsysteem"))
        #expect(try setup.stored() == ["M-1": "2025-05-01", "M-2": "2024-01-01"])

        // The same cells in a 1900 workbook are the 1900 system's days.
        let other = try Setup()
        let path1900 = other.folder.file("windows.xlsx")
        try XLSXTestWorkbook(rows: rows).write(to: path1900)
        _ = try other.ingester().ingest(path: path1900)
        #expect(try other.stored() == ["M-1": "2021-04-30", "M-2": "2019-12-31"])
    }

    // MARK: 2. Title rows, NBSP headers, a closing Totaal row

    @Test("title rows and a blank line above the header (CSV as Excel saves it): skipped, counted by line number only")
    func titleRowsCSV() throws {
        let setup = try Setup()
        let text = """
            Incidentenoverzicht College De Toetssteen;;;;;;;
            Gemaakt door Jan Jansen op 3-7-2025;;;;;;;
            ;;;;;;;
            incident_id;school_code;datum;categorie;locatie;politie;leeftijd;ernst
            T1;VO1;1-2-2025;PESTEN;school;nee;12-15;licht
            T2;VO1;2-2-2025;DRUGS;;;;

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let summary = try setup.ingester().ingest(path: try setup.folder.write("export.csv", text))
        #expect(Self.totals(summary) == Self.totals(read: 2, new: 2))
        #expect(summary.layout.headerLine == 4)
        #expect(summary.layout.skippedLines == [1, 2])
        #expect(summary.layout.emptyRows == 1)
        #expect(
            summary.line.contains("kopregel op regel 4; regels 1, 2 erboven overgeslagen; 1 lege regel overgeslagen"), "\(summary.line)")
        #expect(summary.exitStatus == .done)
        #expect(try setup.stored() == ["T1": "2025-02-01", "T2": "2025-02-02"])
        let disk = try setup.bytesOnDisk()
        #expect(!disk.contains("Jansen") && !disk.contains("Incidentenoverzicht"))
    }

    @Test("title lines without delimiters above a ';' header (as openpyxl and LibreOffice write them): the header's delimiter is found")
    func titleLinesWithoutDelimiters() throws {
        let setup = try Setup()
        let text =
            "Overzicht incidenten, schooljaar 2024-2025\nGemaakt door Jan Jansen\n\n"
            + "incident_id;school_code;datum;categorie\nL1;PO1;2025-03-01;PESTEN\nL2;PO1;2025-03-02;DRUGS\n"
        let summary = try setup.ingester().ingest(path: try setup.folder.write("titels.csv", text))
        #expect(Self.totals(summary) == Self.totals(read: 2, new: 2))
        #expect(summary.dialect?.delimiter == UInt8(ascii: ";"))
        #expect(summary.layout.headerLine == 4 && summary.layout.skippedLines == [1, 2] && summary.layout.emptyRows == 0)
    }

    @Test("title rows in a workbook, a header with no-break spaces and odd case, and a closing Totaal row")
    func titleRowsWorkbook() throws {
        let setup = try Setup()
        let rows =
            "<row r=\"1\">\(Self.text("A1", "Overzicht incidenten schooljaar 2024-2025"))</row>"
            + "<row r=\"2\">\(Self.text("A2", "Leerling: Pietje Puk"))</row>"
            + Self.headerRow(4, names: ["\u{00A0}Incident_ID", "School_Code\u{00A0}", "D\u{00E1}tum", "categorie\u{202F}"])
            + Self.dataRow(5, "W-1", "VO1", serial: "45689", "PESTEN")
            + Self.dataRow(6, "W-2", "VO1", serial: "45690", "DIEFSTAL")
            + "<row r=\"7\">\(Self.text("A7", "Totaal"))\(Self.number("B7", "2"))</row>"
        let path = setup.folder.file("titel.xlsx")
        try XLSXTestWorkbook(rows: rows).write(to: path)
        let summary = try setup.ingester().ingest(path: path)
        #expect(Self.totals(summary) == Self.totals(read: 2, new: 2))
        #expect(summary.layout.headerLine == 4 && summary.layout.skippedLines == [1, 2])
        #expect(summary.layout.totalRowLine == 7)
        #expect(summary.line.contains("totaalregel (regel 7) genegeerd"), "\(summary.line)")
        #expect(summary.exitStatus == .done)
        #expect(try setup.count("quarantine") == 0)
        #expect(try setup.stored() == ["W-1": "2025-02-01", "W-2": "2025-02-02"])
        #expect(try !setup.bytesOnDisk().contains("Pietje"))
    }

    @Test("a no-break space in a CSV header name is trimmed like around values")
    func noBreakSpaceHeader() throws {
        let setup = try Setup()
        let summary = try setup.ingester().ingest(
            path: try setup.folder.write(
                "nbsp.csv", "incident_id,school_code\u{00A0},\u{00A0}datum,Categorie\u{00A0}\u{200B}\nN1,PO1,2025-01-01,PESTEN\n"))
        #expect(Self.totals(summary) == Self.totals(read: 1, new: 1))
        #expect(summary.droppedColumns.isEmpty)
    }

    @Test("a Totaal row in the middle is data (quarantined); only a closing one is ignored")
    func totalInTheMiddle() throws {
        let setup = try Setup()
        let summary = try setup.ingester().ingest(
            path: try setup.folder.write(
                "t.csv", Self.header + "\nA,PO1,2025-01-01,PESTEN,,,,\nTotaal,,,,,,,\nB,PO1,2025-01-02,PESTEN,,,,\nTotaal:,,,,,,,\n"))
        #expect(Self.totals(summary) == Self.totals(read: 3, new: 2, quarantined: 1))
        #expect(summary.layout.totalRowLine == 5)
        #expect(try setup.database.probe.ints("SELECT DISTINCT line FROM quarantine") == [3])
    }

    @Test("no header in the first 20 rows: refused, naming the closest row, nothing stored")
    func noHeaderWithin20Rows() throws {
        let setup = try Setup()
        let titles = (1...20).map { "titel \($0)" }.joined(separator: "\n")
        let summary = try setup.ingester().ingest(
            path: try setup.folder.write("laat.csv", titles + "\n" + Self.header + "\nA,PO1,2025-01-01,PESTEN,,,,\n"))
        let reason = try #require(Self.reason(summary))
        #expect(reason.contains("eerste 20 regels") && reason.contains("verplichte kolommen ontbreken"), "\(reason)")
        #expect(try setup.count("incident") == 0 && setup.count("delivery") == 0)
    }

    @Test("a profile fixes the header row (kopregel): the rows above are skipped even when one looks like a header")
    func profileFixesHeaderRow() throws {
        let setup = try Setup()
        let profile = try MappingProfile.parse(
            """
            naam: vaste-kopregel
            kopregel: 3
            kolommen: {incident_id: Nr, school_code: School, datum: Datum, categorie: Soort}
            """, path: "vast.yml")
        let text = "Nr,School,Datum,Soort\nuitleg,,,\nNr,School,Datum,Soort\nP1,PO1,2025-01-01,PESTEN\n"
        let summary = try setup.ingester(profile: profile).ingest(path: try setup.folder.write("vast.csv", text))
        #expect(Self.totals(summary) == Self.totals(read: 1, new: 1))
        #expect(summary.layout.headerLine == 3 && summary.layout.skippedLines == [1, 2])
        #expect(throws: MappingProfile.Problem.self) {
            try MappingProfile.parse(
                "naam: x\nkopregel: 0\nkolommen: {incident_id: a, school_code: b, datum: c, categorie: d}\n", path: "x.yml")
        }
    }

    // MARK: 3. Empty rows

    @Test("Excel's empty rows in a CSV (;;;;;;;) are skipped and counted, as in a workbook; the run exits 0")
    func emptyRows() throws {
        let setup = try Setup()
        let text =
            "incident_id;school_code;datum;categorie;locatie;politie;leeftijd;ernst\r\nE1;PO1;2025-01-01;PESTEN;;;;\r\n;;;;;;;\r\nE2;PO1;2025-01-02;PESTEN;;;;\r\n;;;;;;;\r\n ; ;\u{00A0};;;;;\r\n"
        let summary = try setup.ingester().ingest(path: try setup.folder.write("leeg.csv", text))
        #expect(Self.totals(summary) == Self.totals(read: 2, new: 2))
        #expect(summary.layout.emptyRows == 3)
        #expect(summary.exitStatus == .done)
        #expect(summary.line.contains("3 lege regels overgeslagen"), "\(summary.line)")
        #expect(try setup.count("quarantine") == 0)

        let book = try Setup()
        let path = book.folder.file("leeg.xlsx")
        try XLSXTestWorkbook(
            rows: Self.headerRow(1) + Self.dataRow(2, "E1", "PO1", serial: "45658", "PESTEN")
                + "<row r=\"3\">\(Self.text("A3", " "))\(Self.text("B3", ""))</row>"
                + Self.dataRow(4, "E2", "PO1", serial: "45659", "PESTEN")
        ).write(to: path)
        let workbook = try book.ingester().ingest(path: path)
        #expect(Self.totals(workbook) == Self.totals(read: 2, new: 2))
        #expect(workbook.layout.emptyRows == 1)
    }

    // MARK: 4. Sequence numbers and BSNs

    /// The 11-check (elfproef) of a 9-digit number.
    static func passesElevenCheck(_ number: Int) -> Bool {
        let digits = String(number).compactMap(\.wholeNumberValue)
        guard digits.count == 9 else { return false }
        let sum = zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1]).reduce(0) { $0 + $1.0 * $1.1 }
        return sum % 11 == 0
    }

    static func sequenceFile(_ ids: [Int]) -> String {
        Self.header + "\n" + ids.enumerated().map { "\($0.element),VO1,2025-0\(1 + $0.offset % 5)-10,PESTEN,,,,\n" }.joined()
    }

    @Test(
        "9-digit sequence numbers 202500001…202500200: without a declaration the 11-check takes 18 rows; with id_formaat volgnummer all 200 are stored"
    )
    func sequenceNumbers() throws {
        let ids = Array(202_500_001...202_500_200)
        let bsnLike = ids.filter(Self.passesElevenCheck)
        #expect(bsnLike.count == 18)

        let plain = try Setup()
        let refused = try plain.ingester().ingest(path: try plain.folder.write("reeks.csv", Self.sequenceFile(ids)))
        #expect(Self.totals(refused) == Self.totals(read: 200, new: 182, quarantined: 18))

        let declared = try Setup()
        let profile = try MappingProfile.parse(
            "naam: reeks\nid_formaat: volgnummer\nkolommen: {incident_id: incident_id, school_code: school_code, datum: datum, categorie: categorie}\n",
            path: "reeks.yml")
        #expect(profile.idFormat == .volgnummer)
        let stored = try declared.ingester(profiles: [profile]).ingest(path: try declared.folder.write("reeks.csv", Self.sequenceFile(ids)))
        #expect(Self.totals(stored) == Self.totals(read: 200, new: 200))
        #expect(try declared.count("incident") == 200)
    }

    @Test("a real BSN column: quarantined masked without a declaration; with volgnummer declared the whole file is refused")
    func bsnColumn() throws {
        // 40 valid BSNs in no particular order.
        var bsns: [Int] = []
        var candidate = 123_456_782
        while bsns.count < 40 {
            if Self.passesElevenCheck(candidate) { bsns.append(candidate) }
            candidate += 7_919_773
            if candidate > 999_999_999 { candidate -= 876_543_210 }
        }
        let file = Self.sequenceFile(bsns)

        let plain = try Setup()
        let quarantined = try plain.ingester().ingest(path: try plain.folder.write("bsn.csv", file))
        #expect(Self.totals(quarantined) == Self.totals(read: 40, new: 0, quarantined: 40))
        #expect(try !plain.bytesOnDisk().contains(String(bsns[0])))

        let declared = try Setup()
        let before = try DatabaseDump.dump(declared.database)
        let refused = try declared.ingester(idFormat: .volgnummer).ingest(path: try declared.folder.write("bsn.csv", file))
        let reason = try #require(Self.reason(refused))
        #expect(reason.contains("lopen niet op als volgnummers"), "\(reason)")
        #expect(try DatabaseDump.dump(declared.database) == before)

        // Sorted BSNs rise, but with gaps no sequence has.
        let sorted = try Setup()
        let sortedRefused = try sorted.ingester(idFormat: .volgnummer).ingest(
            path: try sorted.folder.write("bsn.csv", Self.sequenceFile(bsns.sorted())))
        #expect(Self.reason(sortedRefused) != nil)
        #expect(try sorted.count("incident") == 0)
    }

    // MARK: 5. File names and rejected files

    @Test("a file named after a pupil: the name is nowhere in the database, status or the delivery record")
    func fileNameWithAName() throws {
        let setup = try Setup()
        let path = try setup.folder.write("PO1/Incidenten Sanne de Vries 2025.csv", Self.header + "\nS1,PO1,2025-01-01,PESTEN,,,,\n")
        let ingester = setup.ingester()
        let summary = try ingester.ingest(path: path)
        #expect(Self.totals(summary) == Self.totals(read: 1, new: 1))
        #expect(summary.line.hasPrefix(path))  // the operator's own terminal shows the path given
        #expect(!summary.recordLine.contains("Vries") && summary.recordLine.contains("school PO1"))
        let rejectedPath = try setup.folder.write("PO1/Sanne de Vries titel.csv", "Sanne de Vries\nbsn 123456782\n")
        let rejected = try ingester.ingest(path: rejectedPath)
        #expect(Self.reason(rejected) != nil)
        #expect(rejected.line.contains("vraag de school het bestand verbeterd opnieuw te sturen"))
        try ingester.noteRejection(rejected)
        let status = try StatusReport.read(from: setup.database, recent: 10).text
        #expect(!status.contains("Vries") && !status.contains("123456782"), "\(status)")
        #expect(status.contains("geweigerde bestanden (niet bewaard"), "\(status)")
        #expect(status.contains("sha256 \(rejected.sha256!.prefix(12))") && status.contains("school PO1"), "\(status)")
        #expect(status.contains("school PO1, sha256 \(summary.sha256!.prefix(12))"), "\(status)")
        let disk = try setup.bytesOnDisk()
        #expect(!disk.contains("Vries") && !disk.contains("123456782"))
        let header = try setup.database.probe.string("SELECT header FROM rejected_file")
        #expect(header == "S************s")
    }

    // MARK: 6. Refusals that say what to do

    static let foreign: [(String, [UInt8], String)] = [
        ("xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504), ".xls"),
        ("pdf", Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8), "PDF"),
        ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8), "afbeelding"),
        ("jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8), "afbeelding"),
    ]

    @Test(".xls, PDF and images are recognised by their bytes and refused with 'sla het bestand op als .xlsx of .csv'", arguments: foreign)
    func foreignFormats(_ name: String, _ bytes: [UInt8], _ named: String) throws {
        let setup = try Setup()
        let summary = try setup.ingester().ingest(path: try setup.folder.write("export.\(name)", bytes: bytes))
        let reason = try #require(Self.reason(summary))
        #expect(reason.contains(named) && reason.contains("sla het bestand op als .xlsx of .csv"), "\(reason)")
        #expect(try setup.count("delivery") == 0)
    }

    @Test(".ods and .numbers (ZIP packages without a workbook) are named and refused with what to do")
    func zippedForeignFormats() throws {
        let setup = try Setup()
        let ods = setup.folder.file("export.ods")
        try XLSXTestWorkbook.zip(
            [
                ("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)),
                ("content.xml", Data("<office:document-content/>".utf8)),
            ], to: ods)
        let numbers = setup.folder.file("export.numbers")
        try XLSXTestWorkbook.zip(
            [("Index/Document.iwa", Data([1, 2, 3])), ("Metadata/Properties.plist", Data("<plist/>".utf8))], to: numbers)
        let odsReason = try #require(Self.reason(try setup.ingester().ingest(path: ods)))
        #expect(odsReason.contains(".ods") && odsReason.contains("sla het bestand op als .xlsx of .csv"), "\(odsReason)")
        let numbersReason = try #require(Self.reason(try setup.ingester().ingest(path: numbers)))
        #expect(numbersReason.contains(".numbers") && numbersReason.contains("sla het bestand op als .xlsx of .csv"), "\(numbersReason)")
    }

    @Test("data on the second sheet: the refusal names that sheet and --blad")
    func dataOnSecondSheet() throws {
        let setup = try Setup()
        let path = setup.folder.file("twee.xlsx")
        try XLSXTestWorkbook(sheets: [
            .init(name: "Voorblad", rows: "<row r=\"1\">\(Self.text("A1", "Export uit het leerlingvolgsysteem"))</row>"),
            .init(name: "Gegevens", rows: Self.headerRow(1) + Self.dataRow(2, "G1", "PO1", serial: "45658", "PESTEN")),
        ]).write(to: path)
        let reason = try #require(Self.reason(try setup.ingester().ingest(path: path)))
        #expect(
            reason.hasPrefix("blad 'Voorblad' heeft geen kopregel, blad 'Gegevens' wel: kies dat blad met --blad 'Gegevens'"), "\(reason)")
        let chosen = try Ingester(database: setup.database, asOf: Self.asOf, sheet: "Gegevens").ingest(path: path)
        #expect(Self.totals(chosen) == Self.totals(read: 1, new: 1))
    }

    @Test(
        "a school's own column names: the refusal points to the closest mapping profile and the key it lacks; a near miss of a SPEC name by its position"
    )
    func closestProfile() throws {
        let setup = try Setup()
        let logbook = try MappingProfile.load(
            path: MappingProfileTests.root.appendingPathComponent("pipelines/profiles/po-logboek.yml").path)
        let vo = try MappingProfile.load(
            path: MappingProfileTests.root.appendingPathComponent("pipelines/profiles/incidentregistratie-vo.yml").path)
        // The logbook's header with "Plaats" instead of "Waar": not recognised.
        let text = "Nr,Datum,Wat is er gebeurd,Plaats\n1,3-2-2025,Pesten,Klas\n"
        let reason = try #require(
            Self.reason(try setup.ingester(profiles: [vo, logbook]).ingest(path: try setup.folder.write("logboek.csv", text))))
        #expect(
            reason.contains(
                "het profiel 'po-logboek' komt het dichtst bij (3 van 5 kolomnamen gevonden; niet gevonden: locatie: 'Waar', politie: 'Politie erbij')"
            ), "\(reason)")
        #expect(reason.contains("--profile"))
        #expect(!reason.contains("Plaats"))  // names from the file are not repeated: the row could be data

        let nearMiss = try #require(
            Self.reason(
                try setup.ingester().ingest(
                    path: try setup.folder.write("bijna.csv", "IncidentID,School code,datum,categorie\nA,PO1,2025-01-01,PESTEN\n"))))
        #expect(nearMiss.contains("kolom 1 lijkt op incident_id, kolom 2 lijkt op school_code"), "\(nearMiss)")
        #expect(nearMiss.contains("pipelines/profiles/README.md"))
    }
}
