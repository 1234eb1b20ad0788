import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// The same incidents delivered in every dialect Dutch office software writes must give exactly
/// the counts of their canonical form.
@Suite("Dialects: same incidents, same counts")
struct DialectEquivalenceTests {
    /// Rows as a school system would hold them; `opmerking` is free text the ingest must drop.
    static let rows: [[String]] = [
        ["A1", "PO1", "2024-07-31", "PESTEN", "school", "nee", "0-11", "licht", "café – €5"],
        ["A2", "PO1", "2024-08-01", "Intimidátie", "omgeving", "ja", "0-11", "", "“aanhalingstekens”"],
        ["A3", "VO1", "2024-12-31", "Fysiek geweld", "", "ja", "16-17", "zwaar", "regel met, komma"],
        ["A4", "VO1", "2025-01-01", "wapens", "online", "onbekend", "18+", "middel", "dubbel \"citaat\""],
        ["A5", "MBO1", "2024-02-29", "racisme", "school", "", "", "", ""],
        ["A6", "SO1", "2025-03-01", "Vernieling", "school", "nee", "12-15", "licht", "Ÿ œ Š"],
    ]
    static let header = ["incident_id", "school_code", "datum", "categorie", "locatie", "politie", "leeftijd", "ernst", "opmerking"]

    static func text(delimiter: String, newline: String) -> String {
        func quote(_ value: String) -> String {
            guard value.contains(where: { $0 == "\"" || $0 == "," || $0 == ";" || $0 == "\t" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: delimiter) }.joined(separator: newline) + newline
    }

    static func windows1252(_ text: String) -> [UInt8] {
        let table: [Character: UInt8] = ["é": 0xE9, "á": 0xE1, "–": 0x96, "€": 0x80, "“": 0x93, "”": 0x94, "Ÿ": 0x9F, "œ": 0x9C, "Š": 0x8A]
        return text.flatMap { character -> [UInt8] in
            if let byte = table[character] { return [byte] }
            return Array(String(character).utf8)
        }
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
            + text.utf16.flatMap { unit -> [UInt8] in
                bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
    }

    static let variants: [(name: String, bytes: [UInt8], dialect: String)] = [
        ("UTF-8, comma, LF", Array(text(delimiter: ",", newline: "\n").utf8), "UTF-8, ',', LF"),
        ("UTF-8 BOM, semicolon, CRLF", [0xEF, 0xBB, 0xBF] + Array(text(delimiter: ";", newline: "\r\n").utf8), "UTF-8 met BOM, ';', CRLF"),
        (
            "Windows-1252, sep=;, CRLF", windows1252("sep=;\r\n" + text(delimiter: ";", newline: "\r\n")),
            "Windows-1252, ';', CRLF, sep-regel"
        ),
        ("UTF-16 LE, tab, CRLF", utf16(text(delimiter: "\t", newline: "\r\n"), bigEndian: false), "UTF-16 LE, tab, CRLF"),
        ("UTF-16 BE, comma, LF", utf16(text(delimiter: ",", newline: "\n"), bigEndian: true), "UTF-16 BE, ',', LF"),
        ("UTF-8, comma, CR", Array(text(delimiter: ",", newline: "\r").utf8), "UTF-8, ',', CR"),
        ("Windows-1252, tab, LF", windows1252(text(delimiter: "\t", newline: "\n")), "Windows-1252, tab, LF"),
    ]

    static let tables = ["school,categorie,locatie,politie,leeftijd,ernst", "schooljaar,maand", "sector,gebied,kwartaal"]

    static func counts(of bytes: [UInt8], name: String) throws -> (summary: FileSummary, tables: [String]) {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let path = try folder.write(name, bytes: bytes)
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(path: path)
        let tables = try tables.map { try Counts.compute(by: CountDimension.parseList($0), from: nil, to: nil, in: database).render(.csv) }
        return (summary, tables)
    }

    @Test("every dialect gives the canonical counts and is reported", arguments: variants.indices)
    func equivalence(index: Int) throws {
        let variant = Self.variants[index]
        let canonical = try Self.counts(of: Self.variants[0].bytes, name: "canonical.csv")
        let result = try Self.counts(of: variant.bytes, name: "variant.csv")
        guard case .stored(let totals) = result.summary.outcome else {
            Issue.record("\(variant.name): not stored: \(result.summary.line)")
            return
        }
        #expect(totals.new == Self.rows.count, "\(variant.name)")
        #expect(totals.quarantinedLines == 0, "\(variant.name)")
        #expect(result.summary.droppedColumns == ["opmerking"], "\(variant.name)")
        #expect(result.summary.dialect?.description == variant.dialect)
        #expect(result.tables == canonical.tables, "\(variant.name)")
        #expect(canonical.tables[0].contains("PO1,INTIMIDATIE,omgeving,ja,0-11,onbekend,1"))
    }

    @Test("a broken UTF-16 file is rejected with its line")
    func brokenUTF16() throws {
        var bytes = Self.utf16(Self.text(delimiter: ",", newline: "\n"), bigEndian: false)
        bytes += [0x00, 0xD8, 0x41, 0x00]  // a high surrogate followed by 'A'
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(path: try folder.write("b.csv", bytes: bytes))
        guard case .rejected(let reason) = summary.outcome else {
            Issue.record("expected a rejection: \(summary.line)")
            return
        }
        #expect(reason.contains("regel 8"))
        #expect(reason.contains("surrogaat"))
        #expect(try database.probe.int("SELECT count(*) FROM incident") == 0)
    }
}
