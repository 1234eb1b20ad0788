import Domain
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("text from outside on one line, and system errors in Dutch")
struct DisplayTextTests {
    @Test("control characters become escapes: a file name cannot start a line of its own")
    func oneLine() {
        #expect(DisplayText.oneLine("gewoon.csv") == "gewoon.csv")
        #expect(DisplayText.oneLine("a\n{\"run\":1}\r\tb\u{1B}[2J") == "a\\n{\"run\":1}\\r\\tb\\u{1B}[2J")
        #expect(!DisplayText.oneLine("x\u{2028}y\u{85}z").unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x85 })
        #expect(DisplayText.oneLine("café één") == "café één")
    }

    @Test("a JSON string escapes quotes, backslashes and every control character")
    func jsonString() throws {
        let text = "pad \"x\\y\"\n\u{0}\u{1F}é"
        let literal = DisplayText.jsonString(text)
        #expect(!literal.contains("\n") && !literal.unicodeScalars.contains { $0.value < 0x20 })
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test("a full disk and other system errors read as Dutch, not as NSCocoaErrorDomain")
    func systemErrors() {
        #expect(SystemErrorText.dutch(errno: ENOSPC).contains("de schijf is vol"))
        let cocoa = NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError, userInfo: [NSFilePathErrorKey: "/uit/a.csv"])
        #expect(SystemErrorText.dutch(cocoa) == "/uit/a.csv: " + SystemErrorText.dutch(errno: ENOSPC))
        let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS))
        #expect(SystemErrorText.dutch(posix) == "het bestandssysteem is alleen-lezen")
        #expect(SystemErrorText.dutch(NSError(domain: "iets", code: 1)) == nil)
    }
}
