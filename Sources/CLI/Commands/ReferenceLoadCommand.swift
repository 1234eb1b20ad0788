import ArgumentParser
import Domain
import Formats
import Ingest
import Store

struct ReferenceLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Vervangt de referentiegegevens door de inhoud van een map.",
        discussion: """
            De map bevat wijken.csv, scholen.csv en leerlingen.csv, en eventueel categorieen.csv \
            (anders geldt de standaardlijst van het convenant). Scheidingsteken , of ;. \
            Alles wordt eerst gecontroleerd; bij een fout wordt niets vervangen. \
            Een lading die opgeslagen incidenten wees zou maken, wordt geweigerd, tenzij --force.

            Voorbeeld:
              schoolveilig reference load fixtures/reference
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Map met de referentiebestanden.", valueName: "map"))
    var directory: String

    @Flag(help: "Vervang ook als opgeslagen incidenten daardoor naar onbekende scholen of categorieën verwijzen.")
    var force = false

    func run() throws {
        try Outcome.run {
            let loaded = try ReferenceLoader.load(directory: directory)
            let writer = try self.database.openStoreForWriting(creating: true)
            defer { withExtendedLifetime(writer) {} }
            let database = writer.store
            let summary = try database.replaceReference(loaded.data, sha256: loaded.sha256, source: directory, force: force)
            Terminal.info(
                """
                referentiegegevens geladen uit \(directory): \(summary.wijken) wijken, \(summary.scholen) scholen, \
                \(summary.leerlingen) leerlingaantallen, \(summary.categorieen) categorieën\
                \(loaded.usedDefaultCategories ? " (standaardlijst)" : ""); hash \(loaded.sha256.prefix(12))
                """)
            if summary.orphanedIncidents > 0 {
                Terminal.info("let op: \(summary.orphanedIncidents) opgeslagen incidenten verwijzen nu naar onbekende codes (--force)")
            }
            return .done
        }
    }
}
