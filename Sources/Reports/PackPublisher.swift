import Analytics
import Disclosure
import Domain
import Foundation
import Statistics
import Store

/// Writes the packs of one pipeline run into the output folder (SPEC §4): per pack an XLSX
/// workbook and a folder with every table as CSV, and one `manifest.json`. Disclosure control
/// runs over every table first and the audit over the CSV as written, parsed back; a refused
/// pack leaves nothing. Everything is written into a hidden staging folder, which becomes the
/// new edition as a whole (`Edition`: one rename of a pointer), so no reader or kill ever sees
/// old and new files mixed. A run killed on the way leaves at most hidden folders, which the
/// next run into the same folder removes.
public enum PackPublisher {
    public struct Result: Sendable {
        public let packs: [String]
        public let files: Int
        public let hidden: Int
        /// Areas without a pack for having fewer than `min_schools` joined schools: "cluster X (2 scholen)".
        public var skipped: [String] = []
        /// The edition made, as the Voorblad says it, or nil when late data waits.
        public var edition: String? = nil
        /// Late data that waits for the definitief edition: how many schools, and from when.
        public var waiting: (schools: Int, definitiefVanaf: Day)? = nil
        /// The audit's notes over the whole publication, for the run log (Dutch, naming no school).
        public var notes: [String] = []
    }

