import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The database file itself, whatever name reaches it: a symbolic link is resolved, so every
/// name takes the same run lock (`<real path>.lock`) and SQLite the same `-wal`; a file with
/// more than one hard link is refused, since each name would get a WAL and a lock of its own
/// and two writers could damage the database.
public enum DatabaseIdentity {
    /// The resolved path of `path` (the file, or for a file not yet created its resolved folder
    /// plus its name). Throws a usage error (exit 2) for a hard-linked database.
    public static func resolve(_ path: String) throws(UsageError) -> String {
        let resolved: String
        if let real = realPath(path) {
            resolved = real
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            resolved = ((realPath(folder.isEmpty ? "." : folder) ?? folder) as NSString).appendingPathComponent(name)
        }
        var info = stat()
        if stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink > 1 {
            throw UsageError(
                "de database \(path) heeft \(info.st_nlink) harde koppelingen (namen); met twee namen krijgt elke naam een eigen slot en WAL-bestand en kan de database beschadigd raken. Verwijder de andere naam (of kopieer de database met 'schoolveilig backup') en gebruik één pad. Er is niets gedaan."
            )
        }
        return resolved
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
