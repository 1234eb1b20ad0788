import ArgumentParser

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Referentiegegevens beheren (wijken, scholen, leerlingaantallen, categorieën).",
        discussion: """
            Voorbeeld:
              schoolveilig reference load fixtures/reference
            """,
        subcommands: [ReferenceLoadCommand.self]
    )
}
