import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The operating system's errors in Dutch, with what to do: a full disk must not reach the
/// operator as "Error Domain=NSCocoaErrorDomain Code=640".
public enum SystemErrorText {
    /// A Dutch phrase for an `errno` value.
    public static func dutch(errno code: Int32) -> String {
        switch code {
        case ENOSPC: "de schijf is vol (maak ruimte vrij, bijvoorbeeld door oude reservekopieën of overzichten te verwijderen)"
        case EDQUOT: "het schijfquotum is op (maak ruimte vrij of vraag om meer quotum)"
        case EROFS: "het bestandssysteem is alleen-lezen"
        case EACCES, EPERM: "geen toestemming (controleer eigenaar en rechten)"
        case ENOENT: "bestand of map bestaat niet"
        case EIO: "invoer-/uitvoerfout van de schijf"
        case EMFILE, ENFILE: "te veel open bestanden"
        case ENAMETOOLONG: "de naam is te lang"
        default: "systeemfout \(code): \(String(cString: strerror(code)))"
        }
    }

    /// The errno behind a Foundation error (a POSIX error, or a Cocoa file error with one
    /// underneath), if there is one.
    public static func errno(of error: any Error) -> Int32? {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileWriteOutOfSpaceError: return ENOSPC
            case NSFileWriteVolumeReadOnlyError: return EROFS
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return EACCES
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return ENOENT
            default: return nil
            }
        }
        return nil
    }

    /// A Dutch description of any error from Foundation or the system; nil when it is neither.
    public static func dutch(_ error: any Error) -> String? {
        guard let code = errno(of: error) else { return nil }
        var text = dutch(errno: code)
        if let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String { text = "\(path): " + text }
        return text
    }
}
