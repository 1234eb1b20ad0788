import Domain
import Formats
import Foundation
import Store

/// Reads and validates a file on a thread of its own while the caller writes the rows to the
/// database: parsing and SQLite then run side by side on two cores. Rows travel in batches
/// through a small bounded queue, so memory stays constant whatever the file's size.
///
/// The reading side owns the reader and the validator; the writing side sees only `Sendable`
/// values: the header, then batches of validated rows, then the end or the reading error.
final class ValidatedRowStream: @unchecked Sendable {
    enum Batch: Sendable {
        case header(HeaderMap, line: Int)
        case rows([Row])
        /// At the end: the rows that were not data (empty rows, a closing sum row), and the
        /// schools of the valid rows (collected here, off the writing thread).
        case layout(emptyRows: Int, totalRowLine: Int?, schools: Set<String>)
    }

    struct Row: Sendable {
        let line: Int
        /// The valid row, already encoded for the writer; `nil` when the row has problems.
        let encoded: EncodedIncident?
        let problems: [RowValidator.Problem]
        /// A row quarantined only for an unknown school, kept for a retry.
        var retryable: Incident? = nil
        /// The key an invalid row names: its stored version is kept, never retracted.
        var heldKey: (schoolCode: String, incidentId: String)? = nil
    }

    /// A header that cannot be used, with the line it stood on.
    struct HeaderRejection: Error {
        let line: Int
        let problem: HeaderMap.Problem
    }

    /// The file breaks its declared id format (`RowValidator.Outcome.formatBroken`).
    struct FormatRejection: Error {
        let message: String
    }

    static let batchSize = 2048
    static let queuedBatches = 4

    private let condition = NSCondition()
    private var queue: [Batch] = []
    /// Batches the writing side is done with, released on the reading side (which allocated
    /// them): freeing a row's buffers is then off the writing thread, the ingest's bottleneck.
    private var spent: [[Row]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `path`, whose header stands on `headerLine` (rows above it are skipped);
    /// `makeValidator` builds the row validator once the header is known.
    init(
        path: String, dialect: Dialect, profile: MappingProfile? = nil, headerLine: Int = 1, limits: IngestLimits = .standard,
        makeValidator: @escaping @Sendable (HeaderMap) -> RowValidator
    ) {
        let thread = Thread { [self] in
            defer { done.signal() }
            do {
                try produce(
                    path: path, dialect: dialect, profile: profile, headerLine: headerLine, limits: limits, makeValidator: makeValidator)
                finish(nil)
            } catch {
                finish(error)
            }
        }
        thread.name = "schoolveilig-lezen"
        thread.start()
    }

    private struct Stop: Error {}

    private func produce(
        path: String, dialect: Dialect, profile: MappingProfile?, headerLine: Int, limits: IngestLimits,
        makeValidator: @Sendable (HeaderMap) -> RowValidator
    ) throws {
        let reader = try dialect.reader(path: path, limits: limits, headerLine: headerLine)
        var validator: RowValidator?
        var batch: [Row] = []
        batch.reserveCapacity(Self.batchSize)
        var emptyRows = 0
        var schools: Set<String> = []
        var lastSchool = ""
        // A row that reads "Totaal": held back, and ignored when no data row follows it.
        var pendingTotal: Row?
        try reader.forEachRecord { record in
            if record.line < headerLine {
                if record.isBlank { emptyRows += 1 }
                return
            }
            guard let active = validator else {
                let header: HeaderMap
                do {
                    header = try HeaderMap(header: record.strings, profile: profile)
                } catch let problem as HeaderMap.Problem {
                    throw HeaderRejection(line: record.line, problem: problem)
                }
                validator = makeValidator(header)
                try send(.header(header, line: record.line))
                return
            }
            if record.isBlank {
                emptyRows += 1
                return
            }
            if let total = pendingTotal {
                batch.append(total)
                pendingTotal = nil
            }
            let row: Row
            switch active.validate(record) {
            case .valid(let incident):
                if incident.schoolCode != lastSchool {
                    lastSchool = incident.schoolCode
                    schools.insert(lastSchool)
                }
                row = Row(line: record.line, encoded: EncodedIncident(incident), problems: [])
            case .invalid(let problems):
                row = Row(line: record.line, encoded: nil, problems: problems, heldKey: active.key(of: record))
            case .unknownSchool(let incident, let problem):
                row = Row(line: record.line, encoded: nil, problems: [problem], retryable: incident)
            case .formatBroken(let message):
                throw FormatRejection(message: message)
            }
            if row.encoded == nil, record.looksLikeTotal {
                pendingTotal = row
            } else {
                batch.append(row)
            }
            if batch.count >= Self.batchSize {
                try send(.rows(batch))
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try send(.rows(batch)) }
        try send(.layout(emptyRows: emptyRows, totalRowLine: pendingTotal?.line, schools: schools))
    }

    private func send(_ batch: Batch) throws {
        var released: [[Row]] = []
        defer { released.removeAll() }
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.queuedBatches, !cancelled { condition.wait() }
        if cancelled { throw Stop() }
        queue.append(batch)
        swap(&released, &spent)
        condition.broadcast()
    }

    /// Hands a processed batch back, to be released on the reading side.
    func recycle(_ rows: consuming [Row]) {
        condition.lock()
        spent.append(rows)
        condition.unlock()
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        if !(error is Stop) { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; `nil` at the end of the file. Throws what the reading side threw
    /// (`CSVReader.Failure`, `HeaderRejection`, `FailureError`), after the batches before it.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reading side (if still running) and waits for it to close the file.
    func close() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        done.wait()
        done.signal()
    }
}
