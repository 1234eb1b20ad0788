import Domain
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The optional log file (`run --log-file PATH`, or `SCHOOLVEILIG_LOG_FILE`): every message the
/// operator sees on stderr and every log record, appended with a UTC timestamp, so a cron job
/// leaves a history beside its mail. Created 0640; never holds personal data (messages mask it).
final class LogFile: @unchecked Sendable {
    static let shared = LogFile()

    private let lock = NSLock()
    private var handle: FileHandle?

    /// Opens `path` for appending; a path that cannot be written is a usage error (exit 2).
    func open(path: String) throws {
        let descriptor = try SafeFile.open(path, append: true, option: "logbestand")
        lock.lock()
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        lock.unlock()
    }

    var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return handle != nil
    }

    func append(_ message: String, level: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        let stamp = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { "\(stamp) \(level) \($0)\n" }.joined()
        try? handle.write(contentsOf: Data(lines.utf8))
    }
}

/// A swift-log handler that writes records to the log file.
struct LogFileHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        LogFile.shared.append("\(label): \(message)", level: level.rawValue)
    }
}
