import CXlsxwriter

/// An XLSX workbook being built, written by libxlsxwriter on `close()`.
///
/// - The file appears at `path` only when `close()` succeeds: until then libxlsxwriter writes a
///   hidden temporary file in the same directory, which is renamed into place (see
///   `Options.permissions`). If `close()` fails, or the workbook is dropped without being
///   closed, the temporary file is removed and nothing appears at `path`.
/// - Output is deterministic: the document's created/modified time is the caller's
///   `DocumentProperties.created` date and libxlsxwriter stamps every ZIP entry with
///   1980-01-01 00:00, so the same content gives the same bytes.
/// - Numbers are written with the C library's `sprintf`: the process must keep LC_NUMERIC at
///   "C" (see `NumericLocale`); `close()` refuses to write under a decimal comma.
/// - Text is always written as text; only `Worksheet.writeFormula` writes a formula.
///
/// Not thread-safe: use a workbook and its worksheets from one thread (or task) at a time.
public final class Workbook {
    public struct Options: Hashable, Sendable {
        /// Where libxlsxwriter puts the temporary files it assembles each part in (created
        /// 0600 and unlinked at once); nil for the system default. libxlsxwriter falls back to
        /// /tmp when it cannot create files there.
        public var temporaryDirectory: String?
        /// Allow ZIP64 for very large workbooks (over 4 GB uncompressed parts).
        public var useZip64: Bool
        /// The file's permission bits, set before any data is written; 0o640 by default.
        public var permissions: UInt16

        public init(temporaryDirectory: String? = nil, useZip64: Bool = false, permissions: UInt16 = 0o640) {
            self.temporaryDirectory = temporaryDirectory
            self.useZip64 = useZip64
            self.permissions = permissions
        }
    }

    /// The final path of the file.
    public let path: String
    let core: WorkbookCore
    private var worksheets: [Worksheet] = []

    /// Starts a workbook that `close()` will write to `path` (replacing any file there).
    /// Constant-memory mode is off (rows can be written in any order).
    public init(path: String, properties: DocumentProperties, options: Options = Options()) throws {
        guard options.permissions <= 0o777 else {
            throw WorkbookError.invalidArgument(
                operation: "Workbook(path:)", reason: "permissions \(String(options.permissions, radix: 8)) are not 0…777 (octal)")
        }
        try CStrings.validate(path, "Workbook(path:)")
        self.path = path
        let output = try AtomicOutputFile(path: path, permissions: mode_t(options.permissions))
        do {
            core = try WorkbookCore(output: output, options: options)
        } catch {
            output.discard()
            throw error
        }
        try setProperties(properties)
    }

    deinit { core.discard() }

    /// False once the workbook has been closed or discarded.
    public var isOpen: Bool { core.isOpen }

    /// Replaces the document properties.
    public func setProperties(_ properties: DocumentProperties) throws {
        try properties.apply(to: core.workbook("workbook_set_properties"))
    }

    /// Adds a worksheet at the end. The name must satisfy Excel's rules (at most 31 characters,
    /// none of [ ] : * ? / \, no apostrophe at either end, unique regardless of case).
    @discardableResult
    public func addWorksheet(named name: String) throws -> Worksheet {
        let operation = "workbook_add_worksheet ('\(name)')"
        let workbook = try core.workbook(operation)
        try SheetName.validate(name, existing: core.sheetNames)
        try WorkbookError.check(workbook_validate_sheet_name(workbook, name), operation)
        guard let pointer = workbook_add_worksheet(workbook, name) else {
            throw WorkbookError.library(
                operation: operation, code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                message: String(cString: lxw_strerror(LXW_ERROR_PARAMETER_VALIDATION)))
        }
        core.addSheetName(name)
        let worksheet = Worksheet(name: name, pointer: pointer, core: core)
        worksheets.append(worksheet)
        return worksheet
    }

    /// The worksheet named `name` (exactly), if any.
    public func worksheet(named name: String) -> Worksheet? {
        worksheets.first { $0.name == name }
    }

    /// The worksheet names, in order.
    public var worksheetNames: [String] { core.sheetNames }

    /// How many distinct cell formats the workbook holds so far (each written once to the file).
    public var distinctFormatCount: Int { core.formatCount }

    /// Writes the workbook and moves it to `path`. Throws the libxlsxwriter error (with its text)
    /// if writing fails; the temporary file is then removed. The workbook is closed afterwards
    /// whether or not this succeeds.
    public func close() throws {
        try core.close()
    }

    /// Drops the workbook without writing anything; the temporary file is removed.
    public func discard() {
        core.discard()
    }
}
