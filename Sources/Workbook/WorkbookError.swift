import CXlsxwriter

/// Everything that can go wrong while building or writing a workbook.
///
/// Every `lxw_error` that libxlsxwriter returns becomes `.library`, with the library's own text
/// (`lxw_strerror`) and the operation that failed; everything this layer refuses before it reaches
/// the library has its own case with a message that says what to change.
public enum WorkbookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libxlsxwriter returned an error. `code` is the raw `lxw_error` value, `message` its
    /// `lxw_strerror` text, `operation` the C function and what it worked on.
    case library(operation: String, code: Int, message: String)
    /// A worksheet name Excel does not accept (too long, a forbidden character, already used…).
    case invalidSheetName(name: String, reason: String)
    /// An argument this layer refuses before it reaches the library: out-of-range cells,
    /// non-finite numbers, chart text that would be read as a formula, overlapping ranges…
    case invalidArgument(operation: String, reason: String)
    /// The calling thread's LC_NUMERIC uses a decimal separator other than ".": libxlsxwriter
    /// formats numbers with `sprintf`, so it would write invalid XML (`1234,25`). Nothing is written.
    case unsafeNumericLocale(decimalPoint: String)
    /// The workbook was already closed (written or discarded); no more changes are possible.
    case closed(operation: String)
    /// Creating, protecting or renaming the output file failed.
    case fileSystem(operation: String, path: String, message: String)

    public var description: String {
        switch self {
        case let .library(operation, code, message):
            return "\(operation) failed: \(message) (libxlsxwriter error \(code))"
        case let .invalidSheetName(name, reason):
            return "invalid worksheet name '\(name)': \(reason)"
        case let .invalidArgument(operation, reason):
            return "\(operation): \(reason)"
        case let .unsafeNumericLocale(decimalPoint):
            return "the numeric locale (LC_NUMERIC) of this thread uses '\(decimalPoint)' as decimal separator; "
                + "libxlsxwriter would write invalid numbers, so the workbook is not written "
                + "(the process must keep LC_NUMERIC at \"C\": never call setlocale(LC_ALL, \"\") or setlocale(LC_NUMERIC, …))"
        case let .closed(operation):
            return "\(operation): the workbook is already closed"
        case let .fileSystem(operation, path, message):
            return "\(operation) '\(path)' failed: \(message)"
        }
    }

    /// `.library` for a non-zero `lxw_error`, nil for `LXW_NO_ERROR`.
    static func check(_ error: lxw_error, _ operation: @autoclosure () -> String) throws {
        guard error != LXW_NO_ERROR else { return }
        throw WorkbookError.library(
            operation: operation(), code: Int(error.rawValue),
            message: String(cString: lxw_strerror(error)))
    }
}
