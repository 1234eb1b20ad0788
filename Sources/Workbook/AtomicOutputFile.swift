#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output file that appears under its final name only when it is complete.
///
/// The content is written to a hidden temporary file in the same directory
/// (`.<name>.<random>.tmp`), created exclusively and given its permissions before any data is
/// written (`fchmod`, so the umask plays no part); `commit` flushes it to disk and renames it
/// over the final name, `discard` removes it. A reader never sees a partial file under the final
/// name, and an existing file there stays untouched until the new one replaces it whole.
struct AtomicOutputFile {
    let path: String
    let temporaryPath: String
    let permissions: mode_t

    /// Creates the (empty) temporary file.
    init(path: String, permissions: mode_t) throws {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw WorkbookError.fileSystem(operation: "create", path: path, message: "not a file name")
        }
        self.path = path
        self.permissions = permissions
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var attempt = 0
        while true {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = "\(directory).\(name).\(suffix).tmp"
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 {
                let code = errno
                attempt += 1
                if code == EEXIST, attempt < 16 { continue }
                throw WorkbookError.fileSystem(operation: "create temporary file for", path: path, message: Self.message(code))
            }
            defer { close(descriptor) }
            guard fchmod(descriptor, permissions) == 0 else {
                let code = errno
                unlink(candidate)
                throw WorkbookError.fileSystem(operation: "set permissions of", path: candidate, message: Self.message(code))
            }
            temporaryPath = candidate
            return
        }
    }

    /// Flushes the temporary file, makes sure of its permissions and renames it to `path`.
    /// On failure the temporary file is removed and `path` is left as it was.
    func commit() throws {
        do {
            let descriptor = open(temporaryPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure("open written file") }
            defer { close(descriptor) }
            guard fchmod(descriptor, permissions) == 0 else { throw failure("set permissions of") }
            guard fsync(descriptor) == 0 else { throw failure("flush") }
            guard rename(temporaryPath, path) == 0 else {
                let code = errno
                throw WorkbookError.fileSystem(operation: "rename '\(temporaryPath)' to", path: path, message: Self.message(code))
            }
        } catch {
            discard()
            throw error
        }
        // Make the rename itself durable; a failure here no longer affects the file's content.
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let handle = open(directory, O_RDONLY | O_CLOEXEC)
        if handle >= 0 {
            _ = fsync(handle)
            close(handle)
        }
    }

    /// Removes the temporary file (if it is still there).
    func discard() {
        unlink(temporaryPath)
    }

    private func failure(_ operation: String) -> WorkbookError {
        .fileSystem(operation: operation, path: temporaryPath, message: Self.message(errno))
    }

    static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
