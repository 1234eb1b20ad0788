/// The shared-string table of a workbook (`xl/sharedStrings.xml`), held in memory as one byte
/// pool plus end offsets: cells of type `s` refer to it by index. Rich-text runs are joined,
/// phonetic runs (`<rPh>`) left out, entities and `_xHHHH_` escapes decoded.
final class XLSXSharedStrings {
    private var pool = XLSXByteBuffer(capacity: 1 << 16)
    private var ends: [Int] = []

    /// The largest sharedStrings part read (decompressed).
    static let maximumPartBytes = 256 << 20

    var count: Int { ends.count }

    deinit { pool.deallocate() }

    /// Item `index` as UTF-8 bytes (valid while the table lives); the caller checks the index.
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        pool.slice(index == 0 ? 0 : ends[index - 1], ends[index])
    }

    init(package: XLSXPackage, part: String, maximumItemBytes: Int) throws {
        var inItem = false
        var phoneticDepth = 0
        let path = package.path
        let describe = { [self] (failure: XLSXXMLScanner.Failure) -> XLSXError in
            if failure.kind == .textTooLong {
                return XLSXError(path: path, message: "gedeelde tekst nr. \(count) (in \(part)) is langer dan \(maximumItemBytes) bytes")
            }
            return package.xmlError(part, failure)
        }
        try package.scan(part, limit: Self.maximumPartBytes, maximumTextBytes: maximumItemBytes, describe: describe) { scanner, event in
            switch event {
            case .start(.stringItem):
                inItem = true
                phoneticDepth = 0
                scanner.text.removeAll()
            case .start(.phoneticRun):
                phoneticDepth += 1
            case .end(.phoneticRun):
                phoneticDepth -= 1
            case .start(.t):
                scanner.capturing = inItem && phoneticDepth == 0
            case .end(.t):
                scanner.capturing = false
            case .end(.stringItem):
                guard inItem else { return }
                inItem = false
                scanner.capturing = false
                scanner.text.unescapeOOXML(from: 0)
                pool.append(scanner.text.base, count: scanner.text.count)
                ends.append(pool.count)
            default:
                break
            }
        }
    }
}
