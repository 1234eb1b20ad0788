import Domain
import Formats
import Foundation
import Logging
import Store

/// Ingests canonical incident exports (SPEC §2a, §2d): one file at a time, each in one
/// transaction, so that a file is stored whole — valid rows plus its quarantine lines — or not at all.
public struct Ingester {
    public let database: any IngestSink & RunLogStore
    public let asOf: Day
    /// The period the deliveries declare (`ingest --periode`): each replaces its school's data
    /// for that period, and a header-only file is a zero report (SPEC §2c).
    public let declaredPeriod: Period?
    /// The school the deliveries are for (`ingest --school`): rows of other schools are refused.
    /// Without it, a file in a folder named after a school code is for that school.
    public let school: String?
    /// The mapping profile named with `--profile`; without it, `profiles` recognises one by the
    /// header's signature, or the file is in canonical form.
    public let profile: MappingProfile?
    public let profiles: ProfileCatalog
    /// The sheet of an `.xlsx` export (`ingest --blad`); else the profile's, else the first.
    public let sheet: String?
    /// Whether a file name ending in a period (`VO01_2025-Q3.csv`) declares that period.
    public let periodFromFileName: Bool
    /// The limits on file size, record bytes and columns.
    public let limits: IngestLimits
    /// What the incident ids look like (`ingest --id-format`); else the profile's; else free-form.
    public let idFormat: IncidentIdFormat?
    /// Called now and then during a file with the rows read so far (a progress line on a terminal).
    public let progress: (@Sendable (_ path: String, _ rows: Int) -> Void)?
    private let logger: Logger

