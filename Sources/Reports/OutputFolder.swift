import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The output folder of the packs: never a symbolic link, files created 0640, replaced by
/// rename so that no partial file ever stands under its final name.
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
        guard descriptor >= 0 else { throw FailureError("kan \(path) niet schrijven (\(String(cString: strerror(errno))))") }
        fchmod(descriptor, 0o640)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    /// Puts `source` at `target`, replacing what stood there (a file or a folder).
    static func replace(_ target: String, with source: String) throws {
        let manager = FileManager.default
        if let attributes = try? manager.attributesOfItem(atPath: target), attributes[.type] as? FileAttributeType == .typeSymbolicLink {
            throw UsageError("\(target) is een symbolische koppeling; niet overschreven")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            let old = target + ".oud-\(UUID().uuidString)"
            try manager.moveItem(atPath: target, toPath: old)
            try manager.moveItem(atPath: source, toPath: target)
            try? manager.removeItem(atPath: old)
        } else if rename(source, target) != 0 {
            throw FailureError("kan \(target) niet op zijn plaats zetten (\(String(cString: strerror(errno))))")
        }
    }
}
