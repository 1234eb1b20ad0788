import Foundation
import Testing

/// The built-in demo with every pack pipeline published for two consecutive periods of its
/// cadence (`scripts/attack.sh` without any combination), made once per test process and shared
/// by the attack tests (`PublicationAttackTests`, `InsiderAttackTests`), which only read it.
enum DemoPublication {
    struct Published: Sendable {
        /// The work folder of `scripts/attack.sh`: `demo/`, `packs/<pipeline>/<period>/`, the run logs.
        let work: String
        /// The binary that published it.
        let binary: String
        /// The wall time of the set-up, in seconds.
        let seconds: Double
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// The set-up, run at the first use (a `static let` is initialised once, thread-safely).
    static let shared: Result<Published, Failed> = {
        do {
            let binary = try CLI.requireBinary()
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("schoolveilig-demo-\(UUID().uuidString)").path
            let started = Date()
            // A label no combination has: the script publishes everything and attacks nothing.
            let result = try CLI.tool(
                "bash", [script, binary.path, work], environment: ["ATTACK_ONLY": "geen-combinatie"], timeout: 900)
            guard result.status == 0 else {
                return .failure(Failed(description: "de demo-publicatie is mislukt: \(result.stdout)\(result.stderr)"))
            }
            return .success(Published(work: work, binary: binary.path, seconds: Date().timeIntervalSince(started)))
        } catch {
            return .failure(Failed(description: "\(error)"))
        }
    }()

    static let script = CLI.packageRoot.appendingPathComponent("scripts/attack.sh").path

    /// The shared publication, or the reason it could not be made (the test then fails with it).
    static func published() throws -> Published { try shared.get() }

    /// Runs the attacker of `scripts/attack.sh` on the shared publication for the combinations
    /// whose label matches `only` (a shell pattern), with extra variables for the script.
    static func attack(only: String, environment: [String: String] = [:], timeout: Double = 600) throws -> CLI.Result {
        let published = try published()
        var variables = environment
        variables["ATTACK_ONLY"] = only
        return try CLI.tool("bash", [script, published.binary, published.work], environment: variables, timeout: timeout)
    }

    /// The findings of one combination, from the JSON the attacker wrote.
    static func findings(_ label: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try published().work + "/\(label).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["onthuld"] as? [[String: Any]])
    }
}
