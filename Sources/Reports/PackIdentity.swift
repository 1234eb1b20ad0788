/// Who a pack is for, as structured data (issue 16): the pipeline (its audience), the dimension
/// it is split by, and the value of that dimension. Registers and packs are keyed by it, never by
/// a file name: the school codes `VO_01` and `MBO_01` are two identities.
public struct PackIdentity: Sendable, Hashable {
    public let pipeline: String
    public let split: PackSettings.Split
    /// The gebied, wijk or school code; nil for a city-wide pack.
    public let value: String?

    public init(pipeline: String, split: PackSettings.Split, value: String?) {
        self.pipeline = pipeline
        self.split = split
        self.value = value
    }

    /// The key of the pack's release register: `kerngroep`, `stadsdeel/gebied=Oost-Haven`,
    /// `schoolgesprek/school=VO_01`.
    public var register: String {
        guard split != .none, let value else { return pipeline }
        return "\(pipeline)/\(split.rawValue)=\(value)"
    }
}
