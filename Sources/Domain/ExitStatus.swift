/// The exit statuses of SPEC §3. When a run has several outcomes, the first in `precedence` wins.
public enum ExitStatus: Int32, Sendable {
    case done = 0
    case failed = 1
    case usage = 2
    case quarantined = 3
    case locked = 75

    /// Order in which outcomes take precedence: usage, failure, lock, content problems, success.
    static let precedence: [ExitStatus] = [.usage, .failed, .locked, .quarantined, .done]

    /// Combines two outcomes of one run into the one the process must report.
    public func combined(with other: ExitStatus) -> ExitStatus {
        let mine = ExitStatus.precedence.firstIndex(of: self)!
        let theirs = ExitStatus.precedence.firstIndex(of: other)!
        return mine <= theirs ? self : other
    }
}
