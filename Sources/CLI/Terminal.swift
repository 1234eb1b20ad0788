import Foundation

/// What the operator reads on stderr: Dutch messages, a progress line on a terminal, and the
/// same messages in the log file when one is set (`--log-file` or `SCHOOLVEILIG_LOG_FILE`).
enum Terminal {
    /// The progress line, when stderr is a terminal.
    static let progress = ProgressLine.forTerminal()

    static func error(_ message: String) {
        write("schoolveilig: \(message)", level: "fout")
    }

    static func info(_ message: String) {
        write(message, level: "info")
    }

    private static func write(_ line: String, level: String) {
        progress?.clear()
        FileHandle.standardError.write(Data("\(line)\n".utf8))
        LogFile.shared.append(line, level: level)
    }
}
