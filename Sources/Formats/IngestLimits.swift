import Domain

/// The limits a delivery must stay within, so a hostile or broken file cannot exhaust memory or
/// disk: the file's size, one record's (or spreadsheet row's) bytes, and the number of columns.
/// Configurable per run (the nightly pipeline's `max_file_mb`, `max_record_kb`, `max_columns`;
/// `ingest --max-file-mb`, `--max-record-kb`, `--max-columns`); a file over a limit is
/// refused whole with a message that names the limit and the setting.
public struct IngestLimits: Sendable, Equatable {
    public var fileBytes: Int64
    public var recordBytes: Int
    public var columns: Int

    public static let standard = IngestLimits(fileBytes: 2048 << 20, recordBytes: 1 << 20, columns: 1024)

    /// The allowed settings: the one set of rules the pipeline loader and `ingest` both apply.
    public static let fileMegabytesRange = 1...1_000_000
    public static let recordKilobytesRange = 1...1_048_576
    public static let columnsRange = 8...100_000

    public init(fileBytes: Int64, recordBytes: Int, columns: Int) {
        self.fileBytes = fileBytes
        self.recordBytes = recordBytes
        self.columns = columns
    }

    /// From settings in MB, KB and columns (each `nil`: the standard value).
    public init(fileMegabytes: Int?, recordKilobytes: Int?, columns: Int?) throws(UsageError) {
        var limits = IngestLimits.standard
        if let fileMegabytes {
            guard Self.fileMegabytesRange.contains(fileMegabytes) else { throw UsageError("max_file_mb moet tussen 1 en 1000000 liggen") }
            limits.fileBytes = Int64(fileMegabytes) << 20
        }
        if let recordKilobytes {
            guard Self.recordKilobytesRange.contains(recordKilobytes) else {
                throw UsageError("max_record_kb moet tussen 1 en 1048576 liggen")
            }
            limits.recordBytes = recordKilobytes << 10
        }
        if let columns {
            guard Self.columnsRange.contains(columns) else { throw UsageError("max_columns moet tussen 8 en 100000 liggen") }
            limits.columns = columns
        }
        self = limits
    }
}
