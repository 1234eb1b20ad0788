import Domain
import Foundation
import Testing

@testable import Formats
@testable import Ingest

/// The fuzz targets' seed corpora (fixtures/fuzz/corpus, see scripts/fuzz.sh) through the same checks in
/// the normal suite: every export gives records or an error with a Dutch message, the same
/// records whatever the chunk size, and every profile loads or names its problem. A crash the
/// fuzzer finds becomes a test in FuzzRegressionTests.swift, its input inlined as bytes.
@Suite("fuzz seed corpora")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/fuzz/corpus")

    static func files(_ target: String, ending: String) -> [String] {
        let folder = corpus.appendingPathComponent(target).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(ending) }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Every record, or the reader's message, as text.
    static func read(_ path: String, _ dialect: Dialect, chunkSize: Int) throws -> [String] {
        var lines: [String] = []
        do {
            try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize).forEachRecord { lines.append("\($0.line): \($0.strings)") }
        } catch let failure as CSVReader.Failure {
            #expect(!failure.message.isEmpty)
            lines.append("fout: \(failure)")
        }
        return lines
    }

    @Test("CSV seeds: the same fingerprint and records for any chunk size")
    func csv() throws {
        let files = Self.files("csv", ending: ".csv")
        #expect(files.count >= 10, "zaadcorpus niet gevonden in \(Self.corpus.path)")
        for path in files {
            let fingerprint = try FileFingerprint.compute(path: path)
            #expect(try FileFingerprint.compute(path: path, chunkSize: 7) == fingerprint, "\(path)")
            #expect(fingerprint.decodingError == nil, "\(path)")
            let dialect = try Dialect.detect(path: path, encoding: fingerprint.encoding)
            let whole = try Self.read(path, dialect, chunkSize: 1 << 17)
            #expect(whole.count >= 1, "\(path)")
            #expect(try Self.read(path, dialect, chunkSize: 8) == whole, "\(path)")
        }
    }

    @Test("XLSX seeds: rows or an XLSXError with a message")
    func xlsx() throws {
        let files = Self.files("xlsx", ending: ".xlsx")
        #expect(files.count >= 3)
        for path in files {
            var rows = 0
            do {
                try XLSXSheetReader(path: path).forEachRecord { _ in rows += 1 }
            } catch let failure as XLSXError {
                Issue.record("\(path): \(failure.message)")
            }
            #expect(rows >= 2, "\(path)")
        }
    }

    @Test("profile seeds: loaded, or a problem naming the file and where in it")
    func profiles() throws {
        let broken = ["kapot.yml": ": geen geldige YAML: 3:", "aliassen.yml": " regel 8, kolom 3: een sleutel moet tekst zijn"]
        for path in Self.files("profile", ending: ".yml") {
            let name = (path as NSString).lastPathComponent
            do {
                _ = try MappingProfile.load(path: path)
                #expect(broken[name] == nil, "\(name) werd geladen")
            } catch let problem as MappingProfile.Problem {
                let expected = try #require(broken[name], "\(problem.message)")
                #expect(problem.message.hasPrefix(path + expected), "\(problem.message)")
            }
        }
    }
}
