import Domain
import Formats
import Ingest
import Reports
import Store

/// The one set of rules for a pipeline's parameters: what each known parameter may hold. The
/// loader checks a file's values against it (naming file, line and column), `--set` checks its
/// values against the same rule, and `PipelineSettings` decodes the checked values once into
/// typed settings. The ranges come from the types that use them (`IngestLimits`,
/// `Retention.Policy`, `PackSettings`), so a value accepted here is never refused by a stage.
enum PipelineParameter {
    enum Rule: Sendable {
        /// A folder, relative to the folder the run starts in (never leaving it) or absolute.
        case path
        /// A whole number of days, 0 or more.
        case days
        /// A whole number within a range.
        case integer(ClosedRange<Int>)
        /// `true` or `false`.
        case flag
        /// One of a fixed set of words.
        case choice([String])
    }

    static let rules: [String: Rule] = [
        "inbox": .path, "archive": .path, "reference": .path,
        "rejected_days": .days,
        "period_from_file_name": .flag, "rebuild_aggregates": .flag, "zeros_disclosive": .flag, "covenant_view": .flag,
        "max_file_mb": .integer(IngestLimits.fileMegabytesRange),
        "max_record_kb": .integer(IngestLimits.recordKilobytesRange),
        "max_columns": .integer(IngestLimits.columnsRange),
        "retention_incident_months": .integer(Retention.Policy.incidentMonthsRange),
        "retention_quarantine_days": .integer(Retention.Policy.daysRange),
        "retention_runlog_days": .integer(Retention.Policy.daysRange),
        "threshold": .integer(PackSettings.thresholdRange),
        "trend_periods": .integer(PackSettings.trendPeriodsRange),
        "min_schools": .integer(PackSettings.minSchoolsRange),
        "aanlevertermijn_weken": .integer(PackSettings.aanlevertermijnRange),
        "split": .choice(PackSettings.Split.allCases.map(\.rawValue)),
        "csv_dialect": .choice(CSVDialect.allCases.map(\.rawValue)),
    ]

    /// What is wrong with `value` for `parameter`, in Dutch, or `nil` when it is fine (a
    /// parameter without a rule is free text).
    static func problem(_ parameter: String, _ value: String) -> String? {
        guard let rule = rules[parameter] else { return nil }
        switch rule {
        case .days:
            return Int(value).map { $0 >= 0 } == true
                ? nil : "parameter '\(parameter)' moet een geheel aantal dagen (0 of meer) zijn, niet '\(value)'"
        case .path:
            // A relative path stays inside the folder the run starts in; leaving it takes an
            // absolute path, so that it is explicit.
            var depth = 0
            for part in value.split(separator: "/") where !value.hasPrefix("/") {
                if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
                if depth < 0 {
                    return
                        "parameter '\(parameter)': het relatieve pad '\(value)' verlaat de map waarin de run start; geef een absoluut pad als dat de bedoeling is"
                }
            }
            return value.isEmpty ? "parameter '\(parameter)' is leeg" : nil
        case .integer(let range):
            return Int(value).map(range.contains) == true
                ? nil
                : "parameter '\(parameter)' moet een geheel getal van \(range.lowerBound) tot en met \(range.upperBound) zijn, niet '\(value)'"
        case .flag:
            return ["true", "false"].contains(value) ? nil : "parameter '\(parameter)' moet true of false zijn, niet '\(value)'"
        case .choice(let words):
            return words.contains(value)
                ? nil
                : "parameter '\(parameter)' moet \(words.dropLast().joined(separator: ", ")) of \(words.last ?? "") zijn, niet '\(value)'"
        }
    }
}
