import Domain
import Foundation
import Logging
import Store

/// Ingests canonical incident exports (SPEC §2a, §2d): one file at a time, each in one
/// transaction, so that a file is stored whole — valid rows plus its quarantine lines — or not at all.
public struct Ingester {
    public let database: any IngestSink
    public let asOf: Day
    /// The period the deliveries declare (`ingest --period`): each replaces its school's data
    /// for that period, and a header-only file is a zero report (SPEC §2c).
    public let declaredPeriod: Period?
    /// The school the deliveries are for (`ingest --school`): rows of other schools are refused.
    /// Without it, a file in a folder named after a school code is for that school.
    public let school: String?
    /// The mapping profile named with `--profile`; without it, `profiles` recognises one by the
    /// header's signature, or the file is in canonical form.
    public let profile: MappingProfile?
    public let profiles: ProfileCatalog
    /// The sheet of an `.xlsx` export (`ingest --sheet`); else the profile's, else the first.
    public let sheet: String?
    /// Whether a file name ending in a period (`VO01_2025-Q3.csv`) declares that period.
    public let periodFromFileName: Bool
    /// The limits on file size, record bytes and columns.
    public let limits: IngestLimits
    /// Called now and then during a file with the rows read so far (a progress line on a terminal).
    public let progress: (@Sendable (_ path: String, _ rows: Int) -> Void)?
    private let logger: Logger

