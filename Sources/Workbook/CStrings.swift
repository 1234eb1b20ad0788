#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// C string copies for libxlsxwriter structs whose fields are `char *`: alive until this object
/// goes, which must be after the C call (libxlsxwriter copies what it keeps).
final class CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    deinit {
        for pointer in pointers { free(pointer) }
    }

    func copy(_ string: String?) -> UnsafeMutablePointer<CChar>? {
        guard let string, let pointer = strdup(string) else { return nil }
        pointers.append(pointer)
        return pointer
    }

    /// Text handed to C ends at its first NUL byte: such text is refused rather than cut short.
    static func validate(_ text: String, _ operation: @autoclosure () -> String) throws {
        guard !text.utf8.contains(0) else {
            throw WorkbookError.invalidArgument(operation: operation(), reason: "the text contains a NUL character")
        }
    }
}
