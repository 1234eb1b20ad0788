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
        let values = [
            incident.schoolCode, incident.incidentId, incident.datum.description, incident.categorie,
            incident.locatie.rawValue, incident.politie.rawValue, incident.leeftijd.rawValue, incident.ernst.rawValue,
        ]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(0) { $0 + $1.utf8.count })
        var ends = SIMD8<Int32>()
        for (index, value) in values.enumerated() {
            bytes.append(contentsOf: value.utf8)
            ends[index] = Int32(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// The byte range of value `index` (0…7).
    @inline(__always)
    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
