#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libxlsxwriter writes every number (cell values, column widths, margins, chart values) with
/// `sprintf("%.16G")`, which follows LC_NUMERIC: under a locale with a decimal comma
/// (nl_NL, de_DE) it writes `1234,25`, which is invalid in the file's XML. This layer never calls
/// `setlocale`, and a Swift process starts in the "C" locale; the process must keep LC_NUMERIC
/// there (never `setlocale(LC_ALL, "")` or `setlocale(LC_NUMERIC, …)` from the environment).
/// As a last line of defence, `Workbook.close()` checks the locale of the calling thread
/// (`uselocale` included) and refuses to write under any decimal separator other than ".".
enum NumericLocale {
    /// The decimal separator `sprintf` uses on the calling thread.
    static var decimalPoint: String {
        guard let conventions = localeconv(), let point = conventions.pointee.decimal_point else { return "." }
        return String(cString: point)
    }

    static func check(decimalPoint: String = NumericLocale.decimalPoint) throws {
        guard decimalPoint == "." else { throw WorkbookError.unsafeNumericLocale(decimalPoint: decimalPoint) }
    }
}
