import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A progress line for long ingests, only when stderr is a terminal (silent under cron and in
/// pipes): `ingest: VO01_2025-Q3.csv — 1.250.000 regels`, rewritten in place at most four times
/// a second, and cleared before any other line is written.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var shown = false

    /// A progress line when stderr is an interactive terminal, `nil` otherwise.
    static func forTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    /// The callback the ingest calls with the file and the rows read so far.
    var callback: @Sendable (_ path: String, _ rows: Int) -> Void {
        { [self] path, rows in update(path: path, rows: rows) }
    }

    func update(path: String, rows: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        shown = true
        let name = (path as NSString).lastPathComponent
        FileHandle.standardError.write(Data("\r\u{1B}[Kinlezen: \(name) — \(Self.grouped(rows)) regels".utf8))
    }

    /// Clears the line, so the next message starts on a clean line.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        shown = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// `1250000` → `1.250.000`, as Dutch readers group digits.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(digit)
        }
        return result
    }
}
