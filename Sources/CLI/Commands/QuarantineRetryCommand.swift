import ArgumentParser
import Domain
import Foundation
import Store

struct QuarantineRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Slaat regels op die alleen in quarantaine stonden omdat hun school onbekend was.",
        discussion: """
            Na een 'reference load' die de school toevoegt. Een incident dat intussen opnieuw is \
            geleverd, blijft zoals het is (de nieuwere versie telt).

            Voorbeeld:
              schoolveilig reference load referentie/ && schoolveilig quarantine retry
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        try Outcome.run {
            let writer = try database.openStoreForWriting()
            defer { withExtendedLifetime(writer) {} }
            let store = writer.store
            let result = try QuarantineRetry.run(in: store, asOf: asOf.asOf)
            Terminal.info(
                "herkansing: \(result.stored) opgeslagen, \(result.superseded) intussen opnieuw geleverd (nieuwere versie blijft), \(result.waiting) wachten nog op hun school"
            )
            return .done
        }
    }
}
