import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files and folders the operator names on the command line (`quarantine report --output`,
/// `--log-file`): a symbolic link is never followed (it could point anywhere, such as another
/// user's file), and modes are set explicitly, whatever the umask.
enum SafeFile {
    /// Makes sure `path` is a real folder (created 0750 with its parents when missing).
    static func folder(_ path: String, option: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw UsageError("\(option) \(path) is een symbolische koppeling; kies de echte map")
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw UsageError("\(option) \(path) is geen map") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try folder(parent, option: option) }
        guard mkdir(path, 0o750) == 0 || errno == EEXIST else {
            throw UsageError("\(option) \(path) kan niet worden gemaakt: \(SystemErrorText.dutch(errno: errno))")
        }
        chmod(path, 0o750)
    }

    /// Opens `path` for writing without following a symbolic link, mode 0640 (created or not).
    static func open(_ path: String, append: Bool, option: String) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (append ? O_APPEND : O_TRUNC)
        let descriptor = Glibc.open(path, flags, 0o640)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw UsageError("\(option) \(path) is een symbolische koppeling; die wordt niet gevolgd (kies het echte bestand)")
            }
            throw UsageError("\(option) \(path) kan niet worden geschreven: \(SystemErrorText.dutch(errno: errno))")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            close(descriptor)
            throw UsageError("\(option) \(path) is geen gewoon bestand")
        }
        fchmod(descriptor, 0o640)
        return descriptor
    }

    /// Writes `data` to a new or emptied file at `path` (see `open`).
    static func write(_ data: Data, to path: String, option: String) throws {
        let descriptor = try open(path, append: false, option: option)
        defer { close(descriptor) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    throw FailureError("kan \(path) niet schrijven: \(SystemErrorText.dutch(errno: written < 0 ? errno : ENOSPC))")
                }
                offset += written
            }
        }
    }
}
