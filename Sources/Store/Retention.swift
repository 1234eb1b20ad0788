import Domain
import Foundation
import GRDB

/// Retention (SPEC §5): how long each kind of data is kept, applied by `purge` and by the
/// nightly run. Incident rows past their retention are first folded into monthly counts (the
/// aggregated form of SPEC §2b, one delivery record "bewaartermijn" per purge), so every
/// published count stays the same while the rows about single incidents go; only the
/// breakdowns by `leeftijd` and `ernst` of those months become `onbekend`.
public enum Retention {
    public struct Policy: Sendable, Equatable {
        /// Incident rows: months after which they are folded (default 60: the covenant's four
        /// years plus one).
        public var incidentMonths: Int
        /// Quarantine lines and rows waiting for a retry: days after their delivery was received.
        public var quarantineDays: Int
        /// Run log records: days after the run started.
        public var runLogDays: Int

        public static let standard = Policy(incidentMonths: 12 * (Covenant.yearsDefault + 1), quarantineDays: 365, runLogDays: 400)

        /// The allowed settings: the one set of rules the pipeline loader and `purge` both apply.
        public static let incidentMonthsRange = 12...1200
        public static let daysRange = 0...36_500

        public init(incidentMonths: Int, quarantineDays: Int, runLogDays: Int) {
            self.incidentMonths = incidentMonths
            self.quarantineDays = quarantineDays
            self.runLogDays = runLogDays
        }

        /// From pipeline parameters (`retention_incident_months`, `retention_quarantine_days`,
        /// `retention_runlog_days`); missing ones keep the standard value.
        public init(parameters: [String: String]) throws(UsageError) {
            var policy = Policy.standard
            func value(_ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int? {
                guard let text = parameters[name] else { return nil }
                guard let number = Int(text), range.contains(number) else {
                    throw UsageError(
                        "\(name) moet een geheel getal van \(range.lowerBound) tot en met \(range.upperBound) zijn, niet '\(text)'")
                }
                return number
            }
            if let months = try value("retention_incident_months", Self.incidentMonthsRange) { policy.incidentMonths = months }
            if let days = try value("retention_quarantine_days", Self.daysRange) { policy.quarantineDays = days }
            if let days = try value("retention_runlog_days", Self.daysRange) { policy.runLogDays = days }
            self = policy
        }

        /// Refuses a policy that would fold incidents of the covenant period while it runs (or
        /// within a year after it ended) on `asOf`: those are the figures the meetings still
        /// discuss. Checked before a run starts and again when the policy is applied.
        public func check(asOf: Day, covenant: Covenant = Covenant()) throws(UsageError) {
            let before = incidentsKeptFrom(asOf: asOf)
            let period = covenant.period
            if before > period.from, asOf <= Month(period.to).adding(months: 12).lastDay {
                let needed = Month(asOf).index - Month(period.from).index
                throw UsageError(
                    "retention_incident_months \(incidentMonths) zou incidenten van vóór \(before) samenvoegen, binnen de convenantperiode (vanaf \(Month(period.from))); kies minstens \(needed) maanden. Er is niets veranderd."
                )
            }
        }

        /// The policy in one Dutch sentence, with the settings that change it.
        public var explanation: String {
            "bewaartermijnen: incidentregels \(incidentMonths) maanden (retention_incident_months), daarna samengevoegd tot "
                + "maandtellingen zodat elk gepubliceerd aantal gelijk blijft; quarantaineregels \(quarantineDays) dagen "
                + "(retention_quarantine_days); runlogboek \(runLogDays) dagen (retention_runlog_days)"
        }

        /// The first day whose incidents are kept: the first of the month `incidentMonths` before the as-of month.
        public func incidentsKeptFrom(asOf: Day) -> Day { Month(asOf).adding(months: -incidentMonths).firstDay }
    }

    public struct Summary: Sendable, Equatable {
        public let incidentsBefore: Day
        public let incidentsFolded: Int
        public let monthlyCells: Int
        public let quarantineLines: Int
        public let retriesDropped: Int
        public let retractionsDropped: Int
        public let runsDropped: Int

        /// One Dutch line for the operator.
        public func line(dryRun: Bool) -> String {
            return (dryRun ? "proef (er is niets veranderd): " : "")
                + "\(incidentsFolded) incidenten van vóór \(incidentsBefore) \(dryRun ? "zouden worden" : "zijn") samengevoegd tot \(monthlyCells) maandtellingen; "
                + "\(quarantineLines) quarantaineregels, \(retriesDropped) wachtende regels, \(retractionsDropped) intrekkingen en \(runsDropped) runs \(dryRun ? "zouden worden" : "zijn") verwijderd"
        }
    }

    /// The date before which incidents were folded, if a purge did so.
    static func incidentsRetainedFrom(_ db: Database) throws -> Day? {
        try String.fetchOne(db, sql: "SELECT incidents_before FROM retention_meta WHERE id = 1").flatMap { Day(iso: $0) }
    }