    public init(
        database: any IngestSink & RunLogStore, asOf: Day, declaredPeriod: Period? = nil, school: String? = nil,
        profile: MappingProfile? = nil, profiles: ProfileCatalog = ProfileCatalog(profiles: []), sheet: String? = nil,
        periodFromFileName: Bool = false, limits: IngestLimits = .standard, idFormat: IncidentIdFormat? = nil,
        progress: (@Sendable (_ path: String, _ rows: Int) -> Void)? = nil,
        logger: Logger = Logger(label: "schoolveilig.ingest")
    ) {
        self.progress = progress
        self.limits = limits
        self.idFormat = idFormat
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
            return FileSummary(
                path: path,
                outcome: .rejected(
                    "het bestand is \(size.int64Value >> 20) MB, groter dan de grens van \(limits.fileBytes >> 20) MB (max_file_mb)"),
                droppedColumns: [])
        }
        let fingerprint = try FileFingerprint.compute(path: path)
        let schoolCodes = try database.schoolCodes()
        if let school, !schoolCodes.contains(school) {
            throw UsageError("--school \(school) staat niet in de referentiegegevens")
        }
        let folderSchool = school ?? profile?.school ?? schoolCodes.first { $0 == item.parentFolder }
        func rejected(_ reason: String, dialect: Dialect? = nil, dropped: [String] = [], header: [String]? = nil) -> FileSummary {
            var summary = FileSummary(path: path, outcome: .rejected(reason), droppedColumns: dropped, dialect: dialect)
            summary.sha256 = fingerprint.sha256
            summary.school = folderSchool
            summary.maskedHeader = header.map(Self.maskHeader)
            return summary
        }
        if let foreign = fingerprint.foreignFormat {
            return rejected(foreign.refusal)
        }
        if let error = fingerprint.decodingError {
            return rejected("regel \(error.line), byte \(error.column): \(error.reason)")
        }
        if fingerprint.size == 0 {
            return rejected("het bestand is leeg (geen kopregel)")
        }
        var dialect: Dialect
        let search: HeaderSearch.Outcome
        let headerSearch = HeaderSearch(profile: profile, catalog: profiles)
        do {
            if fingerprint.isZipArchive {
                dialect = .spreadsheet(sheet: sheet ?? profile?.sheet)
                dialect.dateSystem = try XLSXSheetReader(path: path, sheet: dialect.sheet).dateSystem
            } else {
                dialect = try Dialect.detect(path: path, encoding: fingerprint.encoding)
            }
            search = try headerSearch.find(path: path, dialect: dialect)
            if case .notFound(let notFound) = search {
                var reason = notFound.message
                if dialect.isSpreadsheet, sheet == nil, let other = try otherSheetWithHeader(path, dialect, headerSearch) {
                    reason =
                        "blad '\(other.current)' heeft geen kopregel, blad '\(other.found)' wel: kies dat blad met --blad '\(other.found)' (of 'blad: \(other.found)' in het profiel); \(reason)"
                }
                return rejected(reason, dialect: dialect, header: notFound.closest)
            }
        } catch let failure as XLSXError {
            return rejected(failure.message)
        } catch let failure as ByteSource.DecodingFailure {
            return rejected("regel \(failure.line): \(failure.message)")
        } catch let failure as CSVReader.Failure {
            return rejected(failure.description)
        } catch let problem as MappingProfile.Problem {
            return rejected(problem.message)
        }
        guard case .found(let header) = search else { preconditionFailure("handled above") }
        // The profile: named with --profile, or recognised by the header's signature.
        let chosenProfile = header.profile
        if dialect.isSpreadsheet, sheet == nil, profile == nil, let profileSheet = chosenProfile?.sheet {
            let dateSystem = dialect.dateSystem
            dialect = .spreadsheet(sheet: profileSheet)
            dialect.dateSystem = dateSystem
        }
        let period = declaredPeriod ?? chosenProfile?.period ?? (periodFromFileName ? DeclaredPeriodName.period(in: path) : nil)
        let deliverySchool = school ?? chosenProfile?.school ?? schoolCodes.first { $0 == item.parentFolder }
        if let profileSchool = chosenProfile?.school, !schoolCodes.contains(profileSchool) {
            throw UsageError("profiel \(chosenProfile!.name): school \(profileSchool) staat niet in de referentiegegevens")
        }
        let plan = Plan(
            fingerprint: fingerprint,
            identity: DeliveryIdentity.make(
                sha256: fingerprint.sha256, declaredPeriod: period, school: deliverySchool,
                sheet: dialect.isSpreadsheet ? dialect.sheet : nil),
            dialect: dialect, schoolCodes: schoolCodes, deliverySchool: deliverySchool, period: period,
            profile: chosenProfile, form: header.aggregated ? .aggregatedCounts : .incidents, header: header,
            idFormat: idFormat ?? chosenProfile?.idFormat)
        func described(_ summary: FileSummary) -> FileSummary {
            var summary = summary
            summary.sha256 = fingerprint.sha256
            summary.school = summary.school ?? deliverySchool
            summary.period = period
            summary.layout.headerLine = header.line
            summary.layout.skippedLines = header.skippedLines
            return summary
        }
        if let earlier = try database.earlierDelivery(identity: plan.identity) {
            return described(FileSummary(path: path, outcome: .alreadyIngested(earlier), droppedColumns: []))
        }
        do {
            return described(
                try database.storeDelivery { transaction in
                    switch plan.form {
                    case .aggregatedCounts: try ingestAggregated(item, plan, transaction)
                    case .incidents: try ingestContent(item, plan, transaction)
                    }
                })
        } catch let rejection as Rejection {
            logger.info("bestand geweigerd", metadata: ["sha256": "\(fingerprint.sha256.prefix(12))"])
            var summary = rejected(rejection.reason, dialect: dialect, dropped: rejection.droppedColumns, header: header.fields)
            summary.school = deliverySchool
            summary.period = period
            return summary
        } catch let usage as UsageError {
            throw usage
        } catch let failure as FailureError {
            throw FailureError("\(path): \(failure.message); niets van dit bestand is opgeslagen")
        } catch {
            throw FailureError("\(path): \(error); niets van dit bestand is opgeslagen")
        }
    }

    /// Another sheet of the workbook whose first rows hold a header, when the chosen one has none.
    private func otherSheetWithHeader(_ path: String, _ dialect: Dialect, _ search: HeaderSearch) throws -> (
        current: String, found: String
    )? {
        let reader = try XLSXSheetReader(path: path, sheet: dialect.sheet)
        for name in reader.sheetNames where name != reader.sheetName {
            var other = Dialect.spreadsheet(sheet: name)
            other.dateSystem = dialect.dateSystem
            if let found = try? search.find(path: path, dialect: other), case .found = found { return (reader.sheetName, name) }
        }
        return nil
    }

    /// Records a rejected file for `status` and the archive: its hash, school, masked header and
    /// masked reason (SPEC §5: a rejected file is not kept).
    public func noteRejection(_ summary: FileSummary) throws {
        guard case .rejected(let reason) = summary.outcome, let sha256 = summary.sha256 else { return }
        try RunLog.noteRejected(
            sha256: sha256, school: summary.school, maskedHeader: summary.maskedHeader ?? [],
            maskedReason: maskReason(reason), in: database)
    }

    /// A reason with every quoted text masked, except the names of SPEC columns and of the mapping
    /// profiles (a sheet name or a value in a message could hold a name).
    func maskReason(_ reason: String) -> String {
        var kept: Set<String> = Set(ExportColumn.allCases.map(\.rawValue))
        for profile in profiles.profiles + (profile.map { [$0] } ?? []) {
            kept.insert(profile.name)
            kept.insert(profile.path)
            for source in profile.columns.values { kept.insert(source) }
        }
        var result = ""
        var quoted: String?
        for character in reason {
            if character == "'" {
                if let text = quoted {
                    result += "'" + (kept.contains(text) ? text : Masking.mask(text)) + "'"
                    quoted = nil
                } else {
                    quoted = ""
                }
            } else if quoted != nil {
                quoted!.append(character)
            } else {
                result.append(character)
            }
        }
        if let text = quoted { result += "'" + Masking.mask(text) }
        return result
    }

    /// A rejected file's header for its record: SPEC columns and the names of the mapping profiles
    /// as written, anything else masked (a file without header starts with data).
    static func maskHeader(_ fields: [String]) -> [String] {
        fields.map { field in
            let folded = TextFolding.fold(field)
            if ExportColumn(rawValue: folded) != nil || AggregatedDelivery.Column(rawValue: folded) != nil { return folded }
            return Masking.mask(field.trimmingUnicodeSpaces)
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
        let header: HeaderSearch.Header
        let idFormat: IncidentIdFormat?
    }

    private func ingestContent(_ item: ExportFiles.Item, _ plan: Plan, _ transaction: any IngestTransaction) throws -> FileSummary {
        let matcher = CategoryMatcher(try transaction.categories())
        let (fingerprint, identity, dialect, schoolCodes, deliverySchool) = (
            plan.fingerprint, plan.identity, plan.dialect, plan.schoolCodes, plan.deliverySchool
        )
        let asOf = self.asOf
        let declaredPeriod = plan.period
        let profile = plan.profile
        let retainedFrom = try transaction.incidentsRetainedFrom()
        let idFormat = plan.idFormat
        let stream = ValidatedRowStream(path: item.path, dialect: dialect, profile: profile, headerLine: plan.header.line, limits: limits) {
            header in
            RowValidator(
                header: header, asOf: asOf, schoolCodes: schoolCodes, categories: matcher, folderSchool: deliverySchool,
                declaredPeriod: declaredPeriod, profile: profile, acceptsExcelSerials: dialect.isSpreadsheet,
                excelDateSystem: dialect.dateSystem, retainedFrom: retainedFrom, idFormat: idFormat)
        }
        defer { stream.close() }
        var header: HeaderMap?
        var writer: (any DeliverySink)?
        var schoolsInDelivery: Set<String> = deliverySchool.map { [$0] } ?? []
        var layout = FileSummary.Layout()
        var rowsSeen = 0
        do {
            while let batch = try stream.next() {
                switch batch {
                case .header(let parsed, _):
                    header = parsed
                    writer = try transaction.beginDelivery(
                        NewDelivery(
                            sha256: fingerprint.sha256, identity: identity, size: fingerprint.size, asOf: asOf,
                            dialect: dialect.description),
                        droppedColumns: parsed.droppedColumns)
                case .rows(let rows):
                    guard let writer else { continue }
                    for row in rows {
                        writer.countRow()
                        if let encoded = row.encoded {
                            try writer.apply(line: row.line, encoded)
                        }
                        for problem in row.problems {
                            try writer.quarantine(
                                line: row.line, column: problem.column, reason: problem.reason, maskedValue: problem.maskedValue)
                        }
                        if let retryable = row.retryable { try writer.holdForRetry(line: row.line, retryable) }
                        if let key = row.heldKey { try writer.keepStored(schoolCode: key.schoolCode, incidentId: key.incidentId) }
                    }
                    rowsSeen += rows.count
                    progress?(item.path, rowsSeen)
                    stream.recycle(rows)
                case .layout(let emptyRows, let totalRowLine, let schools):
                    layout.emptyRows = emptyRows
                    layout.totalRowLine = totalRowLine
                    schoolsInDelivery.formUnion(schools)
                }
            }
        } catch let failure as CSVReader.Failure {
            throw Rejection(reason: failure.description, droppedColumns: header?.droppedColumns ?? [])
        } catch let failure as XLSXError {
            throw Rejection(reason: failure.message, droppedColumns: header?.droppedColumns ?? [])
        } catch let rejection as ValidatedRowStream.HeaderRejection {
            throw Rejection(reason: "regel \(rejection.line): \(rejection.problem.message)")
        } catch let rejection as ValidatedRowStream.FormatRejection {
            throw Rejection(reason: rejection.message, droppedColumns: header?.droppedColumns ?? [])
        }
        guard let writer, let header else {
            throw Rejection(reason: "het bestand bevat geen kopregel")
        }
        if let declaredPeriod {
            guard !schoolsInDelivery.isEmpty else {
                throw Rejection(
                    reason: "geen school bij deze levering met opgegeven periode: gebruik --school CODE of een map met de schoolcode",
                    droppedColumns: header.droppedColumns)
            }
            try writer.replacePeriod(from: declaredPeriod.from, to: declaredPeriod.to, schools: Array(schoolsInDelivery))
        } else if writer.rowsRead == 0 {
            throw Rejection(
                reason: "het bestand bevat alleen een kopregel; een nulmelding kan alleen met een opgegeven periode (--periode)",
                droppedColumns: header.droppedColumns)
        }
        try writer.describe(schools: schoolsInDelivery.sorted(), period: declaredPeriod.map { "\($0.from)..\($0.to)" })
        let totals = try writer.finish()
        var summary = FileSummary(path: item.path, outcome: .stored(totals), droppedColumns: header.droppedColumns, dialect: dialect)
        summary.layout = layout
        summary.school = schoolsInDelivery.count == 1 ? schoolsInDelivery.first : nil
        return summary
    }

    private func ingestAggregated(_ item: ExportFiles.Item, _ plan: Plan, _ transaction: any IngestTransaction) throws -> FileSummary {
        let (fingerprint, identity, dialect) = (plan.fingerprint, plan.identity, plan.dialect)
        let matcher = CategoryMatcher(try transaction.categories())
        let writer = try transaction.beginAggregatedDelivery(
            NewDelivery(sha256: fingerprint.sha256, identity: identity, size: fingerprint.size, asOf: asOf, dialect: dialect.description))
        let dropped: [String]
        var layout = FileSummary.Layout()
        do {
            (dropped, layout.emptyRows, layout.totalRowLine) = try AggregatedDelivery.ingest(
                path: item.path, dialect: dialect, headerLine: plan.header.line, writer: writer,
                context: .init(
                    asOf: asOf, schoolCodes: Set(plan.schoolCodes), categories: matcher,
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
        var summary = FileSummary(path: item.path, outcome: .aggregated(totals), droppedColumns: dropped, dialect: dialect)
        summary.layout = layout
        return summary
    }
}
