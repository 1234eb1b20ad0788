import Domain
import Foundation
import Ingest
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `archive` (SPEC §5): moves handled files out of the inbox. The archive keeps no original file:
/// for an ingested file it keeps only the minimised canonical rows its delivery brought (beside
/// the delivery record and hash in the database); a file refused for its content is set aside in
/// `<archive>/geweigerd/` for the operator, and purged after `rejected_days`.
struct ArchiveStage: StageRunner {
    static let rejectedFolder = "geweigerd"

    func run(_ context: StageContext) throws -> StageOutcome {
        let inbox = context.pipeline.settings.inbox
        let archive = context.pipeline.settings.archive
        let rejected = (archive as NSString).appendingPathComponent(Self.rejectedFolder)
        for folder in [archive, rejected] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw UsageError("archief niet schrijfbaar: \(folder) (\(error.localizedDescription))")
            }
        }
        guard let items = try? ExportFiles.expand([inbox]) else {
            return StageOutcome(rows: 0, status: .done, message: "inbox leeg")
        }
        var archived = 0
        var setAside = 0
        for item in items {
            let sha256 = try FileFingerprint.compute(path: item.path).sha256
            let name = ((item.path as NSString).lastPathComponent as NSString).deletingPathExtension
            if let delivery = try context.database.latestDelivery(sha256: sha256) {
                let target = (archive as NSString).appendingPathComponent(String(format: "%06lld_%@.csv", delivery, Self.safe(name)))
                try Self.write(try canonicalRows(of: delivery, context.database), to: target)
                try FileManager.default.removeItem(atPath: item.path)
                archived += 1
            } else if try context.database.isRejected(sha256: sha256) {
                let target = (rejected as NSString).appendingPathComponent("\(sha256.prefix(12))_\((item.path as NSString).lastPathComponent)")
                if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                try FileManager.default.moveItem(atPath: item.path, toPath: target)
                setAside += 1
            }
        }
        return StageOutcome(rows: archived, status: .done,
                            message: "\(archived) leveringen gearchiveerd (alleen canonieke regels), \(setAside) geweigerde bestanden apart gezet")
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
