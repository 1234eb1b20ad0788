import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// The ZIP side of an XLSX file: finds parts by name and streams their decompressed bytes
/// through the XML scanner, chunk by chunk, without writing them to disk or holding them whole.
/// Each part is bounded (its declared size and a limit per kind of part) and its CRC-32 checked.
final class XLSXPackage {
    let path: String
    private let archive: Archive
    /// Entries by normalised name (lower case, '/' separators, no leading '/').
    private let entries: [String: Entry]

    /// The decompression chunk size: also the largest piece of XML the scanner sees at once.
    static let chunkSize = 1 << 16

    init(path: String) throws {
        self.path = path
        guard access(path, R_OK) == 0 else {
            throw XLSXError(path: path, message: "kan het bestand niet lezen: \(String(cString: strerror(errno)))")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw XLSXError(path: path, message: "geen geldig XLSX-bestand (geen ZIP-archief)")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXError(path: path, message: "geen geldig XLSX-bestand (geen ZIP-archief)")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let key = Self.normalise(entry.path)
            if entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    static func normalise(_ name: String) -> String {
        var result = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while result.hasPrefix("/") { result.removeFirst() }
        return result
    }

    func contains(_ part: String) -> Bool { entries[Self.normalise(part)] != nil }

    /// Streams part `part` through a fresh scanner, calling `handler` for every tag. Errors from
    /// `handler` pass through unchanged; ZIP damage and XML errors become `XLSXError`s, the
    /// latter described by `describe(failure)`.
    func scan(_ part: String, limit: Int, maximumTextBytes: Int,
              describe: (XLSXXMLScanner.Failure) -> XLSXError,
              _ handler: (XLSXXMLScanner, XLSXXMLScanner.Event) throws -> Void) throws {
        guard let entry = entries[Self.normalise(part)] else {
            throw XLSXError(path: path, message: "geen geldig XLSX-bestand: het deel \(part) ontbreekt")
        }
        let damaged = XLSXError(path: path, message: "het XLSX-bestand is beschadigd (deel \(part) is niet te lezen)")
        let tooLarge = XLSXError(path: path, message: "het deel \(part) is groter dan \(limit / (1 << 20)) MiB; dit wordt niet gelezen")
        guard entry.uncompressedSize <= UInt64(limit) else { throw tooLarge }
        let declared = Int(entry.uncompressedSize)
        let scanner = XLSXXMLScanner(maximumTextBytes: maximumTextBytes)
        var total = 0
        // Errors of our own (and of the handler's caller) are parked here so that they pass
        // through ZIPFoundation unchanged; anything else it throws means a damaged archive.
        var passThrough: (any Error)?
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: Self.chunkSize) { data in
                do {
                    total += data.count
                    guard total <= declared else { throw damaged }
                    try data.withUnsafeBytes { raw in
                        try scanner.feed(raw.bindMemory(to: UInt8.self)) { try handler(scanner, $0) }
                    }
                } catch {
                    passThrough = error
                    throw error
                }
            }
        } catch {
            if let passThrough {
                if let failure = passThrough as? XLSXXMLScanner.Failure { throw describe(failure) }
                throw passThrough
            }
            throw damaged
        }
        guard total == declared, checksum == entry.checksum else { throw damaged }
        do {
            try scanner.finish()
        } catch let failure as XLSXXMLScanner.Failure {
            throw describe(failure)
        }
    }

    /// Reads a relationships part: relationship id to (type, target part), targets resolved
    /// against `baseFolder` (the folder of the part the relationships belong to).
    func relationships(_ part: String, baseFolder: String) throws -> [String: (type: String, target: String)] {
        var result: [String: (type: String, target: String)] = [:]
        try scan(part, limit: 16 << 20, maximumTextBytes: 0, describe: { self.xmlError(part, $0) }) { scanner, event in
            guard case .start(.relationship) = event else { return }
            guard let id = scanner.attribute("Id").map(Self.string), let target = scanner.attribute("Target").map(Self.string) else { return }
            let type = scanner.attribute("Type").map(Self.string) ?? ""
            if let mode = scanner.attribute("TargetMode").map(Self.string), mode == "External" { return }
            result[id] = (type, Self.resolve(target, against: baseFolder))
        }
        return result
    }

    func xmlError(_ part: String, _ failure: XLSXXMLScanner.Failure) -> XLSXError {
        XLSXError(path: path, message: "ongeldige XML in \(part), regel \(failure.line): \(failure.message)")
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Resolves a relationship target (relative, or absolute from the package root) to a part
    /// name without leading '/'; '.' and '..' segments are applied, never above the root.
    static func resolve(_ target: String, against baseFolder: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        var segments: [Substring] = []
        let joined = decoded.hasPrefix("/") ? decoded : (baseFolder.isEmpty ? decoded : baseFolder + "/" + decoded)
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// The folder of a part name ("xl/workbook.xml" → "xl").
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[..<slash])
    }

    /// The relationships part of a part ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels").
    static func relationshipsPart(of part: String) -> String {
        let folder = folder(of: part)
        let name = part.split(separator: "/").last.map(String.init) ?? part
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
    }
}
