import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#endif

/// The ZIP side of an XLSX file: finds parts by name and streams their decompressed bytes
/// through the XML scanner, chunk by chunk, without writing them to disk or holding them whole.
/// Each part is bounded (its declared size and a limit per kind of part) and its CRC-32 checked.
///
/// ZIPFoundation opens and lists the archive and inflates; the compressed bytes are read here,
/// bounded to the entry (see `XLSXZipDirectory`), so a damaged deflate stream cannot make the
/// inflater run on past the entry or spin at the end of the file.
final class XLSXPackage {
    let path: String
    private let archive: Archive
    private let descriptor: Int32
    private let directory: XLSXZipDirectory
    /// Entries by normalised name (lower case, '/' separators, no leading '/'), with their
    /// position in the central directory.
    private let entries: [String: (entry: Entry, index: Int)]

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
        let notAZip = XLSXError(path: path, message: "geen geldig XLSX-bestand (geen ZIP-archief)")
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw notAZip
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XLSXError(path: path, message: "kan het bestand niet lezen: \(String(cString: strerror(errno)))")
        }
        guard let directory = XLSXZipDirectory(descriptor: descriptor) else {
            close(descriptor)
            throw notAZip
        }
        self.directory = directory
        var entries: [String: (entry: Entry, index: Int)] = [:]
        for (index, entry) in archive.enumerated() where entry.type == .file {
            let key = Self.normalise(entry.path)
            if entries[key] == nil { entries[key] = (entry, index) }
        }
        self.entries = entries
    }

    deinit { close(descriptor) }

    static func normalise(_ name: String) -> String {
        var result = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while result.hasPrefix("/") { result.removeFirst() }
        return result
    }

    func contains(_ part: String) -> Bool { entries[Self.normalise(part)] != nil }

    /// The normalised names of all parts.
    var partNames: [String] { Array(entries.keys) }

    /// The compressed and inflated sizes the archive declares for `part`.
    func sizes(of part: String) -> (compressed: UInt64, inflated: UInt64)? {
        entries[Self.normalise(part)].map { (UInt64($0.entry.compressedSize), UInt64($0.entry.uncompressedSize)) }
    }

    /// Streams part `part` through a fresh scanner, calling `handler` for every tag. Errors from
    /// `handler` pass through unchanged; ZIP damage and XML errors become `XLSXError`s, the
    /// latter described by `describe(failure)`.
    func scan(
        _ part: String, limit: Int, maximumTextBytes: Int,
        describe: (XLSXXMLScanner.Failure) -> XLSXError,
        _ handler: (XLSXXMLScanner, XLSXXMLScanner.Event) throws -> Void
    ) throws {
        guard let (entry, index) = entries[Self.normalise(part)] else {
            throw XLSXError(path: path, message: "geen geldig XLSX-bestand: het deel \(part) ontbreekt")
        }
        let damaged = XLSXError(path: path, message: "het XLSX-bestand is beschadigd (deel \(part) is niet te lezen)")
        let tooLarge = XLSXError(
            path: path, message: "het deel \(part) is uitgepakt groter dan \(limit >> 20) MiB; dit wordt niet gelezen (grens: max_file_mb)")
        guard entry.uncompressedSize <= UInt64(limit) else { throw tooLarge }
        // Both readings of the central directory must agree on the entry.
        guard index < directory.items.count, case let item = directory.items[index],
            item.compressedSize == entry.compressedSize, item.uncompressedSize == entry.uncompressedSize,
            item.uncompressedSize <= UInt64(Int.max),
            let dataOffset = directory.dataOffset(of: item, descriptor: descriptor)
        else { throw damaged }
        let declared = Int(item.uncompressedSize)
        let compressedSize = Int64(item.compressedSize)
        let scanner = XLSXXMLScanner(maximumTextBytes: maximumTextBytes)
        let descriptor = self.descriptor
        var total = 0
        // Errors of our own (and of the handler's caller) are parked here so that they pass
        // through ZIPFoundation unchanged; anything else it throws means a damaged archive.
        var passThrough: (any Error)?
        func consume(_ data: Data) throws {
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
        // The entry's compressed bytes and nothing after them: asked for more, the stream is cut
        // short. A short last chunk is padded with zeros to the size asked for, because
        // ZIPFoundation's Linux inflate takes `size` bytes as available whatever it is given
        // (it would read past the end of a shorter buffer); a complete stream ends before them.
        func provide(_ position: Int64, _ size: Int) throws -> Data {
            if size == 0 { return Data() }
            let remaining = compressedSize - position
            guard remaining > 0 else { throw damaged }
            let count = Int(min(Int64(size), remaining))
            var data = Data(count: size)
            let complete = data.withUnsafeMutableBytes { raw in
                XLSXZipDirectory.read(descriptor, at: dataOffset + UInt64(position), into: raw.baseAddress!, count: count)
            }
            guard complete else { throw damaged }
            return data
        }
        // Stored entries are read in full-size chunks too, but only the entry's bytes are used.
        func provideStored(_ position: Int64) throws -> Data {
            let data = try provide(position, Self.chunkSize)
            return data.prefix(Int(min(Int64(Self.chunkSize), compressedSize - position)))
        }
        var checksum: CRC32 = 0
        do {
            switch item.method {
            case 0:
                guard compressedSize == Int64(declared) else { throw damaged }
                var position: Int64 = 0
                while position < compressedSize {
                    let chunk = try provideStored(position)
                    checksum = chunk.crc32(checksum: checksum)
                    try consume(chunk)
                    position += Int64(chunk.count)
                }
            case 8:
                checksum = try Data.decompress(
                    size: compressedSize, bufferSize: Self.chunkSize, skipCRC32: false,
                    provider: provide, consumer: consume)
            default:
                throw XLSXError(
                    path: path, message: "het deel \(part) is gecomprimeerd met een methode die niet wordt ondersteund (\(item.method))")
            }
        } catch {
            if let passThrough {
                if let failure = passThrough as? XLSXXMLScanner.Failure { throw describe(failure) }
                throw passThrough
            }
            if error is XLSXError { throw error }
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
            guard let id = scanner.attribute("Id").map(Self.string), let target = scanner.attribute("Target").map(Self.string) else {
                return
            }
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
