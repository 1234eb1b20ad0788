import Domain
import Formats
import Foundation
import Ingest
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `archive` (SPEC §5): moves handled files out of the inbox. The archive keeps no original file
/// and no file name (a file is often named after a pupil): for an ingested file only the
/// minimised canonical rows its delivery brought, named by delivery number and school (beside
/// the delivery record and hash in the database). A file refused for its content is not kept
/// either: it is removed from the inbox, and `<archive>/geweigerd/<hash>.txt` holds only its hash,
/// its masked header and the reason (as `rejected_file` in the database), with the request to ask
/// the school to send it again; purged after `rejected_days`.
struct ArchiveStage: StageRunner {
    static let rejectedFolder = "geweigerd"

    func run(_ context: StageContext) throws -> StageOutcome {
        let inbox = context.pipeline.settings.inbox
        let archive = context.pipeline.settings.archive
        let rejected = (archive as NSString).appendingPathComponent(Self.rejectedFolder)
        for folder in [archive, rejected] {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw UsageError("archief niet schrijfbaar: \(folder) (\(error.localizedDescription))")
            }
        }
        guard let items = try? ExportFiles.expand([inbox]) else {
            return StageOutcome(rows: 0, status: .done, message: "inbox leeg")
        }
        var archived = 0
        var setAside = 0
        try Self.removeWholeRejectedFiles(in: rejected)
        for item in items {
            let sha256 = try FileFingerprint.compute(path: item.path).sha256
            if let delivery = try context.database.latestDelivery(sha256: sha256) {
                let label = delivery.schools.isEmpty ? "levering" : Self.safe(delivery.schools.replacingOccurrences(of: ",", with: "-"))
                let target = (archive as NSString).appendingPathComponent(
                    String(format: "%06lld_%@.csv", delivery.id, String(label.prefix(60))))
                try Self.write(try canonicalRows(of: delivery.id, context.database), to: target)
                try FileManager.default.removeItem(atPath: item.path)
                archived += 1
            } else if let record = try context.database.rejectedFile(sha256: sha256) {
                let target = (rejected as NSString).appendingPathComponent("\(sha256.prefix(12)).txt")
                let note =
                    [
                        "sha256: \(record.sha256)",
                        "school: \(record.schoolCode.isEmpty ? "onbekend" : record.schoolCode)",
                        "kopregel (gemaskeerd): \(record.header)",
                        "reden: \(record.reason)",
                        "Het bestand zelf is niet bewaard: \(FileSummary.sendAgain).",
                    ].joined(separator: "\n") + "\n"
                try Self.write(note, to: target)
                try FileManager.default.removeItem(atPath: item.path)
                setAside += 1
            }
        }
        return StageOutcome(
            rows: archived, status: .done,
            message:
                "\(archived) leveringen gearchiveerd (alleen canonieke regels), \(setAside) geweigerde bestanden verwijderd (alleen hash, kopregel en reden bewaard)"
        )
    }

    /// Earlier versions kept a rejected file whole in `geweigerd/`: such copies go; only the
    /// notes (`<hash>.txt`) stay.
    static func removeWholeRejectedFiles(in folder: String) throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !isNote(name) {
            try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// `0123456789ab.txt`: a rejected file's note.
    static func isNote(_ name: String) -> Bool {
        name.count == 16 && name.hasSuffix(".txt") && name.prefix(12).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The rows a delivery brought, in canonical form: incidents or aggregated counts.
    private func canonicalRows(of delivery: Int64, _ database: some DeliveryCatalog) throws -> String {
        let canonical = try database.canonicalRows(ofDelivery: delivery)
        return ([canonical.header.joined(separator: ",")] + canonical.rows.map { $0.map(CSVField.escape).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// Writes an archive file so that its final name only ever holds a complete file: the bytes go
    /// to a hidden temporary file beside it (always the same name for the same target, so a run
    /// killed half-way leaves nothing the re-run does not overwrite), are flushed, and renamed into
    /// place. Not `FileManager.createFile`: on Linux it writes through a randomly named
    /// `.dat.nosync…` file of its own, which a killed run left in the archive for good.
    static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw FailureError("kan \(temporary) niet schrijven (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            fchmod(descriptor, 0o640)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            throw FailureError("kan \(temporary) niet schrijven (\(error.localizedDescription))")
        }
        guard rename(temporary, path) == 0 else {
            throw FailureError("kan \(path) niet op zijn plaats zetten (\(String(cString: strerror(errno))))")
        }
    }

    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
