import Domain
import Foundation

/// What the operator reads on stderr: Dutch messages, a progress line on a terminal, and the
/// same messages in the log file when one is set (`--log-file` or `SCHOOLVEILIG_LOG_FILE`).
enum Terminal {
    /// The progress line, when stderr is a terminal.
    static let progress = ProgressLine.forTerminal()

    /// Messages carry file names and values from outside: control characters are escaped, so
    /// every message is one line (a newline in a file name cannot forge a line of its own).
    static func error(_ message: String) {
        write("schoolveilig: \(DisplayText.oneLine(message))", level: "fout")
    }

    static func info(_ message: String) {
        write(DisplayText.oneLine(message), level: "info")
    }

    /// The argument parser's usage text: several lines by design, all from the program itself.
    static func usage(_ message: String) {
        write("schoolveilig: \(message)", level: "fout")
    }

    /// `message` on the terminal, `logged` in the log file: a path typed on the command line is
    /// the operator's own, but a log file on disk must not keep it (it may hold a pupil's name).
    static func info(_ message: String, logged: String) {
        progress?.clear()
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        LogFile.shared.append(logged, level: "info")
    }

    private static func write(_ line: String, level: String) {
        progress?.clear()
        try? FileHandle.standardError.write(contentsOf: Data("\(line)\n".utf8))
        LogFile.shared.append(line, level: level)
    }
}