    public init(database: any IngestSink, asOf: Day, declaredPeriod: Period? = nil, school: String? = nil,
                profile: MappingProfile? = nil, profiles: ProfileCatalog = ProfileCatalog(profiles: []), sheet: String? = nil,
                periodFromFileName: Bool = false, limits: IngestLimits = .standard, progress: (@Sendable (_ path: String, _ rows: Int) -> Void)? = nil,
                logger: Logger = Logger(label: "schoolveilig.ingest")) {
        self.progress = progress
        self.limits = limits
        self.sheet = sheet
        self.periodFromFileName = periodFromFileName
        self.profile = profile
        self.profiles = profiles
        self.database = database
        self.asOf = asOf
        self.declaredPeriod = declaredPeriod
        self.school = school
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
        // Over the size limit: refused before a byte is read.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value > limits.fileBytes {
            return FileSummary(path: path, outcome: .rejected(
                "het bestand is \(size.int64Value >> 20) MB, groter dan de grens van \(limits.fileBytes >> 20) MB (max_file_mb)"), droppedColumns: [])
        }
        let fingerprint = try FileFingerprint.compute(path: path)
        let schoolCodes = try database.schoolCodes()
        if let school, !schoolCodes.contains(school) {
            throw UsageError("--school \(school) staat niet in de referentiegegevens")
        }
        if let error = fingerprint.decodingError {
            return FileSummary(path: path, outcome: .rejected("regel \(error.line), byte \(error.column): \(error.reason)"), droppedColumns: [])
        }
        if fingerprint.size == 0 {
            return FileSummary(path: path, outcome: .rejected("het bestand is leeg (geen kopregel)"), droppedColumns: [])
        }
        var dialect: Dialect
        let header: [String]?
        do {
            dialect = fingerprint.isZipArchive ? .spreadsheet(sheet: sheet ?? profile?.sheet)
                : try Dialect.detect(path: path, encoding: fingerprint.encoding)
            header = try Self.firstRecord(path, dialect: dialect)
        } catch let failure as XLSXError {
            return FileSummary(path: path, outcome: .rejected(failure.message), droppedColumns: [])
        } catch let failure as ByteSource.DecodingFailure {
            return FileSummary(path: path, outcome: .rejected("regel \(failure.line): \(failure.message)"), droppedColumns: [])
        } catch let failure as CSVReader.Failure {
            return FileSummary(path: path, outcome: .rejected(failure.description), droppedColumns: [])
        }
        // The profile: named with --profile, or recognised by the header's signature.
        let chosenProfile: MappingProfile?
        do {
            chosenProfile = try profile ?? header.flatMap { try profiles.recognise($0) }
        } catch let problem as MappingProfile.Problem {
            return FileSummary(path: path, outcome: .rejected(problem.message), droppedColumns: [], dialect: dialect)
        }
        if dialect.isSpreadsheet, sheet == nil, profile == nil, let profileSheet = chosenProfile?.sheet {
            dialect = .spreadsheet(sheet: profileSheet)
        }
        let period = declaredPeriod ?? chosenProfile?.period ?? (periodFromFileName ? DeclaredPeriodName.period(in: path) : nil)
        let deliverySchool = school ?? chosenProfile?.school ?? schoolCodes.first { $0 == item.parentFolder }
        if let profileSchool = chosenProfile?.school, !schoolCodes.contains(profileSchool) {
            throw UsageError("profiel \(chosenProfile!.name): school \(profileSchool) staat niet in de referentiegegevens")
        }
        let plan = Plan(fingerprint: fingerprint,
                        identity: DeliveryIdentity.make(sha256: fingerprint.sha256, declaredPeriod: period, school: deliverySchool,
                                                        sheet: dialect.isSpreadsheet ? dialect.sheet : nil),
                        dialect: dialect, schoolCodes: schoolCodes, deliverySchool: deliverySchool, period: period,
                        profile: chosenProfile,
                        form: chosenProfile == nil && header.map(AggregatedDelivery.recognises) == true ? .aggregatedCounts : .incidents)
        if let earlier = try database.earlierDelivery(identity: plan.identity) {
            return FileSummary(path: path, outcome: .alreadyIngested(earlier), droppedColumns: [])
        }
        do {
            return try database.storeDelivery { transaction in
                switch plan.form {
                case .aggregatedCounts: try ingestAggregated(item, plan, transaction)
                case .incidents: try ingestContent(item, plan, transaction)
                }
            }
        } catch let rejection as Rejection {
            logger.info("bestand geweigerd", metadata: ["bestand": "\(path)"])
            return FileSummary(path: path, outcome: .rejected(rejection.reason), droppedColumns: rejection.droppedColumns, dialect: dialect)
        } catch let usage as UsageError {
            throw usage
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

    /// The two forms of a delivery (SPEC §2a, §2b), told apart by the header.
    enum DeliveryForm: Sendable {
        /// Incidents, one per row (SPEC §2a).
        case incidents
        /// Counts per school, month and facts (SPEC §2b).
        case aggregatedCounts
    }

    /// What the checks before the transaction decided about a file.
    private struct Plan {
        let fingerprint: FileFingerprint
        let identity: String
        let dialect: Dialect
        let schoolCodes: [String]
        let deliverySchool: String?
        let period: Period?
        let profile: MappingProfile?
        let form: DeliveryForm
    }

    /// The first record's fields (the header), or nil for a file without records.
    static func firstRecord(_ path: String, dialect: Dialect) throws -> [String]? {
        struct Found: Error { let fields: [String] }
        do {
            try dialect.reader(path: path).forEachRecord { throw Found(fields: $0.strings) }
        } catch let found as Found {
            return found.fields
        }
        return nil
    }

    private func ingestContent(_ item: ExportFiles.Item, _ plan: Plan, _ transaction: any IngestTransaction) throws -> FileSummary {
        let matcher = CategoryMatcher(try transaction.categories())
        let (fingerprint, identity, dialect, schoolCodes, deliverySchool) = (plan.fingerprint, plan.identity, plan.dialect, plan.schoolCodes, plan.deliverySchool)
        let asOf = self.asOf
        let declaredPeriod = plan.period
        let profile = plan.profile
        let retainedFrom = try transaction.incidentsRetainedFrom()
        let stream = ValidatedRowStream(path: item.path, dialect: dialect, profile: profile, limits: limits) { header in
            RowValidator(header: header, asOf: asOf, schoolCodes: schoolCodes, categories: matcher, folderSchool: deliverySchool,
                         declaredPeriod: declaredPeriod, profile: profile, acceptsExcelSerials: dialect.isSpreadsheet,
                         retainedFrom: retainedFrom)
        }
        defer { stream.close() }
        var header: HeaderMap?
        var writer: (any DeliverySink)?
        var schoolsInDelivery: Set<String> = deliverySchool.map { [$0] } ?? []
        var rowsSeen = 0
        do {
            while let batch = try stream.next() {
                switch batch {
                case .header(let parsed, _):
                    header = parsed
                    writer = try transaction.beginDelivery(
                        NewDelivery(fileName: item.path, sha256: fingerprint.sha256, identity: identity, size: fingerprint.size,
                                    asOf: asOf, dialect: dialect.description),
                        droppedColumns: parsed.droppedColumns)
                case .rows(let rows):
                    guard let writer else { continue }
                    for row in rows {
                        writer.countRow()
                        if let encoded = row.encoded {
                            try writer.apply(line: row.line, encoded)
                            if declaredPeriod != nil { schoolsInDelivery.insert(encoded.incident.schoolCode) }
                        }
                        for problem in row.problems {
                            try writer.quarantine(line: row.line, column: problem.column, reason: problem.reason, maskedValue: problem.maskedValue)
                        }
                        if let retryable = row.retryable { try writer.holdForRetry(line: row.line, retryable) }
                        if let key = row.heldKey { try writer.keepStored(schoolCode: key.schoolCode, incidentId: key.incidentId) }
                    }
                    rowsSeen += rows.count
                    progress?(item.path, rowsSeen)
                }
            }
        } catch let failure as CSVReader.Failure {
            throw Rejection(reason: failure.description, droppedColumns: header?.droppedColumns ?? [])
        } catch let failure as XLSXError {
            throw Rejection(reason: failure.message, droppedColumns: header?.droppedColumns ?? [])
        } catch let rejection as ValidatedRowStream.HeaderRejection {
            throw Rejection(reason: "regel \(rejection.line): \(rejection.problem.message)")
        }
        guard let writer, let header else {
            throw Rejection(reason: "het bestand bevat geen kopregel")
        }
        if let declaredPeriod {
            guard !schoolsInDelivery.isEmpty else {
                throw Rejection(reason: "geen school bij deze levering met opgegeven periode: gebruik --school CODE of een map met de schoolcode",
                                droppedColumns: header.droppedColumns)
            }
            try writer.replacePeriod(from: declaredPeriod.from, to: declaredPeriod.to, schools: Array(schoolsInDelivery))
        } else if writer.rowsRead == 0 {
            throw Rejection(reason: "het bestand bevat alleen een kopregel; een nulmelding kan alleen met een opgegeven periode (--periode)", droppedColumns: header.droppedColumns)
        }
        let totals = try writer.finish()
        return FileSummary(path: item.path, outcome: .stored(totals), droppedColumns: header.droppedColumns, dialect: dialect)
    }

    private func ingestAggregated(_ item: ExportFiles.Item, _ plan: Plan, _ transaction: any IngestTransaction) throws -> FileSummary {
        let (fingerprint, identity, dialect) = (plan.fingerprint, plan.identity, plan.dialect)
        let matcher = CategoryMatcher(try transaction.categories())
        let writer = try transaction.beginAggregatedDelivery(
            NewDelivery(fileName: item.path, sha256: fingerprint.sha256, identity: identity, size: fingerprint.size,
                        asOf: asOf, dialect: dialect.description))
        let dropped: [String]
        do {
            dropped = try AggregatedDelivery.ingest(
                path: item.path, dialect: dialect, writer: writer,
                context: .init(asOf: asOf, schoolCodes: Set(plan.schoolCodes), categories: matcher,
                               deliverySchool: plan.deliverySchool, declaredPeriod: plan.period))
        } catch let failure as CSVReader.Failure {
            throw Rejection(reason: failure.description)
        } catch let failure as XLSXError {
            throw Rejection(reason: failure.message)
        }
        let totals = try writer.finish()
        if totals.rowsRead == 0 {
            throw Rejection(reason: "de geaggregeerde levering bevat geen regels: een nulmelding geeft per maand expliciete nullen")
        }
        return FileSummary(path: item.path, outcome: .aggregated(totals), droppedColumns: dropped, dialect: dialect)
    }
}
