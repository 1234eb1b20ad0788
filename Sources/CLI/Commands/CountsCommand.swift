import Analytics
import ArgumentParser
import Domain
import Foundation
import Store

struct CountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Telt de opgeslagen incidenten per dimensie.",
        discussion: """
            Dimensies: \(CountDimension.allCases.map(\.rawValue).joined(separator: ", ")).
            --from en --to begrenzen de datum (beide inclusief).

            Voorbeeld:
              schoolveilig counts --by stadsdeel,categorie --from 2025-01-01 --to 2025-03-31 --format table
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Dimensies, gescheiden door komma's.", valueName: "dim,..."), transform: TypedArgument.countDimensions)
    var by: Dimensions<CountDimension>

    @Option(help: ArgumentHelp("Eerste datum (JJJJ-MM-DD).", valueName: "datum"))
    var from: String?

    @Option(help: ArgumentHelp("Laatste datum (JJJJ-MM-DD).", valueName: "datum"))
    var to: String?

    @Option(help: ArgumentHelp("Uitvoer: csv, table of json.", valueName: "formaat"))
    var format: TableFormat = .csv

    func run() throws {
        try Outcome.run {
            let dimensions = by.list
            let fromDay = try from.map { try Day.option("--from", $0) }
            let toDay = try to.map { try Day.option("--to", $0) }
            if let fromDay, let toDay, fromDay > toDay {
                throw UsageError("--from \(fromDay) ligt na --to \(toDay)")
            }
            let outputFormat = format
            let counts = try Counts.compute(by: dimensions, from: fromDay, to: toDay, in: try database.openStoreReadOnly())
            FileHandle.standardOutput.write(Data(counts.render(outputFormat).utf8))
            return .done
        }
    }
}
