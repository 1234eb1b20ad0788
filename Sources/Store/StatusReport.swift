import Domain

/// What `status` shows: the store and its soundness, the reference data in use, the deliveries
/// and rows stored, the last runs and what is missing. Made from the store's records
/// (`OperatorStore`), so it reads the same on SQLite and on PostgreSQL.
public struct StatusReport: Sendable {
    public let text: String
    /// The store found nothing wrong (SQLite: `PRAGMA quick_check`).
    public let isSound: Bool

    public static func read(from store: some OperatorStore, recent: Int, missing: [String] = []) throws -> StatusReport {
        let health = try store.storeHealth()
        let facts = try store.statusFacts(recent: recent)
        return StatusReport(text: text(health: health, facts: facts, missing: missing), isSound: health.isSound)
    }

    static func text(health: StoreHealth, facts: StatusFacts, missing: [String]) -> String {
        var lines: [String] = [
            "database: \(health.location), \(health.size); controle: \(health.isSound ? "in orde" : "FOUT: " + health.findings.joined(separator: "; "))"
        ]
        if let meta = facts.reference {
            lines.append("referentiegegevens: \(meta.source), geladen \(meta.loadedAt), hash \(meta.sha256.prefix(12))")
        } else {
            lines.append("referentiegegevens: nog niet geladen (schoolveilig reference load MAP)")
        }
        lines.append("scholen: \(facts.schools), categorieën: \(facts.categories)")
        lines.append("leveringen: \(facts.deliveries), incidenten: \(facts.incidents)")
        lines.append(
            "quarantaine: \(facts.quarantinedLines) regels, waarvan \(facts.resolvedLines) opgelost na een nieuwe poging; \(facts.waitingForRetry) wachten op referentiegegevens (schoolveilig quarantine retry); geweigerde bestanden: \(facts.rejected.count)"
        )
        for reason in facts.reasons { lines.append("  \(reason.count) × \(reason.reason)") }
        if !facts.rejected.isEmpty {
            lines.append("geweigerde bestanden (niet bewaard; vraag de school ze verbeterd opnieuw te sturen):")
            for file in facts.rejected {
                var line =
                    "  sha256 \(file.sha256.prefix(12)), \(file.rejectedAt)\(file.schoolCode.isEmpty ? "" : ", school \(file.schoolCode)"): \(file.reason)"
                if !file.header.isEmpty { line += " [kopregel: \(file.header)]" }
                lines.append(line)
            }
        }
        if let dates = facts.incidentDates { lines.append("incidentdata: \(dates.first) t/m \(dates.last)") }
        lines.append(facts.lastRuns.isEmpty ? "laatste runs: nog geen (schoolveilig run nightly)" : "laatste run per pijplijn:")
        for run in facts.lastRuns {
            var line = "  \(run.pipeline): \(run.status), \(run.startedAt) → \(run.finishedAt) [\(run.stages.joined(separator: ", "))]"
            if !run.status.hasPrefix("klaar") { line += "; laatste geslaagde run: \(run.lastGood ?? "geen")" }
            lines.append(line)
        }
        lines += missing
        if !facts.recentDeliveries.isEmpty { lines.append("recente leveringen:") }
        for delivery in facts.recentDeliveries {
            var identification = [
                delivery.schools.isEmpty ? nil : "school \(delivery.schools)", delivery.period.isEmpty ? nil : "periode \(delivery.period)",
                delivery.sha256.isEmpty ? nil : "sha256 \(delivery.sha256.prefix(12))",
            ].compactMap { $0 }.joined(separator: ", ")
            if identification.isEmpty { identification = "-" }
            var line =
                "  [\(delivery.id)] \(delivery.receivedAt)  \(identification)\(delivery.dialect.isEmpty ? "" : " (\(delivery.dialect))"): \(delivery.rowsRead) gelezen, \(delivery.rowsNew) nieuw, \(delivery.rowsUpdated) bijgewerkt, \(delivery.rowsUnchanged) ongewijzigd, \(delivery.rowsQuarantined) in quarantaine"
            if delivery.rowsRetracted > 0 { line += ", \(delivery.rowsRetracted) ingetrokken" }
            if !delivery.droppedColumns.isEmpty { line += "; niet opgeslagen: \(delivery.droppedColumns)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
