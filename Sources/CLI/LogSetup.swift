import Foundation
import Logging

/// Logging goes to stderr, beside the command's own Dutch summary lines. The level comes from
/// `SCHOOLVEILIG_LOG` (`trace` … `critical`), default `notice`: cron's log then holds the
/// summaries and real problems, not chatter. Nothing that looks like personal data is logged.
enum LogSetup {
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["SCHOOLVEILIG_LOG"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
