import CXlsxwriter

/// The libxlsxwriter version linked in (for `doctor` and the manifest).
public enum LibXlsxwriter {
    public static var version: String { String(cString: lxw_version()) }
}
