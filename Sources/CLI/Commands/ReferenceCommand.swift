import ArgumentParser

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Referentiegegevens beheren (wijken, scholen, leerlingaantallen, categorieën).",
        subcommands: [ReferenceLoadCommand.self]
    )
}
