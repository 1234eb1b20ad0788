/// How a workbook counts its date serials (`<workbookPr date1904="1"/>` in `xl/workbook.xml`).
///
/// - `from1900` (Excel on Windows, LibreOffice, almost every export): serial 1 is 1900-01-01, and
///   serial 60 is the fictitious 1900-02-29 that Excel keeps for Lotus 1-2-3.
/// - `from1904` (workbooks that began on an older Mac): serial 0 is 1904-01-01 and there is no
///   fictitious day, so the same serial is 1462 days (4 years and 1 day) later than in 1900.
public enum ExcelDateSystem: Sendable, Equatable {
    case from1900, from1904

    /// The lowest serial that is a date.
    public var firstSerial: Int { self == .from1900 ? 1 : 0 }
    /// The serial of 9999-12-31.
    public var lastSerial: Int { self == .from1900 ? ValueParsers.excelSerialMaximum : ValueParsers.excelSerialMaximum - 1462 }
}
