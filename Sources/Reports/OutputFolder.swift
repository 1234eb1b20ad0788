import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The output folder of the packs: never a symbolic link, files created 0640 in a hidden staging
/// folder (published as a whole by `Edition`); locked while a run publishes into it, and cleared
/// of what killed runs left behind (hidden staging folders).
enum OutputFolder {
    static func prepare(_ path: String) throws {
        let manager = FileManager.default
        if let attributes = try? manager.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeSymbolicLink {
            throw UsageError("uitvoermap \(path) is een symbolische koppeling; kies de echte map")
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw UsageError("uitvoermap \(path) kan niet worden gemaakt (\(error.localizedDescription))")
        }
        guard manager.isWritableFile(atPath: path) else { throw UsageError("uitvoermap \(path) is niet schrijfbaar") }
    }

    /// Writes a new file with mode 0640.
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw FailureError("kan \(path) niet schrijven: \(SystemErrorText.dutch(errno: errno))") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o640)
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    throw FailureError(
                        "kan \(path) niet schrijven: \(SystemErrorText.dutch(errno: written < 0 ? errno : ENOSPC)); er is geen nieuw overzicht gepubliceerd"
                    )
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else {
            throw FailureError(
                "kan \(path) niet schrijven: \(SystemErrorText.dutch(errno: errno)); er is geen nieuw overzicht gepubliceerd")
        }
    }

    /// The hidden staging folder of one publication: `.<pipeline>-<UUID>.tmp`.
    static func stagingName(pipeline: String) -> String { ".\(pipeline)-\(UUID().uuidString).tmp" }

    /// Whether a name in the output folder is a staging folder (`.<pipeline>-<UUID>.tmp`), or a
    /// folder an earlier version set aside while replacing a pack (`<name>.oud-<UUID>`).
    static func isLeftover(_ name: String) -> Bool {
        func endsInUUID(_ text: Substring) -> Bool { text.count > 36 && UUID(uuidString: String(text.suffix(36))) != nil }
        if name.hasPrefix("."), name.hasSuffix(".tmp") {
            let core = name.dropFirst().dropLast(4)
            return endsInUUID(core) && core.dropLast(36).hasSuffix("-")
        }
        if let range = name.range(of: ".oud-", options: .backwards) {
            return UUID(uuidString: String(name[range.upperBound...])) != nil
        }
        return false
    }

    /// Removes what killed runs left in the output folder: staging folders and folders set aside.
    /// Called with the folder's lock held, so no other publication is under way: every staging
    /// folder present belongs to a run that died. Returns the names removed.
    @discardableResult
    static func removeLeftovers(in path: String) -> [String] {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter(isLeftover).sorted()
        return names.filter { name in
            let item = (path as NSString).appendingPathComponent(name)
            if let attributes = try? manager.attributesOfItem(atPath: item), attributes[.type] as? FileAttributeType != .typeDirectory {
                return false
            }
            return (try? manager.removeItem(atPath: item)) != nil
        }
    }

    /// An exclusive lock on the output folder itself (`flock` on the folder), held while a run
    /// publishes into it: two publications never interleave their renames, and the staging
    /// folders found while holding it are known to be stale. A second run waits for the first;
    /// the kernel releases the lock when a process dies.
    final class Lock {
        private let descriptor: Int32

        init(_ path: String) throws {
            descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw FailureError("kan uitvoermap \(path) niet vergrendelen (\(String(cString: strerror(errno))))")
            }
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw FailureError("kan uitvoermap \(path) niet vergrendelen (\(reason))")
                }
            }
        }

        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
