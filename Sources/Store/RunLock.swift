import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive, non-blocking lock beside the database (`<db>.lock`) held by every command that
/// writes. A second writer gets `nil` and exits 75 ("draait al", SPEC §3). The kernel releases
/// the lock when the process dies, so a killed run never leaves a stale lock. The lock belongs
/// to the file, not the name: a symbolic link to the database takes the same lock, and a
/// database with several hard links is refused (`DatabaseIdentity`).
public final class RunLock: @unchecked Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or returns `nil` when another process holds it.
    public static func acquire(databasePath: String) throws -> RunLock? {
        let path = try DatabaseIdentity.resolve(databasePath) + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FailureError("kan het vergrendelbestand niet openen: \(path) (\(String(cString: strerror(errno))))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            return nil
        }
        return RunLock(descriptor: descriptor, path: path)
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
