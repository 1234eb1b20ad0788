import Domain

/// An incident's eight stored values as UTF-8, side by side in one buffer: made on the reading
/// thread, bound in place by the writing thread (`SQLITE_STATIC`), so the writer — the ingest's
/// bottleneck — neither formats nor copies nor allocates per row.
///
/// Order: school_code, incident_id, datum, categorie, locatie, politie, leeftijd, ernst.
public struct EncodedIncident: Sendable {
    public let incident: Incident
    let bytes: [UInt8]
    /// The end offset of each of the eight values in `bytes`.
    let ends: SIMD8<Int32>

    public init(_ incident: Incident) {
        self.incident = incident
        let school = incident.schoolCode, id = incident.incidentId, categorie = incident.categorie
        let locatie = incident.locatie.rawValue, politie = incident.politie.rawValue
        let leeftijd = incident.leeftijd.rawValue, ernst = incident.ernst.rawValue
        let datum = incident.datum
        var ends = SIMD8<Int32>()
        var end = 0
        end += school.utf8.count
        ends[0] = Int32(end)
        end += id.utf8.count
        ends[1] = Int32(end)
        end += 10
        ends[2] = Int32(end)
        end += categorie.utf8.count
        ends[3] = Int32(end)
        end += locatie.utf8.count
        ends[4] = Int32(end)
        end += politie.utf8.count
        ends[5] = Int32(end)
        end += leeftijd.utf8.count
        ends[6] = Int32(end)
        end += ernst.utf8.count
        ends[7] = Int32(end)
        let offsets = ends
        // One allocation, filled by memcpy from each value's UTF-8 (no per-byte append, no array
        // of the eight strings); the date is written digit by digit. The closure captures only
        // constants: a captured variable would cost a dynamic exclusivity check per access.
        bytes = [UInt8](unsafeUninitializedCapacity: end) { buffer, count in
            let base = buffer.baseAddress!
            Self.copy(school, to: base)
            Self.copy(id, to: base + Int(offsets[0]))
            Self.write(datum, to: base + Int(offsets[1]))
            Self.copy(categorie, to: base + Int(offsets[2]))
            Self.copy(locatie, to: base + Int(offsets[3]))
            Self.copy(politie, to: base + Int(offsets[4]))
            Self.copy(leeftijd, to: base + Int(offsets[5]))
            Self.copy(ernst, to: base + Int(offsets[6]))
            count = Int(offsets[7])
        }
        self.ends = ends
    }

    @inline(__always)
    private static func copy(_ text: String, to target: UnsafeMutablePointer<UInt8>) {
        var text = text
        text.withUTF8 { utf8 in
            if let source = utf8.baseAddress, !utf8.isEmpty { target.initialize(from: source, count: utf8.count) }
        }
    }

    /// `YYYY-MM-DD`, as `Day.description` writes it.
    @inline(__always)
    private static func write(_ day: Day, to target: UnsafeMutablePointer<UInt8>) {
        var year = day.year
        for position in stride(from: 3, through: 0, by: -1) {
            target[position] = UInt8(48 + year % 10)
            year /= 10
        }
        target[4] = UInt8(ascii: "-")
        target[5] = UInt8(48 + day.month / 10)
        target[6] = UInt8(48 + day.month % 10)
        target[7] = UInt8(ascii: "-")
        target[8] = UInt8(48 + day.day / 10)
        target[9] = UInt8(48 + day.day % 10)
    }

    /// The byte range of value `index` (0…7).
    @inline(__always)
    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
