import Domain
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

    public let path: String
    public let outcome: Outcome
    public let droppedColumns: [String]
    /// The detected dialect, when the file got that far.
    public let dialect: Dialect?

    public init(path: String, outcome: Outcome, droppedColumns: [String], dialect: Dialect? = nil) {
        self.path = path
        self.outcome = outcome
        self.droppedColumns = droppedColumns
        self.dialect = dialect
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

    /// One Dutch line for the operator.
    public var line: String {
        switch outcome {
        case .stored(let t):
            var text = "\(path)\(dialect.map { " (\($0))" } ?? ""): \(t.rowsRead) regels gelezen; \(t.new) nieuw, \(t.updated) bijgewerkt, \(t.unchanged) ongewijzigd, \(t.quarantinedLines) in quarantaine"
            if t.retracted > 0 { text += ", \(t.retracted) ingetrokken (niet meer in de opgegeven periode)" }
            if t.kept > 0 { text += ", \(t.kept) behouden (nieuwe versie in quarantaine)" }
            if !droppedColumns.isEmpty { text += "; niet opgeslagen kolommen: \(droppedColumns.joined(separator: ", "))" }
            return text
        case .aggregated(let t):
            var text = "\(path) (geaggregeerd\(dialect.map { ", \($0)" } ?? "")): \(t.rowsRead) regels gelezen; \(t.cells) cellen met \(t.incidents) incidenten over \(t.months) schoolmaanden, \(t.quarantinedLines) in quarantaine"
            if t.retracted > 0 { text += ", \(t.retracted) eerder geleverde incidenten vervangen (ingetrokken)" }
            if !droppedColumns.isEmpty { text += "; niet opgeslagen kolommen: \(droppedColumns.joined(separator: ", "))" }
            return text
        case .alreadyIngested(let earlier):
            return "\(path): ongewijzigd, dezelfde inhoud is al ingelezen (\(earlier.fileName), \(earlier.receivedAt))"
        case .rejected(let reason):
            return "\(path): geweigerd, niets opgeslagen: \(reason)"
        }
    }
}
