/// A mistake in how the program was called or configured (SPEC §3: exit status 2, nothing done).
/// The message is Dutch: it is shown to the operator as it is.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reference data that cannot be loaded (SPEC §1): names file, line and column where known.
public struct ReferenceDataError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An I/O or internal failure (SPEC §3: exit status 1; nothing of the failed unit stored).
public struct FailureError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
