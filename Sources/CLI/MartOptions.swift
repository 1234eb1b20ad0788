import Analytics
import ArgumentParser
import Domain
import Foundation
import Store

/// The options of the commands that read the marts: the period, the schools covered, the output.
struct MartOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Periode: 2025-Q3, 2025-H1, 2024-2025, 2025, 2025-03, 2024-2025-T1, VAN..TOT in hele maanden, of 'convenant'.",
            valueName: "periode"), transform: TypedArgument.period)
    var period: Period

    @Option(help: ArgumentHelp("Alleen deze sectoren, gescheiden door komma's (PO, SBO, SO, VSO, VO, MBO, HBO).", valueName: "sector,..."))
    var sector: String?

    @Option(help: ArgumentHelp("Alleen scholen in dit gebied (Oost-Haven, West-Poort, Buiten-Hout).", valueName: "gebied"))
    var gebied: String?

    @Option(help: ArgumentHelp("Alleen scholen in dit stadsdeel.", valueName: "stadsdeel"))
    var stadsdeel: String?

    @Option(help: ArgumentHelp("Alleen scholen in deze wijk (wijkcode).", valueName: "wijk"))
    var wijk: String?

    @Option(help: ArgumentHelp("Alleen deze school (schoolcode).", valueName: "school"))
    var school: String?

    @Option(help: ArgumentHelp("Uitvoer: csv, table of json.", valueName: "formaat"))
    var format: TableFormat = .csv

    func filter() throws(UsageError) -> SchoolFilter {
        var sectors: Set<Sector>? = nil
        if let sector {
            var parsed: Set<Sector> = []
            for name in sector.split(separator: ",") {
                guard let value = Sector.parse(String(name)) else {
                    throw UsageError("onbekende sector '\(name)'; kies uit: \(Sector.allowedList)")
                }
                parsed.insert(value)
            }
            sectors = parsed
        }
        return SchoolFilter(sectors: sectors, gebied: gebied, stadsdeel: stadsdeel, wijk: wijk, school: school)
    }

    /// Opens the database with the marts up to date: refreshed first when deliveries or a
    /// reference load came after the last build and no run holds the lock; while a run writes,
    /// the last committed marts are read and the operator is told so.
    func openFresh(_ database: DatabaseOptions) throws -> any PipelineStore {
        if database.isPostgres { return try openFreshPostgres(database) }
        try database.requireExisting()
        if let lock = try RunLock.acquire(databasePath: database.path) {
            // No run holds the lock: check the file, then bring the schema and the marts up to date under it.
            try DatabaseHealth.requireSound(path: database.path)
            let opened = try SchoolveiligDatabase(path: database.path, access: .readWrite)
            try opened.migrate()
            _ = try MartBuilder.refresh(opened)
            withExtendedLifetime(lock) {}
            return opened
        }
        Terminal.info("let op: een andere run is bezig; dit zijn de cijfers van de laatst bijgewerkte aggregaten")
        return try database.openReadOnly()
    }

    /// As `openFresh` on the shared store: the marts are refreshed under the store lock when no
    /// operator holds it, and the lock is given back at once; otherwise the last committed marts
    /// are read.
    private func openFreshPostgres(_ database: DatabaseOptions) throws -> any PipelineStore {
        let store = try PostgresStore(url: database.path, access: .readWrite)
        guard try !store.appliedMigrations().isEmpty else { return try database.openStoreReadOnly() }
        guard try store.tryLock(.store) else {
            Terminal.info("let op: een andere run is bezig; dit zijn de cijfers van de laatst bijgewerkte aggregaten")
            return try database.openStoreReadOnly()
        }
        defer { try? store.unlockAll() }
        try store.migrate()
        _ = try store.refreshMarts(full: false)
        return store
    }
}
