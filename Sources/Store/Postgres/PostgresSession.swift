import Domain
import Foundation
import Logging
import PostgresNIO

/// One connection to a PostgreSQL server, used synchronously. postgres-nio is asynchronous;
/// the ports are synchronous: every statement is sent on the connection's event loop and the
/// calling thread waits for its future (`wait()`), which is allowed on any thread that is not an
/// event loop's — the CLI's main thread, a test's task. Statements are serialised by a
/// recursive lock, so a transaction's body may run statements of its own.
///
/// SQL is written with SQLite's placeholders (`?`, `?1`), turned into PostgreSQL's (`$1`) here,
/// so a statement reads the same in both stores.
final class PostgresSession: @unchecked Sendable {
    /// One event-loop thread for every connection of the process; never shut down (it lives as
    /// long as the process, like a GRDB pool's threads).
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private static let logger = Logger(label: "schoolveilig.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    let location: PostgresLocation
    private let connection: PostgresConnection
    private let lock = NSRecursiveLock()
    private var depth = 0

    init(_ location: PostgresLocation) throws {
        self.location = location
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case .socket(let path):
            configuration = .init(
                unixSocketPath: path, username: location.user, password: location.password, database: location.database)
        case .tcp(let host, let port, let requireTLS):
            let tls: PostgresConnection.Configuration.TLS
            if requireTLS {
                do {
                    tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                } catch {
                    throw FailureError("kan geen TLS-verbinding voorbereiden voor \(location.display) (\(error))")
                }
            } else {
                tls = .disable
            }
            configuration = .init(
                host: host, port: port, username: location.user, password: location.password, database: location.database, tls: tls)
        }
        do {
            connection = try PostgresConnection.connect(
                on: Self.group.next(), configuration: configuration, id: 1, logger: Self.logger
            ).wait()
        } catch {
            throw FailureError(
                "kan geen verbinding maken met de PostgreSQL-database \(location.display) (\(Self.describe(error))); draait de server, en klopt de URL in --db of SCHOOLVEILIG_DB?"
            )
        }
        try execute("SET search_path TO \(location.schema)")
        try execute("SET client_min_messages TO warning")
    }

    deinit {
        try? connection.close().wait()
    }

    /// Runs a statement; returns the number of rows it changed (0 for other statements).
    @discardableResult
    func execute(_ sql: String, _ arguments: [any PostgresArgument] = []) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    /// Runs a query and returns its rows, each value as text, integer or null.
    /// The column names are read once per result and shared by its rows (a snapshot's facts
    /// run to millions of rows).
    func rows(_ sql: String, _ arguments: [any PostgresArgument] = []) throws -> [PostgresValues] {
        let rows = try run(sql, arguments).rows
        guard let first = rows.first else { return [] }
        let names = first.map(\.columnName)
        var result: [PostgresValues] = []
        result.reserveCapacity(rows.count)
        for row in rows { result.append(PostgresValues(row, names: names)) }
        return result
    }

    /// Runs a query that may return millions of rows (a national snapshot's facts) through a
    /// cursor, `batch` rows at a time, in one transaction (the caller's, or one of its own):
    /// postgres-nio's buffered `query` copies its growing row array as the rows arrive, which
    /// made a 4.5-million-row read take minutes.
    func rowsInBatches(
        _ sql: String, _ arguments: [any PostgresArgument] = [], batch: Int = 50_000, _ body: (PostgresValues) throws -> Void
    ) throws {
        try transaction {
            try execute("DECLARE schoolveilig_batches NO SCROLL CURSOR FOR \(sql)", arguments)
            while true {
                let rows = try rows("FETCH FORWARD \(batch) FROM schoolveilig_batches")
                for row in rows { try body(row) }
                if rows.count < batch { break }
            }
            try execute("CLOSE schoolveilig_batches")
        }
    }

    func one(_ sql: String, _ arguments: [any PostgresArgument] = []) throws -> PostgresValues? {
        try rows(sql, arguments).first
    }

    func string(_ sql: String, _ arguments: [any PostgresArgument] = []) throws -> String? {
        try one(sql, arguments)?.optionalString(0)
    }

    func int(_ sql: String, _ arguments: [any PostgresArgument] = []) throws -> Int? {
        try one(sql, arguments)?.optionalInt(0)
    }

