import CXlsxwriter

/// The libxlsxwriter version linked in (for `doctor` and the manifest).
public enum LibXlsxwriter {
    public static var version: String { String(cString: lxw_version()) }

    /// The decimal separator libxlsxwriter's `sprintf` would use on this thread: it must be ".".
    public static var decimalPoint: String { NumericLocale.decimalPoint }
}
