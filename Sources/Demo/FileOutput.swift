import Domain
import Foundation

/// Writes generated files: creates the folder, writes to a temporary name, then renames,
/// so a reader never sees half a file.
enum FileOutput {
    static func write(_ text: String, to directory: String, name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw FailureError("kan \(temporary) niet schrijven")
        }
        guard rename(temporary, path) == 0 else {
            throw FailureError("kan \(path) niet schrijven: \(String(cString: strerror(errno)))")
        }
    }
}