    /// Whether a transaction of this session is open (on this thread, under the lock).
    var inTransaction: Bool {
        lock.lock()
        defer { lock.unlock() }
        return depth > 0
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// A nested call joins the outer transaction.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if depth > 0 { return try body() }
        try execute("BEGIN")
        depth += 1
        defer { depth -= 1 }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: [any PostgresArgument]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        do {
            for argument in arguments { try argument.bind(into: &bindings) }
        } catch {
            throw FailureError("kan een waarde niet doorgeven aan PostgreSQL (\(error))")
        }
        let query = PostgresQuery(unsafeSQL: Self.placeholders(sql), binds: bindings)
        lock.lock()
        defer { lock.unlock() }
        do {
            return try connection.query(query, logger: Self.logger).wait()
        } catch {
            throw FailureError("PostgreSQL-fout in \(location.display): \(Self.describe(error))")
        }
    }

    /// The server's own message and SQLSTATE where it sent one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// `?` → `$1, $2, …` in order, `?N` → `$N`; nothing inside quotes is touched.
    static func placeholders(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var next = 1
        var inQuote: Character? = nil
        var characters = sql.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if let quote = inQuote {
                result.append(character)
                if character == quote { inQuote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                inQuote = character
                result.append(character)
                continue
            }
            guard character == "?" else {
                result.append(character)
                continue
            }
            var digits = ""
            while let following = characters.next() {
                if following.isASCII, following.isNumber {
                    digits.append(following)
                } else {
                    pending = following
                    break
                }
            }
            if digits.isEmpty {
                result += "$\(next)"
                next += 1
            } else {
                result += "$" + digits
            }
        }
        return result
    }
}

/// A value bound to a statement: text, an integer, an array of either (for `unnest`), or null.
protocol PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws
}

extension String: PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Int: PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws { bindings.append(Int64(self)) }
}

extension Int64: PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Array: PostgresArgument where Element: PostgresArrayEncodable & PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

extension Optional: PostgresArgument where Wrapped: PostgresArgument {
    func bind(into bindings: inout PostgresBindings) throws {
        switch self {
        case .none: bindings.appendNull()
        case .some(let value): try value.bind(into: &bindings)
        }
    }
}

/// One row of a result, each value decoded once as text, integer or null.
struct PostgresValues {
    enum Value {
        case text(String)
        case int(Int64)
        case null
    }

    let values: [Value]
    let names: [String]

    init(_ row: PostgresRow, names: [String]) {
        var values: [Value] = []
        values.reserveCapacity(names.count)
        for cell in row {
            guard cell.bytes != nil else {
                values.append(.null)
                continue
            }
            switch cell.dataType {
            case .int2, .int4, .int8:
                values.append((try? cell.decode(Int64.self)).map(Value.int) ?? .null)
            case .bool:
                values.append((try? cell.decode(Bool.self)).map { .int($0 ? 1 : 0) } ?? .null)
            case .numeric:
                let text = (try? cell.decode(String.self)) ?? ""
                values.append(Int64(text).map(Value.int) ?? .text(text))
            default:
                values.append((try? cell.decode(String.self)).map(Value.text) ?? .null)
            }
        }
        self.values = values
        self.names = names
    }

    func optionalString(_ index: Int) -> String? {
        switch values[index] {
        case .text(let text): return text
        case .int(let number): return String(number)
        case .null: return nil
        }
    }

    func string(_ index: Int) -> String { optionalString(index) ?? "" }

    func optionalInt(_ index: Int) -> Int? {
        switch values[index] {
        case .int(let number): return Int(number)
        case .text(let text): return Int(text)
        case .null: return nil
        }
    }

    func int(_ index: Int) -> Int { optionalInt(index) ?? 0 }
    func int64(_ index: Int) -> Int64 { Int64(int(index)) }

    func index(_ name: String) -> Int? { names.firstIndex(of: name) }
    func string(_ name: String) -> String { index(name).map { string($0) } ?? "" }
    func optionalString(_ name: String) -> String? { index(name).flatMap { optionalString($0) } }
    func int(_ name: String) -> Int { index(name).map { int($0) } ?? 0 }
}
