import Foundation
import Testing

/// Runs the built `schoolveilig` binary (and helper tools such as `sqlite3`) from the CLI tests.
///
/// The binary is `$SCHOOLVEILIG_BIN` when that is set, else the newest `schoolveilig` beside the
/// running test bundle or in any `.build*` scratch folder of the package (debug or release, with or
/// without triple). When none is found, `run` throws `CLI.NotBuilt`, whose message says what to do.
enum CLI {
    /// What a finished process left behind. `stdout`/`stderr` are decoded as UTF-8 (lossy).
    struct Result: Sendable, CustomStringConvertible {
        let status: Int32
        let stdoutData: Data
        let stderr: String
        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }

        var description: String { "status \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// No built binary was found.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String {
            """
            geen gebouwd 'schoolveilig' gevonden onder \(CLI.packageRoot.path)/.build*/ (debug of release); \
            bouw eerst met 'swift build' (of zet SCHOOLVEILIG_BIN op het pad van het programma)
            """
        }
    }

    /// A process that did not end in time (it is killed).
    struct TimedOut: Error, CustomStringConvertible {
        let command: String
        let seconds: Double
        var description: String { "'\(command)' liep langer dan \(seconds) s en is gestopt" }
    }

    /// The package root: the first folder above this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The binary every test of this process uses (looked up once).
    static let binary: URL? = locate()

    /// The binary, or a thrown `NotBuilt` that explains how to build it.
    static func requireBinary() throws -> URL {
        guard let binary else { throw NotBuilt() }
        return binary
    }

    /// The built `schoolveilig`: `SCHOOLVEILIG_BIN`, else the one beside the running test bundle
    /// (the same build, so a release binary in another scratch folder is never picked up by
    /// mistake), else the newest in any `.build*` scratch folder of the package (debug or release,
    /// with or without triple).
    static func locate() -> URL? {
        let manager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SCHOOLVEILIG_BIN"], manager.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        func modified(_ url: URL) -> Date {
            ((try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        func newest(in folders: [URL]) -> URL? {
            folders.map { $0.appendingPathComponent("schoolveilig") }.filter { manager.isExecutableFile(atPath: $0.path) }
                .max { modified($0) < modified($1) }
        }
        var beside: [URL] = []
        for url in [Bundle.main.bundleURL, Bundle.main.executableURL].compactMap({ $0 }) {
            beside += [url, url.deletingLastPathComponent(), url.deletingLastPathComponent().deletingLastPathComponent()]
        }
        if let binary = newest(in: beside) { return binary }
        var folders: [URL] = []
        let scratch = (try? manager.contentsOfDirectory(atPath: packageRoot.path))?.filter { $0.hasPrefix(".build") } ?? []
        for name in scratch {
            let root = packageRoot.appendingPathComponent(name)
            let triples = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
            for sub in ["debug", "release"] + triples.flatMap({ ["\($0)/debug", "\($0)/release"] }) {
                folders.append(root.appendingPathComponent(sub))
            }
        }
        return newest(in: folders)
    }

    /// Runs `schoolveilig ARGS` to its end.
    ///
    /// - environment: variables set on top of this process's environment, from which
    ///   `SCHOOLVEILIG_DB` and `SCHOOLVEILIG_PUBLICATIE_CONTROLE` are always removed first (so a
    ///   test sees only what it sets itself, and the publication's audit is always on).
    /// - currentDirectory: the working directory of the child (default: this process's).
    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil,
        timeout: Double = 120
    ) throws -> Result {
        try runTool(try requireBinary(), arguments, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
    }

    /// Runs a program found on `PATH` (`sqlite3`, `python3`, `flock`) to its end.
    @discardableResult
    static func tool(
        _ name: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, timeout: Double = 120
    ) throws -> Result {
        try runTool(
            URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, environment: environment,
            currentDirectory: currentDirectory, timeout: timeout)
    }

    /// Runs a program to its end; output goes through files so that no pipe can fill up.
    static func runTool(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, timeout: Double = 120
    ) throws -> Result {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("schoolveilig-run-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        manager.createFile(atPath: outURL.path, contents: nil)
        manager.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + 5)
            try? out.close()
            try? err.close()
            throw TimedOut(command: ([executable.lastPathComponent] + arguments).joined(separator: " "), seconds: timeout)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdoutData: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Starts a process that holds an exclusive flock on `lockPath` (it becomes `sleep`, so
    /// terminating it releases the lock at once) and waits until it holds it; `nil` when it did not
    /// get the lock within 10 seconds.
    static func holdLock(_ lockPath: String) throws -> Process? {
        let holder = try start("sh", ["-c", "exec 9>>\"$1\" && flock -x -w 10 9 && exec sleep 30", "sh", lockPath])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, holder.isRunning {
            if try tool("flock", ["-n", lockPath, "true"]).status != 0 { return holder }
            Thread.sleep(forTimeInterval: 0.05)
        }
        holder.terminate()
        holder.waitUntilExit()
        return nil
    }

    /// Starts a program found on `PATH` in the background; the caller terminates it.
    static func start(_ name: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        process.environment = childEnvironment(nil)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func childEnvironment(_ extra: [String: String]?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SCHOOLVEILIG_DB")
        // The audit over the whole publication is on in every test: its switch (benchmarks only)
        // never reaches the program from the caller's environment.
        environment.removeValue(forKey: "SCHOOLVEILIG_PUBLICATIE_CONTROLE")
        for (key, value) in extra ?? [:] { environment[key] = value }
        return environment
    }

    /// The lines only one side has, for a readable failure.
    static func lineDiff(expected: String, actual: String) -> String {
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let missing = want.filter { !got.contains($0) }.prefix(12)
        let extra = got.filter { !want.contains($0) }.prefix(12)
        return "alleen verwacht: \(missing.joined(separator: " ⏎ "))\nalleen gekregen: \(extra.joined(separator: " ⏎ "))"
    }
}
