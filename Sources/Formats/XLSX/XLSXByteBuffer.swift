/// A growable byte buffer on a raw allocation: no copy-on-write or exclusivity checks in the
/// hot loops of the XLSX scanner. The owner must call `deallocate()` (from its `deinit`).
struct XLSXByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    /// Makes room for `extra` more bytes (doubling, so appends stay amortised O(1)).
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).update(from: bytes, count: length)
        count += length
    }

    /// Appends a Unicode scalar value as UTF-8 (the caller has checked that it is valid).
    mutating func appendScalar(_ value: UInt32) {
        reserve(4)
        count += Self.encode(value, into: base + count)
    }

    /// Writes `value` as UTF-8 at `pointer` (room for 4 bytes); returns the byte count.
    static func encode(_ value: UInt32, into pointer: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0x80 {
            pointer[0] = UInt8(value)
            return 1
        } else if value < 0x800 {
            pointer[0] = UInt8(0xC0 | (value >> 6))
            pointer[1] = UInt8(0x80 | (value & 0x3F))
            return 2
        } else if value < 0x10000 {
            pointer[0] = UInt8(0xE0 | (value >> 12))
            pointer[1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            pointer[2] = UInt8(0x80 | (value & 0x3F))
            return 3
        } else {
            pointer[0] = UInt8(0xF0 | (value >> 18))
            pointer[1] = UInt8(0x80 | ((value >> 12) & 0x3F))
            pointer[2] = UInt8(0x80 | ((value >> 6) & 0x3F))
            pointer[3] = UInt8(0x80 | (value & 0x3F))
            return 4
        }
    }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Drops the bytes from `newCount` on.
    @inline(__always)
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

    /// Bytes `start..<end` as a buffer (valid until the next append).
    @inline(__always)
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Decodes OOXML's `_xHHHH_` escapes (how Excel stores control characters such as CR in
    /// strings; `_x005F_` is a literal underscore) in bytes `start..<count`, in place.
    mutating func unescapeOOXML(from start: Int) {
        var read = start
        // Nothing to do without an underscore: the common case costs one scan.
        while read < count, base[read] != 0x5F { read += 1 }
        guard read < count else { return }
        var write = read
        while read < count {
            let byte = base[read]
            if byte == 0x5F, read + 6 < count, base[read + 1] == 0x78, base[read + 6] == 0x5F,
                let value = Self.hexValue(base + read + 2, 4),
                value != 0, !(0xD800...0xDFFF).contains(value)
            {
                // At most 3 bytes for a BMP scalar, written over the 7 just consumed.
                write += Self.encode(value, into: base + write)
                read += 7
            } else {
                base[write] = byte
                write += 1
                read += 1
            }
        }
        count = write
    }

    static func hexValue(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        var value: UInt32 = 0
        for index in 0..<length {
            let byte = pointer[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