    public static func publish(
        pipeline: String, settings: PackSettings, parameters: [String: String], period: Period,
        asOf: Day, output: String, in database: some MartReader & ReleaseRegisters & PublishedCells & PackEditions
    ) throws -> Result {
        guard period.isWholeMonths else {
            throw UsageError("periode \(period.name): een overzicht beslaat hele maanden")
        }
        // One publication, one threshold: a run with another threshold is refused before anything is written.
        let publication = try database.publishedCells()
        try Self.checkThreshold(settings: settings, pipeline: pipeline, publication: publication)
        let manager = FileManager.default
        try OutputFolder.prepare(output)
        // One snapshot of the marts for the whole run, read in one transaction: every pack, table
        // and sheet below is computed from it.
        let snapshot = try database.martSnapshot(months: PackContent.months(settings: settings, period: period))
        let plan = PackPlan.make(settings: settings, period: period, schools: snapshot.schools)
        let inputs = snapshot.deliveries(covering: period).map { (id: $0.id, sha256: $0.sha256) }
        guard !inputs.isEmpty else {
            throw UsageError("geen leveringen met gegevens over \(period.name): er is geen overzicht gemaakt (kies een andere --period)")
        }
        guard !plan.packs.isEmpty else {
            guard plan.skipped.isEmpty else {
                throw UsageError(
                    "pijplijn \(pipeline): geen overzicht gemaakt: elk gebied heeft minder dan \(settings.minSchools) aangesloten scholen (min_schools): \(plan.skipped.map(\.description).joined(separator: ", ")); voeg wijken samen in de referentiegegevens (po_cluster in wijken.csv)"
                )
            }
            throw UsageError("pijplijn \(pipeline): geen scholen voor dit overzicht in de referentiegegevens")
        }
        // The edition (issue 17): late data from fewer than `min_schools` schools waits while the
        // edition would be voorlopig; nothing is written, the current edition stays as it is.
        let editions = try database.packEditions(pipeline: pipeline, period: period.name)
        var edition = EditionPlan.make(settings: settings, period: period, asOf: asOf, snapshot: snapshot, editions: editions)
        if edition.decision == .wait {
            var result = Result(packs: [], files: 0, hidden: 0)
            result.waiting = (edition.changedSchools.count, edition.definitiefVanaf)
            return result
        }
        let lock = try OutputFolder.Lock(output)
        defer { withExtendedLifetime(lock) {} }
        OutputFolder.removeLeftovers(in: output)
        Edition.removeStale(in: output)
        let staging = (output as NSString).appendingPathComponent(OutputFolder.stagingName(pipeline: pipeline))
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
        defer { try? manager.removeItem(atPath: staging) }

        let hierarchies = PackSuppression.hierarchies(categories: snapshot.categories, wijken: snapshot.wijken)
        var manifestPacks: [PackManifest.Pack] = []
        var registers: [(String, [String: Data])] = []
        var finals: [String] = []
        var hiddenTotal = 0
        let scopes = PublicationScope(snapshot: snapshot, period: period)
        let contributions = CellContributions(snapshot: snapshot, end: period.to, police: settings.policeContributor)
        var stored: [String: Int?] = [:]
        for record in publication { stored[record.cell] = record.value }
        // What every earlier edition held for each shared cell: a change is a cell too (issue 17).
        let earlierTruths = editions.filter { $0.number < edition.number }.map { EditionTruths.parse($0.truths) }
        // First every pack suppressed on its own, constrained by what the publication holds …
        var suppressedPacks: [SuppressedPack] = []
        for pack in plan.packs {
            let content = try PackContent.build(
                settings: settings, period: period, asOf: asOf, filter: pack.filter,
                benchmarkSector: pack.ownSector, ownSchool: pack.ownSchool, in: snapshot)
            let audience = pack.identity.register
            // Naleving counts joined school-months only, so its cells equal those of the other
            // tables (one group for suppression) only when every school-month it covers was joined;
            // the scorecard packs' naleving also covers the same period a year earlier.
            let complianceMonths = Set(
                content.tables.first { $0.slug == "naleving" }?.table.rows.compactMap { try? Period.parse($0.keys[0]) }.flatMap(\.months)
                    ?? [])
            let linked = SchoolMonthFrame.make(
                months: complianceMonths.union(period.months).sorted(), asOf: asOf, filter: pack.filter, snapshot
            ).allJoined
            let suppressed = try PackSuppression.apply(
                content, settings: settings, ownSchool: pack.ownSchool, hierarchies: hierarchies,
                registers: try database.releaseRegisters(audience: audience), audience: audience, complianceLinked: linked,
                scopes: { table in
                    guard PublicationScope.shared(table, ownSchool: pack.ownSchool) else { return nil }
                    let schools = scopes.tableSchools(
                        table, filter: pack.filter, benchmarkSector: pack.ownSector, ownSchool: pack.ownSchool)
                    return try table.table.rows.map { try scopes.scope(table, keys: $0.keys, schools: schools) }
                }, publication: stored, contributions: contributions.contribution,
                revisions: { scope in earlierTruths.map { $0[EditionTruths.key(scope)] } })
            registers.append((audience, suppressed.registers))
            suppressedPacks.append(suppressed)
        }
        // … then the run as a whole against everything published before, to any audience.
        let audit = try PublicationAudit.run(
            packs: &suppressedPacks, publication: publication, snapshot: snapshot, settings: settings,
            edition: "\(pipeline) \(period.name)",
            in: database)
        var ready: [(pack: PackPlan.Pack, suppressed: SuppressedPack, info: PackInfo, published: SuppressedPack, sentences: [String])] = []
        var cellLines: [String] = []
        for (pack, suppressed) in zip(plan.packs, suppressedPacks) {
            let info = PackInfo.read(
                pack: pack, settings: settings, period: period, asOf: asOf, ruleText: suppressed.ruleText, in: snapshot)
            let keyDimensions =
                suppressed.content.tables.first { $0.slug == "kerncijfers" }.map { Array($0.table.dimensions.dropFirst()) } ?? ["categorie"]
            var published = suppressed
            published.content.tables.insert(
                suppressed.signalTable(labels: info.categoryLabels, area: pack.area, dimensions: keyDimensions), at: 1)
            let sentences = suppressed.headlines(labels: info.categoryLabels, area: pack.area)
            cellLines += Revisions.cellLines(pack: pack.name, tables: published.content.tables)
            ready.append((pack, suppressed, info, published, sentences))
        }
        // The same data and kind as the last edition make that edition again, unless its cells
        // differ (other reference data): then it is a new edition too.
        let cells = cellLines.joined(separator: "\n")
        if edition.decision == .same, let last = editions.last, last.cells != cells {
            edition.number = last.number + 1
            edition.previous = last
        }
        for (pack, suppressed, var info, published, sentences) in ready {
            info.edition = edition.text
            if let previous = edition.previous {
                info.revisions = Revisions.make(
                    pack: pack.name, tables: published.content.tables, previous: previous, plan: edition, settings: settings)
            }
            // CSV: every table, then the audit over what was written.
            let folder = (staging as NSString).appendingPathComponent(pack.name)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
            var files: [PackManifest.File] = []
            var written: [(PackTable, String)] = []
            for table in published.content.tables {
                let text = settings.csvDialect.render(table.table.dimensions + table.table.measures, table.csvRows())
                let path = (folder as NSString).appendingPathComponent(table.slug + ".csv")
                try OutputFolder.write(Data(text.utf8), to: path)
                files.append(
                    PackManifest.File(
                        path: "\(pack.name)/\(table.slug).csv", sha256: PackManifest.checksum(Data(text.utf8)), bytes: text.utf8.count))
                written.append((table, path))
            }
            try PackSuppression.audit(
                written: written, dialect: settings.csvDialect, settings: settings, ownSchool: pack.ownSchool,
                suppressed: suppressed, pack: pack.name)
            if let revisions = info.revisions {
                let text = settings.csvDialect.render(
                    revisions.table.dimensions + revisions.table.measures,
                    revisions.table.rows.map { $0.keys.map { .text($0) } + $0.values.map { .text($0.plain) } })
                try OutputFolder.write(Data(text.utf8), to: (folder as NSString).appendingPathComponent("revisies.csv"))
                files.append(
                    PackManifest.File(
                        path: "\(pack.name)/revisies.csv", sha256: PackManifest.checksum(Data(text.utf8)), bytes: text.utf8.count))
            }
            let workbook = (staging as NSString).appendingPathComponent(pack.name + ".xlsx")
            try PackWorkbook.write(published.content, sentences: sentences, info: info, to: workbook)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: workbook))
            files.insert(PackManifest.File(path: pack.name + ".xlsx", sha256: PackManifest.checksum(bytes), bytes: bytes.count), at: 0)
            manifestPacks.append(
                PackManifest.Pack(
                    name: pack.name, area: pack.area, files: files,
                    hidden: suppressed.primary + suppressed.secondary + suppressed.publicationHidden))
            finals += [pack.name + ".xlsx", pack.name]
            hiddenTotal += suppressed.primary + suppressed.secondary + suppressed.publicationHidden
        }
        let referenceHash = snapshot.referenceHash
        var manifest = PackManifest(
            pipeline: pipeline, period: period, asOf: asOf, referenceHash: referenceHash, deliveries: inputs,
            parameters: parameters, rule: PackSuppression.ruleText(settings), packs: manifestPacks)
        if plan.packs.contains(where: { $0.ownSector != nil }) { manifest.benchmark = PackManifest.wholeSector }
        manifest.edition = (edition.kind.rawValue, edition.number, edition.definitiefVanaf)
        try OutputFolder.write(Data(manifest.json().utf8), to: (staging as NSString).appendingPathComponent("manifest.json"))
        finals.append("manifest.json")
        // Into place as one edition: a single rename of the pointer makes every file visible at once.
        try Edition.publish(
            staging: staging, key: "\(pipeline)_\(period.name)", names: finals.filter { $0 != "manifest.json" }, output: output)
        for (audience, data) in registers where !data.isEmpty { try database.saveReleaseRegisters(data, audience: audience) }
        try database.addPublishedCells(audit.additions)
        try database.savePackEdition(
            PackEditionRecord(
                pipeline: pipeline, period: period.name, number: edition.number, kind: edition.kind.rawValue, asOf: asOf.description,
                deliveries: inputs.map { "\($0.id):\($0.sha256)" }.joined(separator: ","), schools: edition.fingerprints, cells: cells,
                truths: EditionTruths.text(suppressedPacks.flatMap(\.cells), contributions: contributions.contribution)))
        var result = Result(packs: plan.packs.map(\.name), files: manifestPacks.reduce(0) { $0 + $1.files.count } + 1, hidden: hiddenTotal)
        result.skipped = plan.skipped.map(\.description)
        result.edition = edition.text
        result.notes = audit.notes
        return result
    }

    /// Bad input (issue 16): the publication has one threshold. A run with another one is
    /// refused, naming a cell and the edition that published it.
    static func checkThreshold(settings: PackSettings, pipeline: String, publication: [PublishedCellRecord]) throws {
        guard let other = publication.first(where: { $0.threshold != settings.threshold }) else { return }
        let cell = (try? CellScope(identity: other.cell))?.description ?? other.cell
        throw UsageError(
            "pijplijn \(pipeline): drempel \(settings.threshold) wijkt af van de drempel \(other.threshold) van de publicatie; de cel (\(cell)) is in editie \(other.edition) met drempel \(other.threshold) gepubliceerd. Er is niets geschreven: zet threshold op \(other.threshold) in de pijplijn (één drempel voor alle overzichten)"
        )
    }
}
