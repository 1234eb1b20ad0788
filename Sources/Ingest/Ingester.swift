import Domain
import Foundation
import GRDB
import Logging
import Store

/// Ingests canonical incident exports (SPEC §2a, §2d): one file at a time, each in one
/// transaction, so that a file is stored whole — valid rows plus its quarantine lines — or not at all.
public struct Ingester {
    public let database: SchoolveiligDatabase
    public let asOf: Day
    private let logger: Logger

    public init(database: SchoolveiligDatabase, asOf: Day, logger: Logger = Logger(label: "schoolveilig.ingest")) {
        self.database = database
        self.asOf = asOf
        self.logger = logger
    }

    /// Ingests the files in order. Content problems become `rejected` summaries; an I/O or
    /// database failure throws (`FailureError`) after rolling back the file it happened in.
    public func ingest(_ items: [ExportFiles.Item], report: (FileSummary) -> Void = { _ in }) throws -> [FileSummary] {
        var summaries: [FileSummary] = []
        for item in items {
            let summary = try ingest(item)
            report(summary)
            summaries.append(summary)
        }
        return summaries
    }

    public func ingest(_ item: ExportFiles.Item) throws -> FileSummary {
        let path = item.path
        let fingerprint = try FileFingerprint.compute(path: path)
        if let earlier = try database.pool.read({ try DeliveryStore.earlier(sha256: fingerprint.sha256, $0) }) {
            return FileSummary(path: path, outcome: .alreadyIngested(earlier), droppedColumns: [])
        }
        if let error = fingerprint.decodingError {
            return FileSummary(path: path, outcome: .rejected("regel \(error.line), byte \(error.column): \(error.reason)"), droppedColumns: [])
        }
        if fingerprint.size == 0 {
            return FileSummary(path: path, outcome: .rejected("het bestand is leeg (geen kopregel)"), droppedColumns: [])
        }
        let dialect: Dialect
        do {
            dialect = try Dialect.detect(path: path, encoding: fingerprint.encoding)
        } catch let failure as ByteSource.DecodingFailure {
            return FileSummary(path: path, outcome: .rejected("regel \(failure.line): \(failure.message)"), droppedColumns: [])
        }
        do {
            return try database.pool.write { db in
                try ingestContent(item, fingerprint: fingerprint, dialect: dialect, db)
            }
        } catch let rejection as Rejection {
            logger.info("bestand geweigerd", metadata: ["bestand": "\(path)"])
            return FileSummary(path: path, outcome: .rejected(rejection.reason), droppedColumns: rejection.droppedColumns, dialect: dialect)
        } catch let failure as FailureError {
            throw FailureError("\(path): \(failure.message); niets van dit bestand is opgeslagen")
        } catch {
            throw FailureError("\(path): \(error); niets van dit bestand is opgeslagen")
        }
    }

    /// Thrown inside the transaction to roll a whole file back for its content.
    private struct Rejection: Error {
        let reason: String
        var droppedColumns: [String] = []
    }

    private func ingestContent(_ item: ExportFiles.Item, fingerprint: FileFingerprint, dialect: Dialect, _ db: Database) throws -> FileSummary {
        let schoolCodes = try ReferenceStore.schoolCodes(db)
        let matcher = CategoryMatcher(try ReferenceStore.categories(db))
        let folderSchool = schoolCodes.first { $0 == item.parentFolder }
        let asOf = self.asOf
        let stream = ValidatedRowStream(path: item.path, dialect: dialect) { header in
            RowValidator(header: header, asOf: asOf, schoolCodes: schoolCodes, categories: matcher, folderSchool: folderSchool)
        }
        defer { stream.close() }
        var header: HeaderMap?
        var writer: DeliveryWriter?
        do {
            while let batch = try stream.next() {
                switch batch {
                case .header(let parsed, _):
                    header = parsed
                    writer = try DeliveryWriter(db: db, fileName: item.path, sha256: fingerprint.sha256,
                                                size: fingerprint.size, asOf: asOf, dialect: dialect.description,
                                                droppedColumns: parsed.droppedColumns)
                case .rows(let rows):
                    guard let writer else { continue }
                    for row in rows {
                        writer.countRow()
                        if let encoded = row.encoded {
                            try writer.apply(line: row.line, encoded)
                        }
                        for problem in row.problems {
                            try writer.quarantine(line: row.line, column: problem.column, reason: problem.reason, maskedValue: problem.maskedValue)
                        }
                    }
                }
            }
        } catch let failure as CSVReader.Failure {
            throw Rejection(reason: failure.description, droppedColumns: header?.droppedColumns ?? [])
        } catch let rejection as ValidatedRowStream.HeaderRejection {
            throw Rejection(reason: "regel \(rejection.line): \(rejection.problem.message)")
        }
        guard let writer, let header else {
            throw Rejection(reason: "het bestand bevat geen kopregel")
        }
        if writer.rowsRead == 0 {
            throw Rejection(reason: "het bestand bevat alleen een kopregel; een nulmelding kan alleen met een opgegeven periode", droppedColumns: header.droppedColumns)
        }
        let totals = try writer.finish()
        return FileSummary(path: item.path, outcome: .stored(totals), droppedColumns: header.droppedColumns, dialect: dialect)
    }
}
