import Foundation

/// A dimension `counts` can group by (SPEC §3), in the words of the covenant.
public enum CountDimension: String, CaseIterable, Sendable {
    case school, wijk, stadsdeel, gebied, sector, categorie
    case locatie, politie, leeftijd, ernst
    case jaar, maand, kwartaal, halfjaar, schooljaar

    /// Parses a comma-separated `--by` list; throws a Dutch message naming the unknown entry.
    public static func parseList(_ text: String) throws(UsageError) -> [CountDimension] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var result: [CountDimension] = []
        for name in names {
            guard let dimension = CountDimension(rawValue: name) else {
                throw UsageError(
                    "onbekende dimensie '\(name)'; kies uit: \(CountDimension.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !result.contains(dimension) else {
                throw UsageError("dimensie '\(name)' staat twee keer in --by")
            }
            result.append(dimension)
        }
        return result
    }
}
