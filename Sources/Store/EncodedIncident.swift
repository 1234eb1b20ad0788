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
        var school = incident.schoolCode, id = incident.incidentId, categorie = incident.categorie
        var locatie = incident.locatie.rawValue, politie = incident.politie.rawValue
        var leeftijd = incident.leeftijd.rawValue, ernst = incident.ernst.rawValue
        let total =
            school.utf8.count + id.utf8.count + 10 + categorie.utf8.count + locatie.utf8.count + politie.utf8.count
            + leeftijd.utf8.count + ernst.utf8.count
        var ends = SIMD8<Int32>()
        // One allocation, filled by memcpy from each value's UTF-8 (no per-byte append, no array
        // of the eight strings); the date is written digit by digit.
        bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            var offset = 0
            func put(_ text: inout String, _ index: Int) {
                text.withUTF8 { utf8 in
                    if let source = utf8.baseAddress, !utf8.isEmpty {
                        (buffer.baseAddress! + offset).initialize(from: source, count: utf8.count)
                    }
                    offset += utf8.count
                }
                ends[index] = Int32(offset)
            }
            func digits(_ value: Int, width: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(48 + rest % 10)
                    rest /= 10
                }
                offset += width
            }
            put(&school, 0)
            put(&id, 1)
            let datum = incident.datum
            digits(datum.year, width: 4)
            buffer[offset] = UInt8(ascii: "-")
            offset += 1
            digits(datum.month, width: 2)
            buffer[offset] = UInt8(ascii: "-")
            offset += 1
            digits(datum.day, width: 2)
            ends[2] = Int32(offset)
            put(&categorie, 3)
            put(&locatie, 4)
            put(&politie, 5)
            put(&leeftijd, 6)
            put(&ernst, 7)
            count = offset
        }
        self.ends = ends
    }

    /// The byte range of value `index` (0…7).
    @inline(__always)
    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
