import Domain
import Foundation
import Store

/// Counts of a context series (for example the police's registered crimes) by area and period:
/// the sibling of `counts`, with the series' own measure name, so it can never be read as
/// school-registered incidents (SPEC §4: `aantal` always means those).
public enum ContextCounts {
    public static let dimensions = ["wijk", "stadsdeel", "gebied", "jaar", "maand", "kwartaal", "halfjaar", "schooljaar", "soort"]
    public static let measure = "politie_geregistreerd"

    public static func parse(_ text: String) throws(UsageError) -> [String] {
        var result: [String] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map({
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }) {
            guard dimensions.contains(name) else {
                throw UsageError("onbekende dimensie '\(name)' voor contextgegevens; kies uit: \(dimensions.joined(separator: ", "))")
            }
            guard !result.contains(name) else { throw UsageError("dimensie '\(name)' staat twee keer in --by") }
            result.append(name)
        }
        return result
    }

    public static func compute(
        series: String, by names: [String], from: String? = nil, to: String? = nil,
        in reader: some MartReader
    ) throws -> Counts {
        let rows = try reader.contextCounts(series: series, by: names, from: from, to: to).map {
            Counts.Row(values: $0.values, aantal: $0.aantal)
        }
        return Counts(columnNames: names, measure: measure, rows: rows)
    }
}
