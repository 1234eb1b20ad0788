import Testing
import Workbook

@Test func linksLibxlsxwriter() {
    #expect(LibXlsxwriter.version.hasPrefix("1."))
}
