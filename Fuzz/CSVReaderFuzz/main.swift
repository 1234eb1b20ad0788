// libFuzzer target: an incident export as bytes, through what `ingest` does with a text file
// before anything is stored: fingerprint (hash, UTF-8 check, encoding), dialect detection, the
// CSV reader (small and default chunks must give the same records), the header map and the row
// validator. Any crash, or an error that is not a reader error with a message, is a finding.
import Domain
import Foundation

@testable import Ingest

private let asOf = Day(iso: "2026-09-30")!
private let categories = CategoryMatcher(DefaultCategories.list)
private let schools = ["VO01", "PO01", "MBO01"]

/// Every record as strings, plus the error the read ended with (as text), for comparison.
/// Records up to 256 KiB: more than any input of the fuzzer (64 KiB, at most tripled by decoding).
private func read(
    _ path: String, _ dialect: Dialect, chunkSize: Int, maximumRecordBytes: Int = 1 << 18,
    maximumFields: Int = 1024
) -> (records: [[String]], lines: [Int], error: String?) {
    var records: [[String]] = []
    var lines: [Int] = []
    var validator: RowValidator?
    do {
        let reader = try CSVReader(
            path: path, dialect: dialect, chunkSize: chunkSize,
            maximumRecordBytes: maximumRecordBytes, maximumFields: maximumFields)
        try reader.forEachRecord { record in
            records.append(record.strings)
            lines.append(record.line)
            for index in 0..<record.fieldCount { _ = record.trimmed(index) }
            if let validator {
                _ = validator.validate(record)
            } else {
                _ = AggregatedDelivery.recognises(record.strings)
                if let header = try? HeaderMap(header: record.strings) {
                    validator = RowValidator(
                        header: header, asOf: asOf, schoolCodes: schools, categories: categories,
                        folderSchool: nil, declaredPeriod: Period.named("2026-Q3"))
                }
            }
        }
        return (records, lines, nil)
    } catch let failure as CSVReader.Failure {
        expectMessage(failure.message, failure)
        return (records, lines, failure.description)
    } catch let failure as FailureError {
        expectMessage(failure.message, failure)
        return (records, lines, failure.message)
    } catch {
        unexpected(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(data, size, name: "export.csv")
    let fingerprint: FileFingerprint
    do {
        fingerprint = try FileFingerprint.compute(path: path)
        // The fingerprint must not depend on how the file is cut into chunks.
        let small = try FileFingerprint.compute(path: path, chunkSize: 7)
        if small != fingerprint { fatalError("vingerafdruk hangt af van de blokgrootte: \(small) tegen \(fingerprint)") }
    } catch {
        unexpected(error)
    }
    if let error = fingerprint.decodingError { expectMessage(error.reason, FailureError(error.reason)); return 0 }
    if fingerprint.size == 0 || fingerprint.isZipArchive { return 0 }
    let dialect: Dialect
    do {
        dialect = try Dialect.detect(path: path, encoding: fingerprint.encoding)
        _ = dialect.description
    } catch let failure as ByteSource.DecodingFailure {
        expectMessage(failure.message, failure)
        return 0
    } catch {
        unexpected(error)
    }
    // The same records whatever the chunk size: 8 bytes (a boundary everywhere) and the input in one chunk.
    let tiny = read(path, dialect, chunkSize: 8)
    let whole = read(path, dialect, chunkSize: 1 << 17)
    if tiny.records != whole.records || tiny.lines != whole.lines || tiny.error != whole.error {
        fatalError("de records hangen af van de blokgrootte: \(tiny) tegen \(whole)")
    }
    // Tight limits: the limit errors, never a crash.
    _ = read(path, dialect, chunkSize: 16, maximumRecordBytes: 24, maximumFields: 4)
    return 0
}