    /// Applies `policy` on `asOf` in one transaction (or, with `dryRun`, only counts what it would do).
    /// Folding goes by the earlier of `asOf` and `today` (the real date): an as-of after today
    /// (a typo, a wrong clock) never folds incidents whose detail must stay. A policy that would
    /// fold incidents of the covenant period while it runs (or within a year after it ended) is
    /// refused: those are the figures the meetings still discuss.
    public static func apply(
        _ policy: Policy, asOf requested: Day, today: Day = Today.inAmsterdam(), dryRun: Bool,
        covenant: Covenant = Covenant(), in store: any RetentionStore
    ) throws -> Summary {
        let asOf = min(requested, today)
        try policy.check(asOf: asOf, covenant: covenant)
        return try store.applyRetention(policy, asOf: asOf, dryRun: dryRun)
    }
}

/// The port of retention: folds incident rows before the policy's date into monthly counts and
/// removes quarantine lines and run logs past their days, in one transaction.
public protocol RetentionStore: Sendable {
    /// Applies a policy already checked against `asOf` (`Retention.apply` checks it and caps `asOf` at today).
    func applyRetention(_ policy: Retention.Policy, asOf: Day, dryRun: Bool) throws -> Retention.Summary
}

extension SchoolveiligDatabase: RetentionStore {
    public func applyRetention(_ policy: Retention.Policy, asOf: Day, dryRun: Bool) throws -> Retention.Summary {
        typealias Summary = Retention.Summary
        let before = policy.incidentsKeptFrom(asOf: asOf)
        let quarantineCutoff = Clock.timestamp(Date().addingTimeInterval(-Double(policy.quarantineDays) * 86_400))
        let runCutoff = Clock.timestamp(Date().addingTimeInterval(-Double(policy.runLogDays) * 86_400))
        let work = { (db: Database) throws -> Summary in
            let cutoff = before.description
            let incidents = try Int.fetchOne(db, sql: "SELECT count(*) FROM incident WHERE datum < ?", arguments: [cutoff]) ?? 0
            let cells =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM (SELECT 1 FROM incident WHERE datum < ? GROUP BY school_code, substr(datum, 1, 7), categorie, locatie, politie)
                        """, arguments: [cutoff]) ?? 0
            let oldDeliveries = "SELECT id FROM delivery WHERE received_at < ?"
            let quarantine =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM quarantine WHERE delivery_id IN (\(oldDeliveries))", arguments: [quarantineCutoff]) ?? 0
            let retries =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM quarantine_retry WHERE delivery_id IN (\(oldDeliveries)) OR datum < ?",
                    arguments: [quarantineCutoff, cutoff]) ?? 0
            let retractions = try Int.fetchOne(db, sql: "SELECT count(*) FROM retraction WHERE datum < ?", arguments: [cutoff]) ?? 0
            let runs =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM pipeline_run WHERE started_at < ? AND status <> 'bezig'", arguments: [runCutoff]) ?? 0
            let summary = Summary(
                incidentsBefore: before, incidentsFolded: incidents, monthlyCells: cells, quarantineLines: quarantine,
                retriesDropped: retries, retractionsDropped: retractions, runsDropped: runs)
            guard !dryRun else { return summary }
            if incidents > 0 {
                let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM delivery") ?? 0
                try db.execute(
                    sql: """
                        INSERT INTO delivery(sha256, identity, size, received_at, as_of, dialect, status)
                        VALUES ('', ?, 0, ?, ?, ?, 'samengevoegd')
                        """,
                    arguments: [
                        "bewaartermijn:\(cutoff):\(last)", Clock.timestamp(), asOf.description, "bewaartermijn: incidenten vóór \(cutoff)",
                    ])
                let folding = db.lastInsertedRowID
                try db.execute(
                    sql: """
                        INSERT INTO aggregate_count(school_code, maand, categorie, locatie, politie, aantal, delivery_id, line)
                        SELECT school_code, substr(datum, 1, 7), categorie, locatie, politie, count(*), ?, 0 FROM incident WHERE datum < ?
                         GROUP BY school_code, substr(datum, 1, 7), categorie, locatie, politie
                        ON CONFLICT(school_code, maand, categorie, locatie, politie) DO UPDATE SET aantal = aantal + excluded.aantal
                        """, arguments: [folding, cutoff])
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO delivery_month(delivery_id, school_code, maand)
                        SELECT DISTINCT ?, school_code, substr(datum, 1, 7) FROM incident WHERE datum < ?
                        """, arguments: [folding, cutoff])
                try db.execute(sql: "UPDATE delivery SET rows_new = ? WHERE id = ?", arguments: [cells, folding])
                try db.execute(sql: "DELETE FROM incident WHERE datum < ?", arguments: [cutoff])
            }
            try db.execute(sql: "DELETE FROM retraction WHERE datum < ?", arguments: [cutoff])
            try db.execute(
                sql: "DELETE FROM quarantine_retry WHERE delivery_id IN (\(oldDeliveries)) OR datum < ?",
                arguments: [quarantineCutoff, cutoff])
            try db.execute(sql: "DELETE FROM quarantine WHERE delivery_id IN (\(oldDeliveries))", arguments: [quarantineCutoff])
            try db.execute(sql: "DELETE FROM pipeline_run WHERE started_at < ? AND status <> 'bezig'", arguments: [runCutoff])
            try db.execute(
                sql: """
                    INSERT INTO retention_meta(id, incidents_before, applied_at) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET incidents_before = max(incidents_before, excluded.incidents_before), applied_at = excluded.applied_at
                    """, arguments: [cutoff, Clock.timestamp()])
            return summary
        }
        return dryRun ? try pool.read(work) : try pool.write(work)
    }
}
