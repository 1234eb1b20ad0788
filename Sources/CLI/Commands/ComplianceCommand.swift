import Analytics
import ArgumentParser
import Domain
import Foundation

struct ComplianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "naleving",
        abstract: "Politiebetrokkenheid bij categorieën met meldplicht (art. 2.4, 2.5, 2.10); afwegingscategorieën ter informatie.",
        discussion: """
            Telt alleen maanden waarin de school bij het convenant was aangesloten. Dimensies:
            \(MartDimension.allCases.filter { $0 != .politie }.map(\.rawValue).joined(separator: ", ")).

            Voorbeeld:
              schoolveilig naleving --by stadsdeel,halfjaar --period 2025 --format table
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var mart: MartOptions

    @Option(
        help: ArgumentHelp("Dimensies, gescheiden door komma's (mag leeg).", valueName: "dim,..."),
        transform: { try TypedArgument.martDimensions($0, allowed: MartDimension.allCases.filter { $0 != .politie }) })
    var by: Dimensions<MartDimension> = .none

    func run() throws {
        try Outcome.run {
            let dimensions = by.list
            let format = mart.format
            let period = mart.period
            let filter = try mart.filter()
            let table = try Compliance.compute(
                by: dimensions, period: period, asOf: asOf.asOf, filter: filter, in: try mart.openFresh(database))
            FileHandle.standardOutput.write(Data(table.render(format).utf8))
            return .done
        }
    }
}
