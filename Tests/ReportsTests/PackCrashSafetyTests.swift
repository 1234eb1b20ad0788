import Domain
import Foundation
import Testing

@testable import Reports

#if canImport(Glibc)
    import Glibc
#endif

/// What a pack run killed half-way leaves behind, and what the next run does with it
/// (found by scripts/crash-harness.sh: a killed run left its hidden staging folder for good, and
/// a run killed while replacing a pack folder left the old edition beside the packs as `NAME.oud-…`).
@Suite("packs: a killed run leaves nothing behind for long", .serialized)
struct PackCrashSafetyTests {
    /// Every entry under `folder` (files and folders, hidden ones included), relative, sorted.
    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// path → bytes of every file the manifest lists.
    static func manifestFiles(_ output: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent("manifest.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let packs = try #require(object["overzichten"] as? [[String: Any]])
        var files: [String: String] = [:]
        for pack in packs {
            for file in try #require(pack["bestanden"] as? [[String: Any]]) {
                files[try #require(file["bestand"] as? String)] = try #require(file["sha256"] as? String)
            }
        }
        return files
    }

    @Test("the staging folder of a killed run, and a folder an earlier version set aside, are removed by the next run")
    func staleLeftoversRemoved() throws {
        let demo = try DemoPacks.get()
        let (clean, _) = try demo.publish("kerngroep", into: "schoon")
        let output = demo.folder.file("na-een-kill")
        // What a run killed while writing left: its staging folder with a partial pack, and (from
        // the earlier replace) the old pack folder under a name beside the packs.
        let staging = (output as NSString).appendingPathComponent(".kerngroep-\(UUID().uuidString).tmp")
        try FileManager.default.createDirectory(atPath: staging + "/kerngroep_2026-Q3", withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: staging + "/kerngroep_2026-Q3/kerncijfers.csv"))
        let setAside = (output as NSString).appendingPathComponent("kerngroep_2026-Q3.oud-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: setAside, withIntermediateDirectories: true)
        try Data("oud".utf8).write(to: URL(fileURLWithPath: setAside + "/kerncijfers.csv"))
        // Not ours: left alone.
        try Data("van de beheerder".utf8).write(to: URL(fileURLWithPath: output + "/notities.txt"))

        _ = try demo.publish("kerngroep", into: "na-een-kill")
        #expect(Self.entries(output) == (Self.entries(clean) + ["notities.txt"]).sorted())
    }

    @Test("publishing over an earlier edition leaves exactly the new files, and the manifest describes them")
    func republishLeavesNoCopy() throws {
        let demo = try DemoPacks.get()
        let (clean, _) = try demo.publish("kerngroep", into: "opnieuw-schoon")
        // Another edition in between with other bytes in every table (and the same suppression:
        // the audience's release register stays consistent).
        _ = try demo.publish("kerngroep", overrides: ["csv_dialect": "excel-nl"], into: "opnieuw")
        let (output, _) = try demo.publish("kerngroep", into: "opnieuw")
        #expect(Self.entries(output) == Self.entries(clean))
        for (path, sha256) in try Self.manifestFiles(output) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent(path)))
            #expect(PackManifest.checksum(bytes) == sha256, "\(path) is niet het bestand dat het manifest noemt")
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: (clean as NSString).appendingPathComponent(path)))))
        }
    }

    @Test("a name that is someone else's symbolic link stops the publication before anything visible changes")
    func foreignLinkRefusedBeforeAnyChange() throws {
        let demo = try DemoPacks.get()
        let (output, first) = try demo.publish("stadsdeel", overrides: ["csv_dialect": "excel-nl"], into: "half")
        #expect(first.packs.count == 3)
        // The second pack's workbook becomes a symbolic link of someone else's: the run refuses
        // to overwrite it, and the earlier edition stays whole (manifest and every file).
        let second = (output as NSString).appendingPathComponent(first.packs[1] + ".xlsx")
        try FileManager.default.removeItem(atPath: second)
        try FileManager.default.createSymbolicLink(atPath: second, withDestinationPath: "/dev/null")
        let before = Self.entries(output)
        let listed = try Self.manifestFiles(output)
        #expect(throws: UsageError.self) { try demo.publish("stadsdeel", into: "half") }
        #expect(Self.entries(output) == before, "de uitvoermap veranderde ondanks de weigering")
        #expect(try Self.manifestFiles(output) == listed)
        for (path, sha256) in listed where !path.hasPrefix(first.packs[1] + ".xlsx") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent(path)))
            #expect(PackManifest.checksum(bytes) == sha256, "\(path) is niet meer het bestand dat het manifest noemt")
        }
    }

    @Test("only the program's own leftovers are recognised")
    func leftoverNames() {
        let uuid = UUID().uuidString
        #expect(OutputFolder.isLeftover(".kerngroep-\(uuid).tmp"))
        #expect(OutputFolder.isLeftover(".po-wijk-\(uuid).tmp"))
        #expect(OutputFolder.isLeftover("kerngroep_2026-Q3.oud-\(uuid)"))
        #expect(!OutputFolder.isLeftover(".kerngroep.tmp"))
        #expect(!OutputFolder.isLeftover(".\(uuid).tmp"))
        #expect(!OutputFolder.isLeftover("kerngroep_2026-Q3"))
        #expect(!OutputFolder.isLeftover("manifest.json"))
        #expect(!OutputFolder.isLeftover("verslag.oud-2025"))
        #expect(!OutputFolder.isLeftover(".bashrc"))
    }

    @Test("the output folder's lock is exclusive while a publication holds it")
    func lockIsExclusive() throws {
        let demo = try DemoPacks.get()
        let folder = demo.folder.file("slot")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try OutputFolder.Lock(folder)
        let other = open(folder, O_RDONLY | O_DIRECTORY)
        defer { close(other) }
        #expect(flock(other, LOCK_EX | LOCK_NB) != 0)
        withExtendedLifetime(lock) {}
    }
}
