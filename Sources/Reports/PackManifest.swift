import Crypto
import Domain
import Foundation

/// `manifest.json` (SPEC §4): the inputs, the reference hash, the parameters, the suppression
/// rule and the checksum of every file of the run. Deterministic: keys in a fixed order, no
/// clock time — the same inputs and as-of give the same bytes.
struct PackManifest {
    struct File {
        let path: String
        let sha256: String
        let bytes: Int
    }

    struct Pack {
        let name: String
        let area: String
        let files: [File]
        /// Hidden cells, primary and secondary together: how many of them are primary would tell
        /// how many hold 1 … threshold−1 (with 0 secondary: every one of them), issue 16.
        let hidden: Int
    }

    let pipeline: String
    let period: Period
    let asOf: Day
    let referenceHash: String
    /// The deliveries with data in the period for any pack of the run: number and SHA-256 (no
    /// file names: those can name a school).
    let deliveries: [(id: Int64, sha256: String)]
    let parameters: [String: String]
    let rule: String
    let packs: [Pack]
    /// Whom a school's benchmark covers (issue 17: its whole sector, the school included); nil
    /// for a run without benchmarks.
    var benchmark: String? = nil
    /// The edition (issue 17): its kind, number and the date from which the period's edition is definitief.
    var edition: (kind: String, number: Int, definitiefVanaf: Day)? = nil

    /// The benchmark of a school's pack: its whole sector, the school included.
    static let wholeSector = "alle scholen van de sector, de eigen school inbegrepen"

    static func checksum(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func json() -> String {
        func string(_ text: String) -> String { DisplayText.jsonString(text) }
        var lines: [String] = ["{"]
        lines.append("  \"pijplijn\": \(string(pipeline)),")
        lines.append("  \"periode\": \(string(period.name)),")
        lines.append("  \"periode_van\": \(string(period.from.description)),")
        lines.append("  \"periode_tot_en_met\": \(string(period.to.description)),")
        lines.append("  \"gegevens_tot_en_met\": \(string(asOf.description)),")
        lines.append("  \"referentie_sha256\": \(string(referenceHash)),")
        let inputs = deliveries.map { "    {\"levering\": \($0.id), \"sha256\": \(string($0.sha256))}" }
        lines.append("  \"invoer\": [\n" + inputs.joined(separator: ",\n") + "\n  ],")
        let parameterLines = parameters.keys.sorted().map { "    \(string($0)): \(string(parameters[$0]!))" }
        lines.append("  \"parameters\": {\n" + parameterLines.joined(separator: ",\n") + "\n  },")
        lines.append("  \"afscherming\": \(string(rule)),")
        if let benchmark { lines.append("  \"vergelijking\": \(string(benchmark)),") }
        if let edition {
            lines.append(
                "  \"editie\": {\"soort\": \(string(edition.kind)), \"nummer\": \(edition.number), \"definitief_vanaf\": \(string(edition.definitiefVanaf.description))},"
            )
        }
        let packLines = packs.map { pack -> String in
            let files = pack.files.map {
                "      {\"bestand\": \(string($0.path)), \"sha256\": \(string($0.sha256)), \"bytes\": \($0.bytes)}"
            }
            return """
                    {
                      "naam": \(string(pack.name)),
                      "gebied": \(string(pack.area)),
                      "verborgen": \(pack.hidden),
                      "bestanden": [
                \(files.joined(separator: ",\n"))
                      ]
                    }
                """
        }
        lines.append("  \"overzichten\": [\n" + packLines.joined(separator: ",\n") + "\n  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
