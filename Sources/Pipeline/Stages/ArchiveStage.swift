import Domain
import Foundation
import GRDB
import Ingest
import Store

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
                try write(try canonicalRows(of: delivery, context.database), to: target)
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

    private func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o640]) else {
            throw FailureError("kan \(temporary) niet schrijven")
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
