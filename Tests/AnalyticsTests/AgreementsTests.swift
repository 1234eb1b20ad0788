import Analytics
import Domain
import Formats
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@Suite("afspraken: the covenant's other agreements per school year")
struct AgreementsTests {
    static let afspraken = """
        school_code,schooljaar,coordinator,vertrouwenspersoon,veiligheidsplan,politiecontacten,jaargesprek
        PO1,2023-2024,ja,ja,nee,10,2024-03-01
        VO1,2023-2024,ja,nee,ja,4,
        MBO1,2023-2024,nee,ja,ja,12,2024-06-30
        PO2,2024-2025,ja,ja,ja,9,2025-01-15

        """

    func database(_ folder: TemporaryFolder, afspraken: String = Self.afspraken) throws -> SchoolveiligDatabase {
        let directory = try SmallReference.write(in: folder)
        try folder.write("referentie/afspraken.csv", afspraken)
        let database = try SchoolveiligDatabase.openMigrated(path: folder.file("test.sqlite"))
        let loaded = try ReferenceLoader.load(directory: directory)
        _ = try ReferenceStore.replace(loaded.data, sha256: loaded.sha256, source: directory, force: false, in: database)
        return database
    }

    @Test("per agreement: met, not met, no record; schools count only from the year they joined")
    func counts() throws {
        let folder = try TemporaryFolder()
        let table = try Agreements.compute(schoolYears: ["2023-2024"], filter: SchoolFilter(), in: try database(folder))
        func value(_ name: String, _ met: String) -> LongTable.Value? {
            table.rows.first { $0.keys == ["2023-2024", name, met] }?.values.first
        }
        // All five schools had joined by 31 July 2024 (MBO1 on 1 March 2024; PO2 and SO1 without a date).
        #expect(value("coordinator", "Totaal") == .integer(5))
        #expect(value("coordinator", "ja") == .integer(2))
        #expect(value("coordinator", "nee") == .integer(1))
        #expect(value("coordinator", "onbekend") == .integer(2))
        #expect(value("politiecontacten", "ja") == .integer(2))  // 10 and 12 meet the monthly contacts; 4 does not
        #expect(value("jaargesprek", "nee") == .integer(1))
        let own = try Agreements.own(
            school: "VO1", schoolYears: ["2023-2024"], in: try SchoolveiligDatabase.openMigrated(path: folder.file("test.sqlite")))
        #expect(own.rows.first { $0.keys[1] == "politiecontacten" }?.values == [.text("nee"), .text("4 contacten")])
        #expect(own.rows.first { $0.keys[1] == "jaargesprek" }?.values == [.text("nee"), .text("niet gehouden")])
    }

    @Test(
        "a broken afspraken.csv names file, line and column, and nothing is replaced",
        arguments: [
            ("PO1,2023-2024,misschien,ja,ja,10,", "coordinator"),
            ("PO1,2023-2024,ja,ja,ja,tien,", "politiecontacten"),
            ("PO1,2023-2024,ja,ja,ja,10,2025-01-01", "jaargesprek"),
            ("XX9,2023-2024,ja,ja,ja,10,", "school_code"),
        ])
    func broken(line: String, column: String) throws {
        let folder = try TemporaryFolder()
        let text = "school_code,schooljaar,coordinator,vertrouwenspersoon,veiligheidsplan,politiecontacten,jaargesprek\n" + line + "\n"
        #expect { try database(folder, afspraken: text) } throws: { error in
            let message = "\(error)"
            return message.contains("afspraken.csv") && message.contains("regel 2") && message.contains(column)
        }
    }
}
