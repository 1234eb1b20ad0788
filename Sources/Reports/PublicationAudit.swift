import Disclosure
import Domain
import Foundation
import Store

/// The audit of a run over the whole publication (SPEC §5, issue 16): the run's packs together
/// with every cell published before, to any audience and in any edition, on the marts' base.
/// Cells that must be hidden as well are hidden in every pack of the run; the cells the run adds
/// to the publication are returned, to be stored once the packs are in place, with the audit's
/// notes for the run log.
///
/// On by default. `SCHOOLVEILIG_PUBLICATIE_CONTROLE=0` switches it off, for benchmarks only (the
/// cells are still recorded, so the store and the threshold hold for every run); the test suite
/// never passes it on to the program it runs.
enum PublicationAudit {
    struct Result {
        /// The cells the run adds to the publication.
        var additions: [PublishedCellRecord]
        /// Dutch notes for the run log ("publicatie: …"), naming no school.
        var notes: [String] = []
    }

    /// At most this many notes are listed one by one; the rest are counted.
    static let listedNotes = 5

    static var enabled: Bool { ProcessInfo.processInfo.environment["SCHOOLVEILIG_PUBLICATIE_CONTROLE"] != "0" }

    static func run(
        packs: inout [SuppressedPack], publication: [PublishedCellRecord], snapshot: MartSnapshot, settings: PackSettings,
        edition: String, in database: some MartReader
    ) throws -> Result {
        let cells = packs.flatMap(\.cells)
        guard !cells.isEmpty else { return Result(additions: []) }
        var prior: [PriorCell] = []
        do {
            prior = try publication.map { PriorCell(scope: try CellScope(identity: $0.cell), value: $0.value) }
        } catch let error as DisclosureError {
            throw FailureError("de opgeslagen publicatie is niet te lezen: \(error.description)")
        }
        // The base must cover every month of every cell, earlier editions included.
        let months = (prior.flatMap(\.scope.months) + cells.flatMap(\.scope.months)).compactMap { Month(text: $0) }
        var base = snapshot
        if let first = months.min(), let last = months.max(), let covered = snapshot.months,
            first < covered.lowerBound || last > covered.upperBound
        {
            base = try database.martSnapshot(months: min(first, covered.lowerBound)...max(last, covered.upperBound))
        }
        guard enabled else {
            return Result(additions: additions(packs, publication: publication, extra: [], settings: settings, edition: edition))
        }
        let outcome: CumulativePublication.Outcome
        do {
            outcome = try CumulativePublication.protect(
                run: cells, prior: prior, base: PublicationScope.base(base), joinedFrom: PublicationScope.joinedFrom(base),
                rule: PackSuppression.rule(settings))
        } catch let error as DisclosureError {
            throw FailureError("afscherming over de hele publicatie mislukt: \(error.description); er is niets geschreven")
        }
        let extra = Set(outcome.alsoHidden)
        for index in packs.indices { packs[index].hide(extra) }
        var notes = Array(outcome.notes.prefix(listedNotes))
        if outcome.notes.count > listedNotes {
            notes.append("publicatie: en nog \(outcome.notes.count - listedNotes) zulke opmerkingen")
        }
        return Result(
            additions: additions(packs, publication: publication, extra: extra, settings: settings, edition: edition), notes: notes)
    }

    /// The run's cells as the packs now show them; a cell already in the publication stays as it is.
    private static func additions(
        _ packs: [SuppressedPack], publication: [PublishedCellRecord], extra: Set<CellScope>, settings: PackSettings, edition: String
    ) -> [PublishedCellRecord] {
        let stored = Set(publication.map(\.cell))
        var added: [String: PublishedCellRecord] = [:]
        for pack in packs {
            for cell in pack.cells {
                let identity = cell.scope.identity
                guard !stored.contains(identity) else { continue }
                let hidden = cell.hidden || extra.contains(cell.scope) || added[identity]?.value == nil && added[identity] != nil
                added[identity] = PublishedCellRecord(
                    cell: identity, value: hidden ? nil : cell.truth, edition: edition, threshold: settings.threshold)
            }
        }
        return added.keys.sorted().map { added[$0]! }
    }
}
