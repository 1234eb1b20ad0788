import Foundation
import Testing

/// A correction with changes of both signs (issue 17 item 3), end to end on the demo with the
/// built CLI: kerngroep 2026-Q2 is published definitief, then VO01 corrects two of its incidents
/// (same ids) to another category: two category cells −1 (or one −2), one +2, the school's and the
/// period's totals unchanged. The re-issued edition is held together with the first by the
/// independent LP (`Tests/attacker/revision_attack.py`, no sign assumed): no change of 1..4 may
/// be published or narrowed. Reuses the helpers of ``EditionRevisionTests`` unchanged.
@Suite("editions: a recategorisation (changes of both signs) re-issued stays protected", .serialized)
struct CorrectionRevisionTests {
    let editions = EditionRevisionTests()

    /// The hidden counts (the marker in the `aantal` column) over a kept CSV folder.
    func hiddenCount(_ folder: String) throws -> Int {
        var hidden = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
            let lines = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(whereSeparator: \.isNewline)
            guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
                let column = header.firstIndex(of: "aantal")
            else { continue }
            for line in lines.dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                if column < fields.count && fields[column] == "x" { hidden += 1 }
            }
        }
        return hidden
    }

    @Test("VO01 moves two incidents to another category; re-issued with Revisies, the attacker finds 0")
    func recategorisation() throws {
        let ws = try Workspace()
        let demo = try CLI.run(["demo", "--output", ws.path("demo")], timeout: 600)
        try #require(demo.status == 0, "\(demo.stderr)")
        let database = ws.path("demo/schoolveilig.sqlite")

        // 1. Definitief edition 1 (after the aanlevertermijn).
        let first = try editions.publish(ws, asOf: "2026-08-11")
        try #require(first.status == 0, "\(first.stderr)")
        let old = try editions.keep(ws, as: "editie1")

        // 2. VO01 corrects two incidents of the period to PESTEN, keeping their ids.
        let rows = try ws.sqlite(
            """
            SELECT incident_id || ',' || school_code || ',' || datum || ',PESTEN,' || locatie || ',' || politie || ',' || leeftijd \
            || ',' || ernst || ',' FROM incident WHERE school_code = 'VO01' AND datum BETWEEN '2026-04-01' AND '2026-06-30' \
            AND categorie <> 'PESTEN' ORDER BY incident_id LIMIT 2
            """, database: database
        ).split(whereSeparator: \.isNewline).map(String.init)
        try #require(rows.count == 2, "\(rows)")
        try editions.ingest(ws, "VO01_2026-Q2-correctie.csv", rows.joined(separator: "\n"), asOf: "2026-08-12")

        // 3. Re-issued as edition 2, with its Revisies sheet.
        let second = try editions.publish(ws, asOf: "2026-08-12")
        try #require(second.status == 0, "\(second.stderr)")
        #expect((second.stdout + second.stderr).contains("editie: definitief (2e editie)"), "\(second.stderr)")
        let files = try editions.files(ws)
        let revisions = String(decoding: try #require(files["revisies.csv"]), as: UTF8.self)
        let (workbook, strings) = try editions.sheetText(ws)
        #expect(workbook.contains("name=\"Revisies\""))
        #expect(strings.contains("correctie door 1 school"), "\(strings.prefix(2000))")
        // The Revisies sheet and revisies.csv name no school.
        let schools = try ws.sqlite("SELECT code || char(10) || naam FROM school", database: database)
            .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        try #require(!schools.isEmpty)
        for school in schools {
            #expect(!revisions.contains(school), "revisies.csv noemt \(school)")
        }
        #expect(!strings.contains("VO01"))

        // 4. Both editions held together: no change of 1..4, with no sign assumed.
        let new = try editions.keep(ws, as: "editie2")
        let outcome = try editions.attack(old, new, late: false)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("bevindingen 0"), "\(outcome.stdout)")
        print("verborgen aantallen: editie 1 \(try hiddenCount(old)), editie 2 \(try hiddenCount(new))")
    }
}
