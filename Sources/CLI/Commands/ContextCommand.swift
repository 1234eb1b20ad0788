import ArgumentParser

struct ContextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Contextgegevens naast de registraties van scholen: geregistreerde misdrijven van de politie.",
        discussion: """
            De politiecijfers (CBS-tabel 47022NED) worden een eigen reeks per wijk en maand, met de \
            maat politie_geregistreerd; ze tellen nooit mee met de incidenten van scholen.

            Voorbeeld:
              schoolveilig context load fixtures/context/politie_47022NED_demo.csv --mapping fixtures/context/cbs_koppeling.csv
              schoolveilig context counts --by stadsdeel,jaar --format table
            """,
        subcommands: [ContextLoadCommand.self, ContextCountsCommand.self]
    )
}
