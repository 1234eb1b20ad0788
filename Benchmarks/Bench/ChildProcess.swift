import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a child and reports its wall time, CPU time and peak RSS (`ru_maxrss`, KiB on Linux).
///
/// A process's `ru_maxrss` starts at the peak RSS of the memory image it replaced at exec, so
/// a child spawned straight from the bench would report at least the bench's own peak (about
/// 20 MB; sqlite3's 6 MB showed up as 22 MB). So the bench makes itself a child subreaper and
/// spawns the command through `/bin/sh -c '"$@" &'`: the shell (a few hundred KiB) forks the
/// real command and exits, the command is re-parented to the bench, and the bench reaps it
/// with wait4 — its rusage is then its own. Without a subreaper (prctl unavailable) it falls
/// back to a direct posix_spawn and says so in `rssIncludesBench`.
struct ChildResult {
    let exitCode: Int32
    /// The signal that ended the child, when it did not exit normally.
    let signal: Int32?
    let seconds: Double
    let cpuSeconds: Double
    let peakRSSKiB: Int
    let rssIncludesBench: Bool
    var succeeded: Bool { signal == nil && exitCode == 0 }
    var peakRSSMB: Double { Double(peakRSSKiB) / 1024 }
    var statusText: String { signal.map { "killed by signal \($0)" } ?? "exit \(exitCode)" }
}

enum ChildProcess {
    /// True once the bench is a child subreaper (set on first use).
    nonisolated(unsafe) private static var subreaper: Bool?

    private static func becomeSubreaper() -> Bool {
        if let subreaper { return subreaper }
        // prctl is variadic, so Swift cannot import it; on Linux (x86-64, arm64) calling it
        // through a fixed five-argument prototype is the usual C calling convention.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        var result = false
        if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "prctl") {
            let prctl = unsafeBitCast(symbol, to: Prctl.self)
            result = prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0
        }
        subreaper = result
        return result
    }

    /// `executable` is searched in PATH when it has no slash. stdin comes from `stdinPath`
    /// (or /dev/null); stdout and stderr go to the given files (created anew).
    static func run(
        _ executable: String, _ arguments: [String], stdinPath: String? = nil,
        stdoutPath: String, stderrPath: String
    ) throws -> ChildResult {
        let viaShell = becomeSubreaper()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        // An asynchronous list gets /dev/null as stdin unless redirected, hence fd 3.
        let command =
            viaShell
            ? ["/bin/sh", "-c", "exec 3<&0; \"$@\" 0<&3 3<&- &", "sh", executable] + arguments
            : [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        let start = monotonicSeconds()
        let spawned =
            command[0].contains("/")
            ? posix_spawn(&pid, command[0], &actions, nil, argv, envp)
            : posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        try reap(pid, &status, &usage)
        if viaShell {
            guard status == 0 else { throw BenchError("/bin/sh could not start \(executable) (wait status \(status))") }
            // The command, re-parented to the bench when the shell exited (the bench's only child).
            status = 0
            usage = rusage()
            try reap(-1, &status, &usage)
        }
        let seconds = monotonicSeconds() - start
        let termination = status & 0x7f
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ChildResult(
            exitCode: termination == 0 ? (status >> 8) & 0xff : -1,
            signal: termination == 0 ? nil : termination,
            seconds: seconds, cpuSeconds: cpu, peakRSSKiB: Int(usage.ru_maxrss),
            rssIncludesBench: !viaShell)
    }

    private static func reap(_ pid: pid_t, _ status: inout Int32, _ usage: inout rusage) throws {
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
