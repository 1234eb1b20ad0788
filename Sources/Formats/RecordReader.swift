import Domain

/// Anything that hands out a delivery's records in order: a delimited text file (`CSVReader`)
/// or a spreadsheet (`XLSXSheetReader`). The validator only sees `CSVRecord`s.
public protocol RecordReader {
    func forEachRecord(_ body: (CSVRecord) throws -> Void) throws
}

extension CSVReader: RecordReader {}
extension XLSXSheetReader: RecordReader {}

extension Dialect {
    /// Opens the reader for a file of this dialect.
    /// For a workbook, `headerLine` is the header's row (see `XLSXSheetReader.headerRow`).
    public func reader(path: String, limits: IngestLimits = .standard, headerLine: Int = 1) throws -> any RecordReader {
        if isSpreadsheet {
            return try XLSXSheetReader(
                path: path, sheet: sheet, maximumCellBytes: limits.recordBytes, maximumColumns: limits.columns,
                maximumRowBytes: max(limits.recordBytes, 16 << 20),
                maximumSheetBytes: Int(clamping: limits.fileBytes), headerRow: headerLine)
        }
        return try CSVReader(path: path, dialect: self, maximumRecordBytes: limits.recordBytes, maximumFields: limits.columns)
    }
}
