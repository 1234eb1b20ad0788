import Domain
import Foundation
import GRDB
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
        let inbox = context.path("inbox")
        let archive = context.path("archive")
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
            if let delivery = try context.database.pool.read({ try Int64.fetchOne($0, sql: "SELECT max(id) FROM delivery WHERE sha256 = ?", arguments: [sha256]) }) {
                let target = (archive as NSString).appendingPathComponent(String(format: "%06lld_%@.csv", delivery, Self.safe(name)))
                try Self.write(try canonicalRows(of: delivery, context.database), to: target)
                try FileManager.default.removeItem(atPath: item.path)
                archived += 1
            } else if try context.database.pool.read({ try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM rejected_file WHERE sha256 = ?)", arguments: [sha256]) }) == true {
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
    private func canonicalRows(of delivery: Int64, _ database: SchoolveiligDatabase) throws -> String {
        try database.pool.read { db in
            let incidents = try Row.fetchAll(db, sql: """
                SELECT incident_id, school_code, datum, categorie, locatie, politie, leeftijd, ernst FROM incident
                 WHERE delivery_id = ? ORDER BY school_code, incident_id
                """, arguments: [delivery])
            if !incidents.isEmpty {
                let header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst"
                return ([header] + incidents.map { row in (0..<8).map { CSVField.escape(row[$0] as String) }.joined(separator: ",") })
                    .joined(separator: "\n") + "\n"
            }
            let counts = try Row.fetchAll(db, sql: """
                SELECT school_code, maand, categorie, locatie, politie, aantal FROM aggregate_count
                 WHERE delivery_id = ? ORDER BY school_code, maand, categorie, locatie, politie
                """, arguments: [delivery])
            let header = "school_code,maand,categorie,locatie,politie,aantal"
            return ([header] + counts.map { row in
                ((0..<5).map { CSVField.escape(row[$0] as String) } + [String(row[5] as Int)]).joined(separator: ",")
            }).joined(separator: "\n") + "\n"
        }
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
