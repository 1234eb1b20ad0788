// Log-gamma function: a thin wrapper over libm's reentrant `lgamma_r`.
//
// Source: C99/POSIX `lgamma_r` (glibc). The reentrant variant is used because plain `lgamma`
// writes the global `signgam`, which is a data race under Swift 6 strict concurrency.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// log |Γ(x)|, from libm.
@inlinable
public func logGamma(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}
