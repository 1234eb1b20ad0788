/// An XLSX file that cannot be read: not a ZIP archive, a missing or damaged part, an unknown
/// sheet, malformed XML, or a cell beyond the reader's limits. `message` is Dutch and names the
/// sheet and cell (or row, or XML line) where known; `description` puts the file in front.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    /// The file as given to the reader.
    public let path: String
    public let message: String
    /// The spreadsheet row (1-based) the problem is in, when known.
    public let row: Int?

    public init(path: String, message: String, row: Int? = nil) {
        self.path = path
        self.message = message
        self.row = row
    }

    public var description: String { "\(path): \(message)" }
}
