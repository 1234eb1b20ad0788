import ArgumentParser
import Domain
import Foundation
import Store

/// Runs a command body and turns its result or error into the SPEC §3 exit status, printing
/// errors in Dutch on stderr.
enum Outcome {
    static func run(_ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
        } catch let error as UsageError {
            Terminal.error(error.message)
            status = .usage
        } catch let error as ReferenceDataError {
            Terminal.error(error.message)
            status = .usage
        } catch let error as FailureError {
            Terminal.error(error.message)
            status = .failed
        } catch is LockedError {
            Terminal.error("draait al: een andere run gebruikt deze database; probeer het later opnieuw")
            status = .locked
        } catch let error as ValidationError {
            throw error
        } catch {
            if let text = SystemErrorText.dutch(error) {
                Terminal.error("mislukt: \(text)")
            } else {
                Terminal.error("onverwachte fout: \(error)")
            }
            status = .failed
        }
        if status != .done { throw ExitCode(status.rawValue) }
    }

    /// Takes the run lock, or ends with 75 ("draait al"). Only `restore` uses it bare: it may
    /// replace a damaged database. Every other writing command uses `lockForWriting`.
    static func lock(_ options: DatabaseOptions) throws -> RunLock {
        try options.requireSQLite()
        guard let lock = try RunLock.acquire(databasePath: options.path) else {
            throw LockedError()
        }
        return lock
    }

    /// Takes the run lock for a command that writes, then checks the database file (`PRAGMA
    /// quick_check`) before anything opens it for work: a damaged database is refused (exit 1,
    /// nothing written). A missing database is refused (exit 2, no lock file left) unless the
    /// command may create it.
    static func lockForWriting(_ options: DatabaseOptions, creating: Bool = false) throws -> RunLock {
        try options.requireSQLite()
        try SchoolveiligDatabase.requireFolder(of: options.path)
        let exists = FileManager.default.fileExists(atPath: options.path)
        if !exists, !creating { try options.requireExisting() }
        let lock = try lock(options)
        if exists { try DatabaseHealth.requireSound(path: options.path) }
        return lock
    }
}

struct LockedError: Error {}
