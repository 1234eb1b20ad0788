#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A push-style, streaming XML tokenizer for the parts of an XLSX package. It is fed the
/// decompressed bytes chunk by chunk (tokens may straddle chunks) and reports start and end
/// tags to a handler; text is kept only while the handler asks for it (`capturing`), so memory
/// stays constant whatever the part's size.
///
/// Written by hand rather than on Foundation's `XMLParser` because the worksheet is by far the
/// largest part and the hot path: this scanner costs a few nanoseconds per byte and allocates
/// nothing per cell, where `XMLParser` bridges every element name, attribute dictionary and text
/// run to Swift objects. It checks what the reader relies on: tags nest and match, attributes
/// are well formed, the five predefined entities and character references are decoded (other
/// entities and DOCTYPE declarations are refused, so no entity expansion), comments, processing
/// instructions and CDATA sections are handled, CR LF in text becomes LF. It does not check
/// namespaces (prefixes are stripped from names) or UTF-8 validity.
final class XLSXXMLScanner {
    /// The element names the XLSX reader acts on (local names, prefixes stripped).
    enum Tag: UInt8 {
        case other, row, c, v, t, inlineString, run, phoneticRun, stringItem
        case sheet, sheets, sheetData, relationship, workbookProperties
    }

    enum Event {
        case start(Tag)
        case end(Tag)
    }

    /// A problem in the XML itself (`line` is the physical line of the part), or a text longer
    /// than allowed.
    struct Failure: Error {
        enum Kind { case malformed, textTooLong }
        let kind: Kind
        let line: Int
        let message: String
    }

    private struct Malformed: Error {
        let kind: Failure.Kind
        let message: String
        init(_ message: String, kind: Failure.Kind = .malformed) {
            self.message = message
            self.kind = kind
        }
    }

    static let maximumTagBytes = 1 << 20
    static let maximumDepth = 256
    static let maximumAttributes = 64

    // The scanner is used from one thread and its state is never accessed re-entrantly, so the
    // hot stored properties skip Swift's dynamic exclusivity checks (40% of the time otherwise).

    /// The most text bytes `text` may hold between two resets by the handler.
    let maximumTextBytes: Int
    /// Set by the handler: whether text content is appended to `text`.
    @exclusivity(unchecked)
    var capturing = false
    /// Captured text, entities decoded; the handler empties it.
    @exclusivity(unchecked)
    var text: XLSXByteBuffer

    private enum State { case text, entity, tagOpen, tag, markup, comment, cdata, processingInstruction }
    @exclusivity(unchecked)
    private var state = State.text
    @exclusivity(unchecked)
    private var tagBuffer = XLSXByteBuffer(capacity: 256)
    /// The quote that opened the attribute value being read (0 outside values).
    @exclusivity(unchecked)
    private var quote: UInt8 = 0
    private let entityBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
    @exclusivity(unchecked)
    private var entityLength = 0
    private let markupBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
    @exclusivity(unchecked)
    private var markupLength = 0
    /// Consecutive '-' in a comment, ']' in CDATA, or 1 after a '?' in a processing instruction.
    @exclusivity(unchecked)
    private var run = 0
    /// The previous text byte was a CR turned into LF: a following LF is dropped.
    @exclusivity(unchecked)
    private var skipLineFeed = false
    /// Qualified names of the open elements, back to back; `nameStarts` marks where each begins.
    @exclusivity(unchecked)
    private var nameStack = XLSXByteBuffer(capacity: 256)
    @exclusivity(unchecked)
    private var nameStarts: [Int] = []
    @exclusivity(unchecked)
    private var sawRoot = false
    @exclusivity(unchecked)
    private var bytesSeen = 0
    @exclusivity(unchecked)
    private var linesBefore = 0

    // The attributes of the start tag being reported: four offsets each (name start and end in
    // `tagBuffer`, value start and end in `attributeValues`).
    @exclusivity(unchecked)
    private var attributeValues = XLSXByteBuffer(capacity: 256)
    private let attributeSpans = UnsafeMutablePointer<Int>.allocate(capacity: 4 * maximumAttributes)
    @exclusivity(unchecked)
    private var attributeCount = 0

