// Shared by every fuzz target (compiled into each by scripts/fuzz.sh): the input as a file, and
// the one rule of the targets: bad input gives a thrown error with a Dutch message, never a crash.
import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum FuzzInput {
    /// A private folder per process (libFuzzer may run several jobs side by side).
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = (base as NSString).appendingPathComponent("schoolveilig-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzInput.folder) }
        return path
    }()

    /// Writes the input to `name` in the private folder and returns its path.
    static func file(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let handle = fopen(path, "wb") else { fatalError("kan \(path) niet schrijven") }
        if size > 0 { _ = fwrite(data, 1, size, handle) }
        fclose(handle)
        return path
    }

    static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }
}

/// Stops the fuzzer (a finding) when an error is not one of the expected kinds, or has no message.
func expectMessage(_ message: String, _ error: any Error) {
    if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        fatalError("fout zonder melding: \(type(of: error)) \(error)")
    }
}

func unexpected(_ error: any Error) -> Never {
    fatalError("onverwachte fout: \(type(of: error)): \(error)")
}
