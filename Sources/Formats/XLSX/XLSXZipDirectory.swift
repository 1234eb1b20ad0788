#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the compressed bytes of each entry of a ZIP archive lie, read from the central
/// directory. ZIPFoundation keeps an entry's data offset internal, and its Linux inflate loop
/// (`Archive.extract`) spins forever when a deflate stream runs on to the end of the file (a
/// stored block whose length reaches past the entry): so the package reads the entry's bytes
/// itself, bounded to the entry, and hands them to ZIPFoundation's `Data.decompress`.
///
/// Every offset and length is checked against the file; anything inconsistent is `nil`.
struct XLSXZipDirectory {
    struct Item {
        let method: UInt16
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let crc32: UInt32
        let localHeaderOffset: UInt64
    }

    /// The central directory's records, in order (as ZIPFoundation iterates its entries).
    let items: [Item]
    let fileSize: UInt64

    static let maximumDirectoryBytes = 64 << 20

    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 22 else { return nil }
        fileSize = UInt64(status.st_size)

        // The end-of-central-directory record: 22 bytes plus a comment of at most 65535.
        let tailLength = Int(min(fileSize, 22 + 65_535))
        guard let tail = Self.read(descriptor, at: fileSize - UInt64(tailLength), count: tailLength) else { return nil }
        var end = -1
        var position = tailLength - 22
        while position >= 0 {
            if Self.u32(tail, position) == 0x0605_4B50,
                position + 22 + Int(Self.u16(tail, position + 20)) <= tailLength
            {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { return nil }
        var entryCount = UInt64(Self.u16(tail, end + 10))
        var directorySize = UInt64(Self.u32(tail, end + 12))
        var directoryOffset = UInt64(Self.u32(tail, end + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator stands just before the end record and points at the ZIP64 end record.
            let endInFile = fileSize - UInt64(tailLength) + UInt64(end)
            guard endInFile >= 20, let locator = Self.read(descriptor, at: endInFile - 20, count: 20),
                Self.u32(locator, 0) == 0x0706_4B50
            else { return nil }
            let recordOffset = Self.u64(locator, 8)
            guard fileSize >= 56, recordOffset <= fileSize - 56, let record = Self.read(descriptor, at: recordOffset, count: 56),
                Self.u32(record, 0) == 0x0606_4B50
            else { return nil }
            entryCount = Self.u64(record, 32)
            directorySize = Self.u64(record, 40)
            directoryOffset = Self.u64(record, 48)
        }
        guard directorySize <= UInt64(Self.maximumDirectoryBytes), directoryOffset <= fileSize,
            directorySize <= fileSize - directoryOffset,
            let directory = Self.read(descriptor, at: directoryOffset, count: Int(directorySize))
        else { return nil }

        var items: [Item] = []
        var offset = 0
        while items.count < entryCount, offset + 46 <= directory.count, Self.u32(directory, offset) == 0x0201_4B50 {
            let nameLength = Int(Self.u16(directory, offset + 28))
            let extraLength = Int(Self.u16(directory, offset + 30))
            let commentLength = Int(Self.u16(directory, offset + 32))
            let recordLength = 46 + nameLength + extraLength + commentLength
            guard offset + recordLength <= directory.count else { return nil }
            var compressed = UInt64(Self.u32(directory, offset + 20))
            var uncompressed = UInt64(Self.u32(directory, offset + 24))
            var localHeader = UInt64(Self.u32(directory, offset + 42))
            // ZIP64 extended information (id 1): the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
            var extra = offset + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.u16(directory, extra)
                let size = Int(Self.u16(directory, extra + 2))
                guard extra + 4 + size <= extraEnd else { break }
                if id == 1 {
                    var field = extra + 4
                    let fieldEnd = field + size
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= fieldEnd { uncompressed = Self.u64(directory, field); field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= fieldEnd { compressed = Self.u64(directory, field); field += 8 }
                    if localHeader == 0xFFFF_FFFF, field + 8 <= fieldEnd { localHeader = Self.u64(directory, field); field += 8 }
                }
                extra += 4 + size
            }
            items.append(
                Item(
                    method: Self.u16(directory, offset + 10), compressedSize: compressed,
                    uncompressedSize: uncompressed, crc32: Self.u32(directory, offset + 16),
                    localHeaderOffset: localHeader))
            offset += recordLength
        }
        self.items = items
    }

    /// The offset of an item's compressed bytes (after its local header), checked to lie
    /// with all its bytes inside the file.
    func dataOffset(of item: Item, descriptor: Int32) -> UInt64? {
        guard item.localHeaderOffset <= fileSize, fileSize - item.localHeaderOffset >= 30,
            let header = Self.read(descriptor, at: item.localHeaderOffset, count: 30),
            Self.u32(header, 0) == 0x0403_4B50
        else { return nil }
        let start = item.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        guard start <= fileSize, item.compressedSize <= fileSize - start else { return nil }
        return start
    }

    /// `count` bytes at `offset`, or nil when the file is shorter or unreadable.
    static func read(_ descriptor: Int32, at offset: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let complete = bytes.withUnsafeMutableBytes { raw in
            read(descriptor, at: offset, into: raw.baseAddress!, count: count)
        }
        return complete ? bytes : nil
    }

    /// Reads `count` bytes at `offset` into `buffer`; false when the file is shorter or unreadable.
    static func read(_ descriptor: Int32, at offset: UInt64, into buffer: UnsafeMutableRawPointer, count: Int) -> Bool {
        guard count >= 0, offset <= UInt64(Int64.max) - UInt64(count) else { return false }
        var done = 0
        while done < count {
            let result = pread(descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    private static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
    }
}
