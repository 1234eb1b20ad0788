import Foundation
import TestSupport
import Testing

@testable import Workbook

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libxlsxwriter formats numbers with sprintf, which follows LC_NUMERIC.
@Suite struct NumericLocaleTests {
    @Test func theProcessKeepsTheCNumericLocale() throws {
        // Neither Swift, Foundation nor this layer has called setlocale for LC_NUMERIC.
        let current = try #require(setlocale(LC_NUMERIC, nil))
        #expect(String(cString: current) == "C")
        #expect(NumericLocale.decimalPoint == ".")
    }

    @Test func closeRefusesADecimalComma() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("komma.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.addWorksheet(named: "Getallen").writeNumber(1234.25, row: 0, column: 0)
        #expect(throws: WorkbookError.unsafeNumericLocale(decimalPoint: ",")) { try NumericLocale.check(decimalPoint: ",") }
        #expect(throws: Never.self) { try NumericLocale.check(decimalPoint: ".") }
        try workbook.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// Only where a decimal-comma locale is installed (`locale -a`): under it, on this thread
    /// only (`uselocale`, so tests running in parallel are unaffected), sprintf writes "1234,25",
    /// which would make the XML invalid, so close() refuses and writes nothing. Without one
    /// installed, a private copy shows it too: `localedef -i nl_NL -f UTF-8 /tmp/loc/nl_NL.UTF-8`,
    /// then `LOCPATH=/tmp/loc swift test … --filter underAnInstalledDecimalCommaLocale`.
    @Test func underAnInstalledDecimalCommaLocaleNothingIsWritten() throws {
        let candidates = ["nl_NL.UTF-8", "nl_NL.utf8", "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "nl_NL", "de_DE"]
        guard let locale = candidates.lazy.compactMap({ newlocale(LC_NUMERIC_MASK, $0, nil) }).first else {
            return  // No such locale on this machine: the check above is all that can be shown.
        }
        defer { freelocale(locale) }
        let folder = try TemporaryFolder()
        let path = folder.file("komma.xlsx")
        let workbook = try Workbook(path: path, properties: testProperties())
        try workbook.addWorksheet(named: "Getallen").writeNumber(1234.25, row: 0, column: 0)

        let previous = uselocale(locale)
        defer { uselocale(previous) }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([1234.25]) { vsnprintf(&buffer, buffer.count, "%.16G", $0) }
        let printed = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        #expect(printed == "1234,25")
        #expect(throws: WorkbookError.unsafeNumericLocale(decimalPoint: ",")) { try workbook.close() }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
