@testable import Store
import Testing

@Suite("UnchangedKeys: a re-delivery's unchanged keys in bounded memory")
struct UnchangedKeysTests {
    static func key(_ school: String, _ id: String) -> (UInt64, UInt32) {
        var school = school, id = id
        return school.withUTF8 { s in id.withUTF8 { i in UnchangedKeys.fingerprint(school: UnsafeRawBufferPointer(s), id: UnsafeRawBufferPointer(i)) } }
    }

    @Test("every key held is found with its line, through growth; a key never held is not")
    func heldAndFound() {
        var keys = UnchangedKeys(slots: 16)
        var refused = 0
        for number in 0..<5000 where !keys.insert(Self.key("VO\(number % 7)", "B\(number)"), line: number + 2) { refused += 1 }
        #expect(refused == 0)
        #expect(keys.count == 5000)
        for number in 0..<5000 { #expect(keys.line(of: Self.key("VO\(number % 7)", "B\(number)")) == number + 2) }
        #expect(keys.line(of: Self.key("VO1", "B0")) == nil) // B0 belongs to VO0
        #expect(keys.line(of: Self.key("VO0", "B5000")) == nil)
        // The separator keeps (school, id) apart from a shifted split of the same bytes.
        let shifted = Self.key("VO1", "2B"), other = Self.key("VO12", "B")
        #expect(shifted.0 != other.0 || shifted.1 != other.1)
    }

    @Test("full at three quarters of its slot limit: refuses further keys (the writer falls back to the touched table)")
    func bounded() {
        var keys = UnchangedKeys(slots: 16, slotLimit: 64)
        var held = 0
        for number in 0..<100 where keys.insert(Self.key("PO1", "\(number)"), line: number) { held += 1 }
        #expect(held == 48)
        #expect(keys.line(of: Self.key("PO1", "47")) == 47)
        #expect(keys.line(of: Self.key("PO1", "48")) == nil)
    }
}
