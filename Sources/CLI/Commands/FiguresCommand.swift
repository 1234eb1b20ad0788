import Analytics
import ArgumentParser
import Domain
import Foundation

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cijfers",
        abstract: "Aantallen en aantallen per 1000 leerlingen uit de aggregaten, per plaats, tijd en soort incident.",
        discussion: """
            Dimensies: \(MartDimension.allCases.map(\.rawValue).joined(separator: ", ")). \
            Zonder plaatsdimensie gaat het om de hele stad; zonder tijdsindeling om de hele periode. \
            Elke combinatie is een regel, ook met 0. Een cel zonder levering heeft een leeg aantal \
            ("niet aangeleverd"), nooit 0. per_1000 deelt door de leerlingen van de scholen en \
            maanden die aanleverden, elk schooljaar gewogen naar zijn maanden in de periode.

            Voorbeeld:
              schoolveilig cijfers --by stadsdeel,kwartaal,categorie --period 2024-2025 --sector VO,MBO --format table
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var mart: MartOptions

    @Option(
        help: ArgumentHelp("Dimensies, gescheiden door komma's (mag leeg: de hele stad).", valueName: "dim,..."),
        transform: TypedArgument.martDimensions)
    var by: Dimensions<MartDimension> = .none

    func run() throws {
        try Outcome.run {
            let dimensions = by.list
            let format = mart.format
            let period = mart.period
            let filter = try mart.filter()
            let table = try MartFigures.compute(
                by: dimensions, period: period, asOf: asOf.asOf, filter: filter, in: try mart.openFresh(database))
            FileHandle.standardOutput.write(Data(table.render(format).utf8))
            return .done
        }
    }
}
