import CXlsxwriter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state a workbook shares with its worksheets: the libxlsxwriter workbook (nil once closed
/// or discarded), the format cache and the names in use. Worksheets hold this, not the
/// `Workbook`, so that dropping the workbook still frees the C side and removes the temporary file.
final class WorkbookCore {
    private(set) var pointer: UnsafeMutablePointer<lxw_workbook>?
    let output: AtomicOutputFile
    private var formats: [CellFormat: UnsafeMutablePointer<lxw_format>] = [:]
    private(set) var sheetNames: [String] = []
    /// Table names in use, lower-cased (Excel compares them without regard to case).
    private var tableNames: Set<String> = []
    /// Worksheets chart series refer to, checked at close (the sheet may be added after the chart).
    private var chartSheetReferences: [(sheet: String, operation: String)] = []

    init(output: AtomicOutputFile, options: Workbook.Options) throws {
        self.output = output
        var cOptions = lxw_workbook_options()
        cOptions.constant_memory = 0
        cOptions.use_zip64 = options.useZip64 ? 1 : 0
        // libxlsxwriter copies the file name and the temporary directory.
        let strings = CStrings()
        if let directory = options.temporaryDirectory {
            try CStrings.validate(directory, "workbook temporary directory")
            cOptions.tmpdir = strings.copy(directory)
        }
        let created = withExtendedLifetime(strings) { workbook_new_opt(output.temporaryPath, &cOptions) }
        guard let workbook = created else {
            throw WorkbookError.library(
                operation: "workbook_new_opt ('\(output.path)')",
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                message: String(cString: lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)))
        }
        pointer = workbook
    }

    deinit { discard() }

    var isOpen: Bool { pointer != nil }

    func workbook(_ operation: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let pointer else { throw WorkbookError.closed(operation: operation()) }
        return pointer
    }

    /// The libxlsxwriter format for `format` (nil for none), made on first use and shared after.
    func lxwFormat(_ format: CellFormat?, _ operation: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let format else { return nil }
        let workbook = try workbook(operation())
        if let existing = formats[format] { return existing }
        try format.validate()
        guard let created = workbook_add_format(workbook) else {
            throw WorkbookError.library(
                operation: "workbook_add_format", code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                message: String(cString: lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)))
        }
        format.apply(to: created)
        formats[format] = created
        return created
    }

    var formatCount: Int { formats.count }

    func addSheetName(_ name: String) { sheetNames.append(name) }

    func reserveTableName(_ name: String, _ operation: String) throws {
        guard tableNames.insert(name.lowercased()).inserted else {
            throw WorkbookError.invalidArgument(operation: operation, reason: "the workbook already has a table named '\(name)'")
        }
    }

    func referChart(toSheet sheet: String, _ operation: String) {
        chartSheetReferences.append((sheet, operation))
    }

    /// Writes the file (libxlsxwriter frees the workbook whatever happens) and moves it into place.
    func close() throws {
        let workbook = try workbook("close")
        do {
            try NumericLocale.check()
            for reference in chartSheetReferences where !sheetNames.contains(reference.sheet) {
                throw WorkbookError.invalidArgument(
                    operation: reference.operation,
                    reason: "the chart refers to worksheet '\(reference.sheet)', which the workbook does not have")
            }
        } catch {
            discard()
            throw error
        }
        pointer = nil
        formats = [:]
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            output.discard()
            try WorkbookError.check(result, "workbook_close (writing '\(output.path)')")
            return
        }
        try output.commit()
    }

    /// Frees the C workbook without writing and removes the temporary file; idempotent.
    func discard() {
        if let workbook = pointer {
            pointer = nil
            formats = [:]
            lxw_workbook_free(workbook)
            output.discard()
        }
    }
}
