import Analytics
import ArgumentParser
import Domain
import Foundation

struct CompletenessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aanlevering",
        abstract: "Welke scholen voor welke maanden aanleverden (volledigheid, SPEC §2c).",
        discussion: """
            Een school zonder levering voor een verstreken maand is "niet aangeleverd", vóór haar \
            datum van aansluiting "niet aangesloten". Dimensies: \(Completeness.dimensions.map(\.rawValue).joined(separator: ", ")).

            Voorbeeld:
              schoolveilig aanlevering --by school,maand --period 2025-Q3 --format table
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var mart: MartOptions

    @Option(
        help: ArgumentHelp("Dimensies, gescheiden door komma's (mag leeg).", valueName: "dim,..."),
        transform: { try TypedArgument.martDimensions($0, allowed: Completeness.dimensions) })
    var by: Dimensions<MartDimension> = .none

    func run() throws {
        try Outcome.run {
            let dimensions = by.list
            let format = mart.format
            let period = mart.period
            let filter = try mart.filter()
            let table = try Completeness.compute(
                by: dimensions, period: period, asOf: asOf.asOf, filter: filter, in: try database.openStoreReadOnly())
            FileHandle.standardOutput.write(Data(table.render(format).utf8))
            return .done
        }
    }
}