    init(maximumTextBytes: Int) {
        self.maximumTextBytes = maximumTextBytes
        text = XLSXByteBuffer(capacity: 1024)
    }

    deinit {
        text.deallocate()
        tagBuffer.deallocate()
        nameStack.deallocate()
        attributeValues.deallocate()
        entityBytes.deallocate()
        markupBytes.deallocate()
        attributeSpans.deallocate()
    }

    /// Scans `chunk`, calling `handler` for every complete start and end tag (a self-closing
    /// tag gives both). Errors thrown by the handler pass through unchanged.
    func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handler: (Event) throws -> Void) throws {
        guard let p = chunk.baseAddress, chunk.count > 0 else { return }
        let count = chunk.count
        var index = 0
        do {
            if bytesSeen == 0, count >= 2, p[0] == 0xFF || p[0] == 0xFE || (p[0] == 0x3C && p[1] == 0) {
                throw Malformed("het XML-deel is in UTF-16; alleen UTF-8 wordt ondersteund")
            }
            while index < count {
                switch state {
                case .text:
                    if capturing {
                        if skipLineFeed {
                            skipLineFeed = false
                            if p[index] == 10 { index += 1; continue }
                        }
                        var end = index
                        while end < count {
                            let byte = p[end]
                            if byte == 60 || byte == 38 || byte == 13 { break }
                            end += 1
                        }
                        try appendText(p + index, end - index)
                        index = end
                        guard index < count else { break }
                        let byte = p[index]
                        index += 1
                        if byte == 60 {
                            state = .tagOpen
                        } else if byte == 38 {
                            state = .entity
                            entityLength = 0
                        } else {
                            var lineFeed: UInt8 = 10
                            try appendText(&lineFeed, 1)
                            skipLineFeed = true
                        }
                    } else {
                        skipLineFeed = false
                        if let found = memchr(p + index, 60, count - index) {
                            index = UnsafeRawPointer(found) - UnsafeRawPointer(p) + 1
                            state = .tagOpen
                        } else {
                            index = count
                        }
                    }
                case .entity:
                    let byte = p[index]
                    index += 1
                    if byte == 59 {
                        let scalar = try Self.decodeEntity(entityBytes, entityLength)
                        if capturing {
                            guard text.count + 4 <= maximumTextBytes else { throw tooLong() }
                            text.appendScalar(scalar)
                        }
                        state = .text
                    } else {
                        guard entityLength < 12, byte != 60, byte != 38 else {
                            throw Malformed("een '&' zonder geldige entiteit (schrijf &amp;)")
                        }
                        entityBytes[entityLength] = byte
                        entityLength += 1
                    }
                case .tagOpen:
                    let byte = p[index]
                    if byte == 33 {
                        index += 1
                        state = .markup
                        markupLength = 0
                    } else if byte == 63 {
                        index += 1
                        state = .processingInstruction
                        run = 0
                    } else {
                        tagBuffer.removeAll()
                        quote = 0
                        state = .tag
                    }
                case .tag:
                    // Find the closing '>' (outside quoted values), then copy the run at once.
                    var end = index
                    var open = quote
                    while end < count {
                        let byte = p[end]
                        if open != 0 {
                            if byte == open { open = 0 }
                        } else if byte == 62 {
                            break
                        } else if byte == 34 || byte == 39 {
                            open = byte
                        } else if byte == 60 {
                            index = end
                            throw Malformed("een '<' binnen een tag")
                        }
                        end += 1
                    }
                    quote = open
                    guard tagBuffer.count + (end - index) <= Self.maximumTagBytes else {
                        throw Malformed("een tag is langer dan \(Self.maximumTagBytes) bytes")
                    }
                    tagBuffer.append(p + index, count: end - index)
                    if end < count {
                        index = end + 1
                        state = .text
                        try finishTag(handler)
                    } else {
                        index = end
                    }
                case .markup:
                    let byte = p[index]
                    index += 1
                    markupBytes[markupLength] = byte
                    markupLength += 1
                    if markupLength == 2, markupBytes[0] == 45, markupBytes[1] == 45 {
                        state = .comment
                        run = 0
                    } else if markupLength == 7, Self.isCDATAOpening(markupBytes) {
                        state = .cdata
                        run = 0
                    } else if !Self.couldOpenCommentOrCDATA(markupBytes, markupLength) {
                        throw Malformed("een DOCTYPE of andere declaratie wordt niet ondersteund")
                    }
                case .comment:
                    let byte = p[index]
                    index += 1
                    if byte == 45 {
                        run += 1
                    } else if byte == 62, run >= 2 {
                        state = .text
                    } else {
                        run = 0
                    }
                case .cdata:
                    let byte = p[index]
                    index += 1
                    if byte == 93 {
                        run += 1
                    } else if byte == 62, run >= 2 {
                        if capturing { try appendBrackets(run - 2) }
                        run = 0
                        state = .text
                    } else {
                        if capturing {
                            try appendBrackets(run)
                            var copy = byte
                            try appendText(&copy, 1)
                        }
                        run = 0
                    }
                case .processingInstruction:
                    let byte = p[index]
                    index += 1
                    if byte == 62, run == 1 {
                        state = .text
                    } else {
                        run = byte == 63 ? 1 : 0
                    }
                }
            }
        } catch let problem as Malformed {
            throw Failure(kind: problem.kind, line: line(in: p, before: min(index, count)), message: problem.message)
        }
        bytesSeen += count
        linesBefore += Self.countLineFeeds(p, count)
    }

    /// Checks that the part ended after its root element was closed.
    func finish() throws {
        guard sawRoot else {
            throw Failure(kind: .malformed, line: linesBefore + 1, message: "het XML-deel bevat geen element")
        }
        guard state == .text, nameStarts.isEmpty else {
            throw Failure(
                kind: .malformed, line: linesBefore + 1, message: "het XML-deel houdt onverwacht op (niet alle elementen zijn gesloten)")
        }
    }

    /// The decoded value of the current start tag's attribute `name` (a local name). With
    /// `prefixed` the attribute must carry a namespace prefix (as `r:id`), without it none.
    /// Valid only during the `.start` callback.
    func attribute(_ name: StaticString, prefixed: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        let wanted = name.utf8Start
        let wantedCount = name.utf8CodeUnitCount
        let tag = tagBuffer.base
        for index in 0..<attributeCount {
            let nameStart = attributeSpans[4 * index]
            let nameEnd = attributeSpans[4 * index + 1]
            var localStart = nameStart
            var position = nameStart
            while position < nameEnd {
                if tag[position] == 58 { localStart = position + 1 }
                position += 1
            }
            guard (localStart != nameStart) == prefixed, nameEnd - localStart == wantedCount else { continue }
            if memcmp(tag + localStart, wanted, wantedCount) == 0 {
                return attributeValues.slice(attributeSpans[4 * index + 2], attributeSpans[4 * index + 3])
            }
        }
        return nil
    }

    // MARK: - Tags

    private func finishTag(_ handler: (Event) throws -> Void) throws {
        let bytes = tagBuffer.base
        let count = tagBuffer.count
        guard count > 0 else { throw Malformed("een lege tag '<>'") }
        if bytes[0] == 47 {
            var end = count
            while end > 1, Self.isSpace(bytes[end - 1]) { end -= 1 }
            guard end > 1 else { throw Malformed("een sluittag zonder naam") }
            for position in 1..<end where Self.isSpace(bytes[position]) {
                throw Malformed("een sluittag met meer dan een naam")
            }
            guard let open = nameStarts.last else {
                throw Malformed("sluittag </\(Self.string(bytes + 1, end - 1))> zonder openingstag")
            }
            let openCount = nameStack.count - open
            guard openCount == end - 1, memcmp(nameStack.base + open, bytes + 1, openCount) == 0 else {
                throw Malformed(
                    "sluittag </\(Self.string(bytes + 1, end - 1))> hoort niet bij <\(Self.string(nameStack.base + open, openCount))>")
            }
            nameStarts.removeLast()
            nameStack.truncate(to: open)
            try handler(.end(Self.classify(bytes + 1, end - 1)))
            return
        }
        var end = count
        let selfClosing = bytes[count - 1] == 47
        if selfClosing { end -= 1 }
        var nameEnd = 0
        while nameEnd < end, !Self.isSpace(bytes[nameEnd]) { nameEnd += 1 }
        guard nameEnd > 0 else { throw Malformed("een tag zonder naam") }
        for position in 0..<nameEnd {
            let byte = bytes[position]
            if byte == 61 || byte == 34 || byte == 39 || byte == 38 || byte == 47 {
                throw Malformed("ongeldige elementnaam '\(Self.string(bytes, nameEnd))'")
            }
        }
        try parseAttributes(from: nameEnd, to: end)
        if nameStarts.isEmpty {
            guard !sawRoot else { throw Malformed("meer dan een hoofdelement") }
            sawRoot = true
        }
        let tag = Self.classify(bytes, nameEnd)
        if !selfClosing {
            guard nameStarts.count < Self.maximumDepth else {
                throw Malformed("de elementen zijn dieper dan \(Self.maximumDepth) niveaus genest")
            }
            nameStarts.append(nameStack.count)
            nameStack.append(bytes, count: nameEnd)
        }
        try handler(.start(tag))
        if selfClosing { try handler(.end(tag)) }
    }

    private func parseAttributes(from start: Int, to end: Int) throws {
        let bytes = tagBuffer.base
        attributeCount = 0
        attributeValues.removeAll()
        var index = start
        while true {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            if index == end { return }
            let nameStart = index
            while index < end, !Self.isSpace(bytes[index]), bytes[index] != 61 {
                let byte = bytes[index]
                if byte == 34 || byte == 39 || byte == 47 { throw Malformed("ongeldige attribuutnaam") }
                index += 1
            }
            let nameEnd = index
            guard nameEnd > nameStart else { throw Malformed("een attribuut zonder naam") }
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == 61 else {
                throw Malformed("attribuut '\(Self.string(bytes + nameStart, nameEnd - nameStart))' zonder waarde")
            }
            index += 1
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == 34 || bytes[index] == 39 else {
                throw Malformed(
                    "de waarde van attribuut '\(Self.string(bytes + nameStart, nameEnd - nameStart))' staat niet tussen aanhalingstekens")
            }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < end, bytes[index] != quote { index += 1 }
            guard index < end else { throw Malformed("een attribuutwaarde wordt niet afgesloten") }
            let valueEnd = index
            index += 1
            guard attributeCount < Self.maximumAttributes else {
                throw Malformed("een tag met meer dan \(Self.maximumAttributes) attributen")
            }
            let decodedStart = attributeValues.count
            try decodeAttributeValue(bytes + valueStart, valueEnd - valueStart)
            attributeSpans[4 * attributeCount] = nameStart
            attributeSpans[4 * attributeCount + 1] = nameEnd
            attributeSpans[4 * attributeCount + 2] = decodedStart
            attributeSpans[4 * attributeCount + 3] = attributeValues.count
            attributeCount += 1
        }
    }

    private func decodeAttributeValue(_ value: UnsafePointer<UInt8>, _ count: Int) throws {
        var index = 0
        while index < count {
            // Copy the run up to the next '&' at once.
            var end = index
            while end < count, value[end] != 38 {
                if value[end] == 60 { throw Malformed("een '<' in een attribuutwaarde") }
                end += 1
            }
            attributeValues.append(value + index, count: end - index)
            guard end < count else { return }
            var semicolon = end + 1
            while semicolon < count, semicolon - end <= 12, value[semicolon] != 59 { semicolon += 1 }
            guard semicolon < count, value[semicolon] == 59 else { throw Malformed("een '&' zonder geldige entiteit (schrijf &amp;)") }
            attributeValues.appendScalar(try Self.decodeEntity(value + end + 1, semicolon - end - 1))
            index = semicolon + 1
        }
    }

    // MARK: - Text

    @inline(__always)
    private func appendText(_ bytes: UnsafePointer<UInt8>, _ count: Int) throws {
        guard count > 0 else { return }
        guard text.count + count <= maximumTextBytes else { throw tooLong() }
        text.append(bytes, count: count)
    }

    private func appendBrackets(_ count: Int) throws {
        var bracket: UInt8 = 93
        for _ in 0..<max(count, 0) { try appendText(&bracket, 1) }
    }

    private func tooLong() -> Malformed {
        Malformed("een tekst is langer dan \(maximumTextBytes) bytes", kind: .textTooLong)
    }

    // MARK: - Helpers

    private func line(in pointer: UnsafePointer<UInt8>, before index: Int) -> Int {
        linesBefore + Self.countLineFeeds(pointer, index) + 1
    }

    private static func countLineFeeds(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var lines = 0
        for index in 0..<count where pointer[index] == 10 { lines += 1 }
        return lines
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 10 || byte == 13 || byte == 9
    }

    private static func isCDATAOpening(_ bytes: UnsafePointer<UInt8>) -> Bool {
        memcmp(bytes, "[CDATA[", 7) == 0
    }

    private static func couldOpenCommentOrCDATA(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count <= 2, memcmp(bytes, "--", count) == 0 { return true }
        return count <= 7 && memcmp(bytes, "[CDATA[", count) == 0
    }

    /// Decodes the entity between '&' and ';'.
    static func decodeEntity(_ name: UnsafePointer<UInt8>, _ count: Int) throws -> UInt32 {
        func matches(_ literal: StaticString) -> Bool {
            count == literal.utf8CodeUnitCount && memcmp(name, literal.utf8Start, count) == 0
        }
        if count >= 2, name[0] == 35 {
            var value: UInt32 = 0
            let hex = name[1] == 0x78
            let digits = hex ? 2 : 1
            guard count > digits, count - digits <= 8 else { throw Malformed("ongeldige tekenverwijzing") }
            if hex {
                guard let parsed = XLSXByteBuffer.hexValue(name + 2, count - 2) else { throw Malformed("ongeldige tekenverwijzing") }
                value = parsed
            } else {
                for index in 1..<count {
                    let byte = name[index]
                    guard byte >= 0x30, byte <= 0x39 else { throw Malformed("ongeldige tekenverwijzing") }
                    value = value * 10 + UInt32(byte - 0x30)
                }
            }
            let allowed =
                value == 9 || value == 10 || value == 13 || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            guard allowed else { throw Malformed("tekenverwijzing &#\(value); is geen geldig XML-teken") }
            return value
        }
        if matches("amp") { return 38 }
        if matches("lt") { return 60 }
        if matches("gt") { return 62 }
        if matches("quot") { return 34 }
        if matches("apos") { return 39 }
        throw Malformed("onbekende entiteit &\(string(name, count));")
    }

    static func string(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes, count: min(count, 80)), as: UTF8.self)
    }

    /// The tag for a qualified name (the prefix before ':' is ignored).
    static func classify(_ name: UnsafePointer<UInt8>, _ count: Int) -> Tag {
        var start = 0
        for index in 0..<count where name[index] == 58 { start = index + 1 }
        let local = name + start
        let length = count - start
        func equals(_ literal: StaticString) -> Bool { memcmp(local, literal.utf8Start, length) == 0 }
        switch length {
        case 1:
            switch local[0] {
            case 0x63: return .c
            case 0x76: return .v
            case 0x74: return .t
            case 0x72: return .run
            default: return .other
            }
        case 2:
            if equals("is") { return .inlineString }
            if equals("si") { return .stringItem }
        case 3:
            if equals("row") { return .row }
            if equals("rPh") { return .phoneticRun }
        case 5:
            if equals("sheet") { return .sheet }
        case 6:
            if equals("sheets") { return .sheets }
        case 9:
            if equals("sheetData") { return .sheetData }
        case 10:
            if equals("workbookPr") { return .workbookProperties }
        case 12:
            if equals("Relationship") { return .relationship }
        default:
            break
        }
        return .other
    }
}
