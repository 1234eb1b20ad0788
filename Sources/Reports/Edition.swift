import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One edition of a pipeline's packs for one period, made visible in the output folder as a
/// whole by a single rename, so that no reader and no kill ever sees old and new files mixed.
///
/// Layout inside the output folder (`KEY` is `<pipeline>_<period>`):
/// - `.edities/KEY-<hash>/`: the edition's files (every workbook, every CSV folder, the
///   manifest), named after the manifest's SHA-256, so that the same edition gets the same name;
/// - `.editie-KEY`: the pointer, a symbolic link to the current edition folder;
/// - `<pack>.xlsx`, `<pack>/` and `manifest.json`: the names the user opens, symbolic links
///   through the pointer (`.editie-KEY/<pack>.xlsx`). They never change when an edition
///   replaces another: only the pointer does, in one `rename`.
///
/// A new pack name is linked before the pointer moves (it shows nothing until then); a name the
/// new edition no longer has is unlinked after. The old edition folder goes last.
enum Edition {
    static let folder = ".edities"
    static let pointerPrefix = ".editie-"

    /// The steps between which `SCHOOLVEILIG_PAUZE_BIJ` can stop a run (tests kill it there).
    enum Step: String, CaseIterable, Sendable {
        case beforeLinks = "voor-koppelingen"
        case beforeSwitch = "voor-wissel"
        case afterSwitch = "na-wissel"
        case afterManifest = "na-manifest"
    }

    /// The test hook: with `SCHOOLVEILIG_PAUZE_BIJ=<step>` the run says so on stderr and waits
    /// (until it is killed) at that step, so a kill can be tested at a forced point.
    static func pause(at step: Step) {
        guard ProcessInfo.processInfo.environment["SCHOOLVEILIG_PAUZE_BIJ"] == step.rawValue else { return }
        FileHandle.standardError.write(Data("schoolveilig: pauze bij \(step.rawValue)\n".utf8))
        while true { sleep(60) }
    }

