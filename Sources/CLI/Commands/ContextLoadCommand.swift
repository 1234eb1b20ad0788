import ArgumentParser
import Domain
import Formats
import Foundation
import Ingest
import Store

struct ContextLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Leest politiecijfers in de indeling van CBS-tabel 47022NED in.",
        discussion: """
            Kolommen WijkenEnBuurten (WK…/BU…), Perioden (2024MM01), SoortMisdrijf en \
            GeregistreerdeMisdrijven_1. Het koppelbestand (cbs_code, wijk_code) zet de gebieden van \
            CBS om naar de wijken van de referentiegegevens; gebieden zonder koppeling worden \
            overgeslagen en gemeld. De maanden in het bestand vervangen eerder geladen cijfers.

            Voorbeeld:
              schoolveilig context load politie.csv --mapping cbs_koppeling.csv
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var newDatabase: NewDatabaseFlag
    @OptionGroup var asOf: AsOfOption

    @Argument(help: ArgumentHelp("Bestand met politiecijfers.", valueName: "bestand"))
    var file: String

    @Option(help: ArgumentHelp("Koppeling van CBS-gebiedscodes naar wijk_code.", valueName: "bestand"))
    var mapping: String

    func run() throws {
        try Outcome.run {
            for path in [file, mapping] where !FileManager.default.fileExists(atPath: path) {
                throw UsageError("bestand bestaat niet: \(path)")
            }
            let writer = try database.openStoreForWriting(creating: newDatabase.create)
            defer { withExtendedLifetime(writer) {} }
            let store = writer.store
            let wijken = try store.wijkCodes()
            let mapping = try PoliceOpenData.loadMapping(path: mapping, knownWijken: wijken)
            let loaded = try PoliceOpenData.load(path: file, mapping: mapping, asOf: asOf.asOf)
            for problem in loaded.problems.prefix(20) {
                Terminal.info("\(file) regel \(problem.line): \(problem.reason)")
            }
            let months = try ContextStore.replace(
                series: PoliceOpenData.source, cells: loaded.cells, sourceFile: file,
                sha256: loaded.sha256, in: store)
            var line =
                "\(file): \(loaded.rowsRead) regels gelezen; \(loaded.cells.count) cellen (wijk × maand × soort) over \(months) maanden opgeslagen"
            if loaded.unmappedRows > 0 {
                line +=
                    "; \(loaded.unmappedRows) regels van \(loaded.unmappedAreas.count) niet-gekoppelde gebieden overgeslagen (\(loaded.unmappedAreas.prefix(5).joined(separator: ", "))\(loaded.unmappedAreas.count > 5 ? ", …" : ""))"
            }
            if !loaded.problems.isEmpty { line += "; \(loaded.problems.count) regels onleesbaar" }
            Terminal.info(line)
            return loaded.problems.isEmpty ? .done : .quarantined
        }
    }
}
