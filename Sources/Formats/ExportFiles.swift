import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Expands the `ingest` arguments into the files to read, in the order they are applied:
/// each argument in turn; a directory contributes its export files (also in sub-folders, such as
/// a folder per school) in path order. Hidden files are skipped.
public enum ExportFiles {
    /// File name endings taken from a directory. A file named explicitly is read whatever its name.
    /// Spreadsheets a school may send by mistake (`.xls`, `.ods`, `.numbers`) are taken too, so that
    /// they are refused with what to do ("sla het bestand op als .xlsx of .csv") instead of lying
    /// in the inbox unnoticed. (A PDF or image beside an export, such as a cover letter, is left
    /// alone; named explicitly, it is recognised by its bytes and refused the same way.)
    public static let extensions: Set<String> = Set(["csv", "txt", "tsv", "xlsx"]).union(mistakenExtensions)
    static let mistakenExtensions: Set<String> = ["xls", "ods", "numbers"]

    public struct Item: Sendable, Equatable {
        public let path: String
        /// The name of the folder the file stood in (a school's inbox folder, when it is a school code).
        public let parentFolder: String

        public init(path: String, parentFolder: String) {
            self.path = path
            self.parentFolder = parentFolder
        }
    }

    /// Throws a `UsageError` (nothing done) for a missing path or a folder without exports.
    public static func expand(_ arguments: [String]) throws(UsageError) -> [Item] {
        let manager = FileManager.default
        var items: [Item] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw UsageError("bestand of map bestaat niet: \(argument)")
            }
            if !isDirectory.boolValue, let kind = nonRegularKind(argument) {
                // A FIFO would block the read for good, holding the run lock.
                throw UsageError(
                    "\(argument) is geen gewoon bestand maar \(kind); alleen gewone bestanden worden ingelezen. Er is niets gedaan.")
            }
            if isDirectory.boolValue {
                let found = filesBelow(argument)
                if found.isEmpty {
                    throw UsageError(
                        "map bevat geen exportbestanden (\(extensions.sorted().map { "." + $0 }.joined(separator: ", "))): \(argument)")
                }
                items += found
            } else {
                items.append(Item(path: argument, parentFolder: parentName(of: argument)))
            }
        }
        return items
    }

    /// What a folder holds that `expand` passes over and the operator should hear about:
    /// symbolic links (never followed: a link could lead the run anywhere) and special files
    /// (FIFOs, devices, sockets) with an export's name. One Dutch line each.
    public static func skipped(below root: String) -> [String] {
        let rootURL = URL(fileURLWithPath: root)
        guard
            let enumerator = FileManager.default.enumerator(
                at: rootURL, includingPropertiesForKeys: [.isSymbolicLinkKey], options: [.skipsHiddenFiles])
        else { return [] }
        var lines: [String] = []
        for case let url as URL in enumerator {
            let relative = String(url.path.dropFirst(rootURL.path.count)).drop { $0 == "/" }
            let path = (root as NSString).appendingPathComponent(String(relative))
            if (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]).isSymbolicLink) == true {
                lines.append("overgeslagen: \(path) is een symbolische koppeling (wordt niet gevolgd; zet het bestand zelf in de inbox)")
            } else if extensions.contains(url.pathExtension.lowercased()), let kind = nonRegularKind(path), kind != "een map" {
                lines.append("overgeslagen: \(path) is geen gewoon bestand maar \(kind)")
            }
        }
        return lines.sorted()
    }

    /// What a path is when it is neither a regular file nor (for `nil`) one: "een FIFO", ….
    static func nonRegularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "een map"
        case S_IFIFO: return "een FIFO (named pipe)"
        case S_IFSOCK: return "een socket"
        case S_IFCHR, S_IFBLK: return "een apparaat"
        default: return "een bijzonder bestand"
        }
    }

    private static func filesBelow(_ root: String) -> [Item] {
        let rootURL = URL(fileURLWithPath: root)
        guard
            let enumerator = FileManager.default.enumerator(
                at: rootURL, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                !url.lastPathComponent.hasPrefix("~$"),  // Excel's lock file of an open workbook
                extensions.contains(url.pathExtension.lowercased())
            else { continue }
            let relative = String(url.path.dropFirst(rootURL.path.count)).drop { $0 == "/" }
            paths.append((root as NSString).appendingPathComponent(String(relative)))
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { Item(path: $0, parentFolder: parentName(of: $0)) }
    }

    private static func parentName(of path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
    }
}
