import Domain
import Foundation
import Logging

/// Logging goes to stderr, beside the command's own Dutch summary lines, and to the log file
/// when one is set (`run --log-file`, or `SCHOOLVEILIG_LOG_FILE` for every command). The level
/// comes from `SCHOOLVEILIG_LOG` (`trace` … `critical`), default `notice`: cron's log then holds
/// the summaries and real problems, not chatter. Nothing that looks like personal data is logged.
enum LogSetup {
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["SCHOOLVEILIG_LOG"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .notice
        if let path = environment["SCHOOLVEILIG_LOG_FILE"], !path.isEmpty {
            do {
                try LogFile.shared.open(path: path)
            } catch let error as UsageError {
                Terminal.error(error.message)
            } catch {}
        }
        LoggingSystem.bootstrap { label in
            var stderr = StreamLogHandler.standardError(label: label)
            stderr.logLevel = level
            return MultiplexLogHandler([stderr, LogFileHandler(label: label, logLevel: level)])
        }
    }
}
