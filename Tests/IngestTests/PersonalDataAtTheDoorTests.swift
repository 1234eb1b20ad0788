import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// Covenant art. 8: personal data is refused at the door. After ingesting a hostile export full of
/// names, e-mail addresses, phone numbers and BSNs — in extra columns and in stored fields — none of
/// those strings may be found in any byte the database wrote (main file, WAL, shared memory).
@Suite("Personal data at the door")
struct PersonalDataAtTheDoorTests {
    static let secrets = [
        "Jansen", "Pietersen", "jan.jansen@example.org", "123456782", "0612345678", "1234 AB 12", "111222333",
        "m.devries@school.invalid", "020-1234567",
    ]

    @Test("a hostile export leaves no personal data anywhere in the database files")
    func hostileExport() throws {
        let folder = try TemporaryFolder()
        let database = try SmallReference.database(in: folder)
        let export = """
            incident_id,school_code,datum,categorie,naam leerling,e-mail ouder,bsn,omschrijving
            H1,VO1,2025-01-05,PESTEN,Piet Pietersen,jan.jansen@example.org,123456782,"Jansen sloeg, tel 0612345678"
            123456782,VO1,2025-01-06,PESTEN,,,,
            jan.jansen@example.org,VO1,2025-01-07,PESTEN,,,,
            H4 0612345678,VO1,2025-01-08,PESTEN,,,,
            H5,VO1,2025-01-09,m.devries@school.invalid,,,,
            H6,111222333,2025-01-10,PESTEN,,,,
            H7 1234 AB 12,VO1,2025-01-11,PESTEN,,,,
            H8,VO1,2025-01-12,020-1234567,,,,

            """
        let summary = try Ingester(database: database, asOf: Day(iso: "2025-06-30")!).ingest(path: try folder.write("vijandig.csv", export))
        guard case .stored(let totals) = summary.outcome else {
            Issue.record("not stored: \(summary.line)")
            return
        }
        #expect(totals.new == 1)
        #expect(totals.quarantinedLines == 7)
        #expect(summary.droppedColumns == ["naam leerling", "e-mail ouder", "bsn", "omschrijving"])
        let reasons = try database.probe.strings("SELECT reden FROM quarantine ORDER BY line")
        #expect(reasons.contains { $0.contains("BSN") })
        #expect(reasons.contains { $0.contains("e-mail") })
        // Every byte SQLite wrote: the main file, the WAL and the shared-memory index.
        for suffix in ["", "-wal", "-shm"] {
            let path = database.path + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            for secret in Self.secrets {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(path)")
            }
        }
        #expect(!summary.line.contains("Jansen"))
    }
}
