import Domain
import Formats
import Store

/// What happened to one file, as `ingest` reports it on stderr.
public struct FileSummary: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Stored in one transaction (possibly with quarantined rows).
        case stored(DeliveryWriter.Totals)
        /// An aggregated delivery (SPEC §2b), stored in one transaction.
        case aggregated(AggregateWriter.Totals)
        /// The same bytes were ingested before: nothing changed.
        case alreadyIngested(DeliveryStore.Earlier)
        /// Refused whole for its content; nothing stored.
        case rejected(String)
    }

    /// Where the data stood in the file: rows that were skipped because they are not data.
    public struct Layout: Sendable, Equatable {
        /// The line (spreadsheet row) of the header.
        public var headerLine = 1
        /// Lines of the rows with a value above the header (titles), skipped. Line numbers only:
        /// a title may hold a name.
        public var skippedLines: [Int] = []
        /// Rows without a value in any column (Excel's `;;;;;;;`), skipped.
        public var emptyRows = 0
        /// The line of a closing sum row (`Totaal`), ignored.
        public var totalRowLine: Int?
        public init() {}
    }

    /// The path as given (the operator's own terminal output only: never stored).
    public let path: String
    public let outcome: Outcome
    public let droppedColumns: [String]
    /// The detected dialect, when the file got that far.
    public let dialect: Dialect?
    public var layout = Layout()
    /// The file's SHA-256, when it was read.
    public var sha256: String?
    /// The school of the delivery, when known (option, profile or inbox folder).
    public var school: String?
    public var period: Period?
    /// For a rejected file: its header (or the row that came closest), masked, for the record.
    public var maskedHeader: [String]?

    public init(path: String, outcome: Outcome, droppedColumns: [String], dialect: Dialect? = nil) {
        self.path = path
        self.outcome = outcome
        self.droppedColumns = droppedColumns
        self.dialect = dialect
    }

    /// What a rejected file's record tells the operator to do.
    public static let sendAgain = "vraag de school het bestand verbeterd opnieuw te sturen"

    /// The delivery without its file name: school, period and hash (for logs and the run summary).
    public var identification: String {
        var parts: [String] = []
        if let sha256 { parts.append("sha256 \(sha256.prefix(12))") }
        if let school { parts.append("school \(school)") }
        if let period { parts.append("periode \(period.from)..\(period.to)") }
        return "levering " + (parts.isEmpty ? "(onbekend)" : parts.joined(separator: ", "))
    }

    /// The rows that were not data, for the summary; empty when there were none.
    var layoutNote: String {
        var notes: [String] = []
        if !layout.skippedLines.isEmpty {
            notes.append(
                "kopregel op regel \(layout.headerLine); \(layout.skippedLines.count == 1 ? "regel" : "regels") \(layout.skippedLines.map(String.init).joined(separator: ", ")) erboven overgeslagen"
            )
        }
        if layout.emptyRows > 0 { notes.append("\(layout.emptyRows) lege \(layout.emptyRows == 1 ? "regel" : "regels") overgeslagen") }
        if let total = layout.totalRowLine { notes.append("totaalregel (regel \(total)) genegeerd") }
        return notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
    }

    /// The exit status this file contributes (SPEC §3).
    public var exitStatus: ExitStatus {
        switch outcome {
        case .stored(let totals): totals.quarantinedLines > 0 ? .quarantined : .done
        case .aggregated(let totals): totals.quarantinedLines > 0 ? .quarantined : .done
        case .alreadyIngested: .done
        case .rejected: .quarantined
        }
    }

    /// One Dutch line for the operator's terminal: the path as given on the command line.
    public var line: String { describe(as: path) }

    /// The same line without the path (it may hold a pupil's name): by school, period and hash,
    /// for the nightly run's summary and log.
    public var recordLine: String { describe(as: identification) }

    private func describe(as path: String) -> String {
        switch outcome {
        case .stored(let t):
            var text =
                "\(path)\(dialect.map { " (\($0))" } ?? ""): \(t.rowsRead) regels gelezen; \(t.new) nieuw, \(t.updated) bijgewerkt, \(t.unchanged) ongewijzigd, \(t.quarantinedLines) in quarantaine"
            if t.retracted > 0 { text += ", \(t.retracted) ingetrokken (niet meer in de opgegeven periode)" }
            if t.kept > 0 { text += ", \(t.kept) behouden (nieuwe versie in quarantaine)" }
            text += layoutNote
            if !droppedColumns.isEmpty { text += "; niet opgeslagen kolommen: \(droppedColumns.joined(separator: ", "))" }
            return text
        case .aggregated(let t):
            var text =
                "\(path) (geaggregeerd\(dialect.map { ", \($0)" } ?? "")): \(t.rowsRead) regels gelezen; \(t.cells) cellen met \(t.incidents) incidenten over \(t.months) schoolmaanden, \(t.quarantinedLines) in quarantaine"
            if t.retracted > 0 { text += ", \(t.retracted) eerder geleverde incidenten vervangen (ingetrokken)" }
            text += layoutNote
            if !droppedColumns.isEmpty { text += "; niet opgeslagen kolommen: \(droppedColumns.joined(separator: ", "))" }
            return text
        case .alreadyIngested(let earlier):
            return "\(path): ongewijzigd, dezelfde inhoud is al ingelezen (levering \(earlier.id), \(earlier.receivedAt))"
        case .rejected(let reason):
            return "\(path): geweigerd, niets opgeslagen: \(reason); \(Self.sendAgain)"
        }
    }
}
