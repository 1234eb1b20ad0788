import Analytics
import ArgumentParser
import Domain
import Formats
import Foundation
import Ingest
import Store

struct ContextCountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Telt de politiecijfers per gebied en periode (maat: politie_geregistreerd).",
        discussion: """
            Dimensies: \(ContextCounts.dimensions.joined(separator: ", ")). --from en --to zijn maanden (JJJJ-MM).

            Voorbeeld:
              schoolveilig context counts --by gebied,kwartaal --from 2025-01 --to 2025-06
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Dimensies, gescheiden door komma's.", valueName: "dim,..."), transform: TypedArgument.contextDimensions)
    var by: Dimensions<String>

    @Option(help: ArgumentHelp("Eerste maand (JJJJ-MM).", valueName: "maand"))
    var from: String?

    @Option(help: ArgumentHelp("Laatste maand (JJJJ-MM).", valueName: "maand"))
    var to: String?

    @Option(help: ArgumentHelp("Uitvoer: csv, table of json.", valueName: "formaat"))
    var format: TableFormat = .csv

    func run() throws {
        try Outcome.run {
            let names = by.list
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, value.count != 7 || Day(iso: value + "-01") == nil {
                    throw UsageError("\(name) '\(value)' is geen maand in de vorm JJJJ-MM")
                }
            }
            if let from, let to, from > to { throw UsageError("--from \(from) ligt na --to \(to)") }
            let outputFormat = format
            let counts = try ContextCounts.compute(
                series: PoliceOpenData.source, by: names, from: from, to: to, in: try database.openStoreReadOnly())
            FileHandle.standardOutput.write(Data(counts.render(outputFormat).utf8))
            return .done
        }
    }
}