    /// Publishes `staging` (a complete edition: the files `names` and `manifest.json`) as the
    /// current edition of `key` in `output`. Called with the output folder's lock held.
    static func publish(staging: String, key: String, names: [String], output: String) throws {
        let manager = FileManager.default
        let editions = path(output, folder)
        if !manager.fileExists(atPath: editions) {
            try manager.createDirectory(atPath: editions, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
        }
        let manifest = try Data(contentsOf: URL(fileURLWithPath: path(staging, "manifest.json")))
        let editionName = "\(key)-\(PackManifest.checksum(manifest).prefix(16))"
        let target = "\(folder)/\(editionName)"
        let pointerName = pointerPrefix + key
        let pointer = path(output, pointerName)
        var current = link(pointer)

        // 0. Every name the user opens must be free, ours, or a file of the earlier layout:
        // a symbolic link of someone else's is refused before anything visible changes.
        for name in names + ["manifest.json"] {
            let item = path(output, name)
            guard let destination = link(item) else { continue }
            if !isOurs(destination, name: name) {
                throw UsageError("\(item) is een symbolische koppeling; niet overschreven")
            }
        }
        // A pointer that is no link (the folder was copied with links followed): set aside; the
        // names beside it are then plain files of their own, replaced after the switch.
        if current == nil, exists(pointer) || isDirectory(pointer) {
            let aside = path(editions, ".weg-\(UUID().uuidString)")
            try manager.createDirectory(atPath: aside, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
            try move(pointer, to: path(aside, pointerName))
            current = nil
        }
        // 1. The edition folder: the same edition already current changes nothing.
        if current != target {
            if manager.fileExists(atPath: path(output, target)) { try manager.removeItem(atPath: path(output, target)) }
            try move(staging, to: path(output, target))
        }
        pause(at: .beforeLinks)
        // 2. Names new to this key: linked through the pointer (absent until it moves).
        var laterReplaced: [String] = []
        for name in names {
            let item = path(output, name)
            let wanted = "\(pointerName)/\(name)"
            if let destination = link(item) {
                if destination != wanted { try relink(item, to: wanted) }
            } else if exists(item) {
                laterReplaced.append(name)  // a file or folder of the earlier layout
            } else if symlink(wanted, item) != 0 {
                throw FailureError("kan \(item) niet aanmaken (\(String(cString: strerror(errno))))")
            }
        }
        pause(at: .beforeSwitch)
        // 3. The switch: one rename makes the whole edition visible.
        if current != target { try relink(pointer, to: target) }
        pause(at: .afterSwitch)
        // 4. The manifest follows the key last published; names of the earlier layout go.
        let manifestLink = path(output, "manifest.json")
        if link(manifestLink) != "\(pointerName)/manifest.json" {
            try relink(manifestLink, to: "\(pointerName)/manifest.json")
        }
        let trash = path(editions, ".weg-\(UUID().uuidString)")
        for name in laterReplaced {
            let item = path(output, name)
            if isDirectory(item) {
                try manager.createDirectory(atPath: trash, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
                try move(item, to: path(trash, name))
            }
            try relink(item, to: "\(pointerName)/\(name)")
        }
        pause(at: .afterManifest)
        // 5. Tidy: links to names the current editions no longer have, folders no pointer names.
        removeStale(in: output)
    }

    /// Whether a link's destination is one this program made for `name`: `.editie-KEY/name`.
    static func isOurs(_ destination: String, name: String) -> Bool {
        guard destination.hasPrefix(pointerPrefix), !destination.contains("..") else { return false }
        let parts = destination.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[1] == name
    }

    /// Removes what no current edition uses: dangling links of ours beside the packs, edition
    /// folders no pointer names, unfinished links and set-aside folders. Called under the
    /// output folder's lock (at the start of a publication too: what a killed run left).
    @discardableResult
    static func removeStale(in output: String) -> [String] {
        let manager = FileManager.default
        var removed: [String] = []
        let names = (try? manager.contentsOfDirectory(atPath: output)) ?? []
        var inUse: Set<String> = []
        for name in names where name.hasPrefix(pointerPrefix) {
            let item = path(output, name)
            if name.contains(".tmp-") { if unlink(item) == 0 { removed.append(name) }; continue }
            if let destination = link(item) { inUse.insert(destination) }
        }
        for name in names where !name.hasPrefix(".") {
            let item = path(output, name)
            if let destination = link(item), isOurs(destination, name: name), !exists(item) {
                if unlink(item) == 0 { removed.append(name) }
            }
        }
        let editions = path(output, folder)
        for name in ((try? manager.contentsOfDirectory(atPath: editions)) ?? []) where !inUse.contains("\(folder)/\(name)") {
            if (try? manager.removeItem(atPath: path(editions, name))) != nil { removed.append("\(folder)/\(name)") }
        }
        return removed
    }

    // MARK: - Helpers

    private static func path(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// The destination of a symbolic link, or nil when `item` is not one.
    static func link(_ item: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlink(item, &buffer, 4096)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func exists(_ item: String) -> Bool {
        var info = stat()
        return stat(item, &info) == 0
    }

    private static func isDirectory(_ item: String) -> Bool {
        var info = stat()
        return lstat(item, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Points `item` at `destination` in one rename (a new link under a temporary name first).
    private static func relink(_ item: String, to destination: String) throws {
        let temporary = (item as NSString).deletingLastPathComponent + "/\(pointerPrefix)link.tmp-\(UUID().uuidString)"
        guard symlink(destination, temporary) == 0 else {
            throw FailureError("kan \(item) niet aanmaken (\(String(cString: strerror(errno))))")
        }
        do {
            try move(temporary, to: item)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func move(_ source: String, to target: String) throws {
        if rename(source, target) != 0 {
            throw FailureError("kan \(target) niet op zijn plaats zetten (\(String(cString: strerror(errno))))")
        }
    }
}
