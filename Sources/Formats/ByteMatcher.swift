import Foundation

/// Matches a field's raw bytes against the canonical spellings of a closed value list, without
/// building a `String`: the ingest's fast path for `locatie`, `politie`, `leeftijd` and `ernst`.
struct ByteMatcher<Value: CaseIterable & RawRepresentable> where Value.RawValue == String {
    private let entries: [(bytes: [UInt8], value: Value)]

    init() {
        entries = Value.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    @inline(__always)
    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let base = bytes.baseAddress else { return nil }
        for entry in entries where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) }) == 0 { return entry.value }
        }
        return nil
    }
}
