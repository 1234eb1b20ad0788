import Foundation
import Testing

/// The crash harness (scripts/crash-harness.sh) in small: five runs killed with SIGKILL at random
/// moments (a fixed seed) — the nightly pipeline twice, a full rebuild of the marts, the kerngroep
/// pack into an empty folder and over an earlier edition — each re-run to its end and compared
/// with an uninterrupted run (database dump, counts, inbox and archive, pack files). A smaller
/// demo (its first quarter: 60 exports) keeps it short; `scripts/crash-harness.sh` runs 100 trials.
@Suite("crash safety", .serialized)
struct CrashSafetyTests {
    static let toolsPresent = ["/bin/bash", "/usr/bin/python3"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("five runs killed at random moments end where an uninterrupted run ends", .enabled(if: toolsPresent, "bash of python3 ontbreekt"))
    func killedRunsRecover() throws {
        let binary = try CLI.requireBinary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-crash-\(UUID().uuidString)").path
        let script = CLI.packageRoot.appendingPathComponent("scripts/crash-harness.sh").path
        let result = try CLI.tool(
            "bash", [script, "5", "20261201"],
            environment: [
                "SCHOOLVEILIG_BIN": binary.path, "CRASH_AS_OF": "2022-09-30", "CRASH_WORKDIR": work,
            ], timeout: 300)
        #expect(result.status == 0, "\(result)\n(de mislukte proeven staan in \(work))")
        #expect(result.stdout.contains("crash-harness: 5/5 trials passed"), "\(result)")
        if result.status == 0 { try? FileManager.default.removeItem(atPath: work) }
    }

    /// The server the PostgreSQL tests use (`.ci/run` starts one); in CI the test runs, and fails, without one.
    static var postgres: String? { ProcessInfo.processInfo.environment["SCHOOLVEILIG_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }
    static var postgresEnabled: Bool { toolsPresent && (postgres != nil || ProcessInfo.processInfo.environment["CI"] == "true") }

    @Test("on PostgreSQL too: five killed runs end where an uninterrupted run ends", .enabled(if: postgresEnabled))
    func killedRunsRecoverOnPostgres() throws {
        let server = try #require(Self.postgres, "SCHOOLVEILIG_TEST_PG is not set: .ci/run starts a PostgreSQL server")
        let binary = try CLI.requireBinary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-crash-pg-\(UUID().uuidString)").path
        let script = CLI.packageRoot.appendingPathComponent("scripts/crash-harness.sh").path
        let result = try CLI.tool(
            "bash", [script, "5", "20261207"],
            environment: [
                "SCHOOLVEILIG_BIN": binary.path, "CRASH_AS_OF": "2022-09-30", "CRASH_WORKDIR": work, "CRASH_PG": server,
            ], timeout: 400)
        #expect(result.status == 0, "\(result)\n(de mislukte proeven staan in \(work))")
        #expect(result.stdout.contains("crash-harness: 5/5 trials passed"), "\(result)")
        if result.status == 0 { try? FileManager.default.removeItem(atPath: work) }
    }
}
