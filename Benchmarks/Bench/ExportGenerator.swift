import Demo
import Foundation

/// Streams a canonical export (SPEC §2a) of `rows` rows to disk in 1 MB chunks. Deterministic:
/// the same row count gives the same bytes on every run and machine.
enum ExportGenerator {
    static let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"
    /// The 13 codes of `DefaultCategories.list` (Domain is not a dependency of the bench).
    static let categories = [
        "WAPENS", "DRUGS", "FYSIEK_GEWELD", "DIEFSTAL", "BEDREIGING", "SEKSUEEL", "VANDALISME",
        "INTIMIDATIE", "DISCRIMINATIE", "PESTEN", "CYBERPESTEN", "OVERLAST", "OVERIG",
    ]
    static let locaties = ["school", "omgeving", "online", "onbekend"]
    static let politie = ["ja", "nee", "onbekend"]
    static let leeftijden = ["0-11", "12-15", "16-17", "18+", "onbekend"]
    static let ernst = ["licht", "middel", "zwaar"]

    /// Every day from 2022-08-01 to 2026-09-30 inclusive, as YYYY-MM-DD.
    static func days() -> [String] {
        var result: [String] = []
        var (year, month, day) = (2022, 8, 1)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        while (year, month, day) <= (2026, 9, 30) {
            result.append("\(year)-\(two(month))-\(two(day))")
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            day += 1
            if day > length { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
        return result
    }

    /// The export's dialect: the canonical form, or what Excel on Dutch Windows writes —
    /// semicolons, Windows-1252, CRLF — with a free-text column the ingest must drop.
    enum Flavour: String {
        case canonical
        case windows1252 = "windows1252-semicolon"

        var delimiter: UInt8 { self == .canonical ? UInt8(ascii: ",") : UInt8(ascii: ";") }
        var newline: [UInt8] { self == .canonical ? [10] : [13, 10] }
        /// `caf\u{E9} \u{2013} zie dossier` in Windows-1252 bytes.
        var remark: [UInt8]? { self == .canonical ? nil : Array("caf".utf8) + [0xE9, 0x20, 0x96] + Array(" zie dossier".utf8) }
    }

    /// Writes the file; returns its size in bytes.
    static func write(
        rows: Int, schoolCodes: [String], to path: String, flavour: Flavour = .canonical,
        seed: UInt64 = 0xB5_2026
    ) throws -> Int64 {
        guard !schoolCodes.isEmpty else { throw BenchError("no school codes to generate rows for") }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw BenchError("cannot create \(path)")
        }
        defer { try? handle.close() }
        let bytes: ([String]) -> [[UInt8]] = { $0.map { Array($0.utf8) } }
        let schools = bytes(schoolCodes), dates = bytes(days()), categoryBytes = bytes(categories)
        let locatieBytes = bytes(locaties), politieBytes = bytes(politie)
        let leeftijdBytes = bytes(leeftijden), ernstBytes = bytes(ernst)
        var random = RandomSource(seed: seed)
        func pick(_ list: [[UInt8]]) -> [UInt8] { list[Int(random.next() % UInt64(list.count))] }

        let chunkLimit = 1 << 20
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkLimit + 256)
        var headerBytes = Array(header.utf8.dropLast())
        if flavour.remark != nil { headerBytes += Array(",opmerking".utf8) }
        chunk.append(contentsOf: headerBytes.map { $0 == UInt8(ascii: ",") ? flavour.delimiter : $0 } + flavour.newline)
        var written: Int64 = 0
        func flush() throws {
            try handle.write(contentsOf: chunk)
            written += Int64(chunk.count)
            chunk.removeAll(keepingCapacity: true)
        }
        let comma = flavour.delimiter
        let idWidth = max(7, String(rows).count)
        var digits = [UInt8](repeating: 0, count: idWidth)
        for number in 1...rows {
            // incident_id: B + zero-padded row number (unique per file, so per school too).
            var rest = number
            for position in stride(from: idWidth - 1, through: 0, by: -1) {
                digits[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            chunk.append(UInt8(ascii: "B"))
            chunk.append(contentsOf: digits)
            chunk.append(comma); chunk.append(contentsOf: pick(schools))
            chunk.append(comma); chunk.append(contentsOf: pick(dates))
            chunk.append(comma); chunk.append(contentsOf: pick(categoryBytes))
            chunk.append(comma); chunk.append(contentsOf: pick(locatieBytes))
            chunk.append(comma); chunk.append(contentsOf: pick(politieBytes))
            chunk.append(comma); chunk.append(contentsOf: pick(leeftijdBytes))
            chunk.append(comma); chunk.append(contentsOf: pick(ernstBytes))
            if let remark = flavour.remark { chunk.append(comma); chunk.append(contentsOf: remark) }
            chunk.append(contentsOf: flavour.newline)
            if chunk.count >= chunkLimit { try flush() }
        }
        if !chunk.isEmpty { try flush() }
        return written
    }

    /// The school codes of a written `scholen.csv` (first column; the demo's codes need no quoting).
    static func schoolCodes(inScholenCSV path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        return lines.compactMap { line in
            let code = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return code.isEmpty ? nil : code
        }
    }

    /// Copies `source` to `target` with CRLF line ends (the generated export has no quoted line breaks).
    static func convertToCRLF(_ source: String, to target: String) throws {
        guard let input = FileHandle(forReadingAtPath: source),
            FileManager.default.createFile(atPath: target, contents: nil),
            let output = FileHandle(forWritingAtPath: target)
        else {
            throw BenchError("cannot convert \(source) to \(target)")
        }
        defer { try? input.close(); try? output.close() }
        var converted: [UInt8] = []
        converted.reserveCapacity(1 << 21)
        while let data = try input.read(upToCount: 1 << 20), !data.isEmpty {
            converted.removeAll(keepingCapacity: true)
            for byte in data {
                if byte == 10 { converted.append(13) }
                converted.append(byte)
            }
            try output.write(contentsOf: converted)
        }
    }
}
