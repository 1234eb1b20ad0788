import ArgumentParser

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Regels in quarantaine: rapporten voor de scholen.",
        discussion: """
            Voorbeeld:
              schoolveilig quarantine report --output output/quarantaine
            """,
        subcommands: [QuarantineReportCommand.self, QuarantineRetryCommand.self]
    )
}
