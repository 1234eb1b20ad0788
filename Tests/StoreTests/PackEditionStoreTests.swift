import Store
import TestSupport
import Testing

/// The edition records (issue 17) on either store: saved, read back in number order, one
/// record per (pipeline, period, number), the same edition saved again replaces it.
@Suite("edition records on both stores")
struct PackEditionStoreTests {
    @Test("editions of a period in number order; the same number saved again replaces it", arguments: TestStores.kinds)
    func roundTrip(kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let test = try TestStores.make(kind, in: folder)
        func record(_ number: Int, kind: String, asOf: String, period: String = "2026-Q2") -> PackEditionRecord {
            PackEditionRecord(
                pipeline: "kerngroep", period: period, number: number, kind: kind, asOf: asOf, deliveries: "1:ab,2:cd",
                schools: "PO07:ef;2026-04,2026-05", cells: "kerngroep_2026-Q2\tkerncijfers\t2026-Q2|Buiten|Totaal\taantal\t156",
                truths: "0123\t156\t1\tPO07=3,VO01=153")
        }
        #expect(try test.store.packEditions(pipeline: "kerngroep", period: "2026-Q2").isEmpty)
        try test.store.savePackEdition(record(2, kind: "definitief", asOf: "2026-08-11"))
        try test.store.savePackEdition(record(1, kind: "voorlopig", asOf: "2026-07-20"))
        try test.store.savePackEdition(record(1, kind: "voorlopig", asOf: "2026-07-21", period: "2026-Q3"))
        try test.store.savePackEdition(record(1, kind: "voorlopig", asOf: "2026-07-22"))
        let editions = try test.store.packEditions(pipeline: "kerngroep", period: "2026-Q2")
        #expect(editions == [record(1, kind: "voorlopig", asOf: "2026-07-22"), record(2, kind: "definitief", asOf: "2026-08-11")])
        #expect(try test.store.packEditions(pipeline: "bestuurlijk", period: "2026-Q2").isEmpty)
    }
}
