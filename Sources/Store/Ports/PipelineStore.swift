import Domain

/// The port through which the nightly stages keep the marts equal to the stored data.
public protocol MartMaintenance: Sendable {
    /// Recomputes the (school, month) pairs new deliveries touched, or everything (`full`, or
    /// after a reference load); nothing when nothing is new.
    func refreshMarts(full: Bool) throws -> MartBuilder.Result
}

/// The port through which a reference load replaces the reference data (SPEC §1).
public protocol ReferenceWriter: Sendable {
    /// Replaces all reference data in one transaction; refused (nothing changed) when stored
    /// incidents would be orphaned, unless `force`.
    func replaceReference(_ reference: ReferenceData, sha256: String, source: String, force: Bool) throws -> ReferenceStore.ReplaceSummary
}

/// Everything a pipeline run reads and writes: the stages see this door and nothing behind it.
/// `SchoolveiligDatabase` (SQLite) is one implementation.
public typealias PipelineStore = IngestSink & MartReader & ReferenceCatalog & DeliveryCatalog & ReleaseRegisters & PublishedCells
    & PackEditions
    & RunLogStore
    & RetentionStore & MartMaintenance & ReferenceWriter & OperatorStore

extension SchoolveiligDatabase: MartMaintenance, ReferenceWriter {
    public func refreshMarts(full: Bool) throws -> MartBuilder.Result {
        try MartBuilder.refresh(self, full: full)
    }

    public func replaceReference(_ reference: ReferenceData, sha256: String, source: String, force: Bool) throws
        -> ReferenceStore.ReplaceSummary
    {
        try ReferenceStore.replace(reference, sha256: sha256, source: source, force: force, in: self)
    }
}
