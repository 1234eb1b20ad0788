import Domain
import Foundation

/// Where a PostgreSQL store is: parsed from a `postgresql://` (or `postgres://`) URL, in the
/// form libpq accepts: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or a local socket
/// folder as `?host=/run/postgresql` (or a percent-encoded host `%2Frun%2Fpostgresql`). Two
/// extra query parameters: `schema=NAME` (the tables live in that schema: one covenant per
/// store) and `sslmode=require` (TLS over TCP; without it a TCP connection is plain).
public struct PostgresLocation: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        /// The socket file itself (`FOLDER/.s.PGSQL.PORT`).
        case socket(path: String)
        case tcp(host: String, port: Int, requireTLS: Bool)
    }

    public let endpoint: Endpoint
    public let user: String
    public let password: String?
    public let database: String
    /// The schema the tables live in (`public` unless the URL names one).
    public let schema: String
    /// The URL without its password: for messages and the run log.
    public let display: String

    /// Whether a `--db` value (or `SCHOOLVEILIG_DB`) names a PostgreSQL store rather than an SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw UsageError("ongeldige PostgreSQL-URL: \(Self.redacted(text)) (vorm: postgresql://GEBRUIKER@HOST:POORT/DATABASE)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let port = components.port ?? Int(query["port"] ?? "") ?? 5432
        let host = (components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? "")
        let socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (host.hasPrefix("/") ? host : nil)
        if let socketFolder {
            endpoint = .socket(path: (socketFolder as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else if host.isEmpty {
            endpoint = .socket(path: "/var/run/postgresql/.s.PGSQL.\(port)")
        } else {
            endpoint = .tcp(host: host, port: port, requireTLS: query["sslmode"] == "require" || query["sslmode"] == "verify-full")
        }
        let urlUser = components.user.flatMap { $0.removingPercentEncoding } ?? ""
        user = !urlUser.isEmpty ? urlUser : (query["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres")
        password = components.password.flatMap { $0.removingPercentEncoding } ?? query["password"] ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let name = path.removingPercentEncoding ?? path
        database = name.isEmpty ? (query["dbname"] ?? user) : name
        let schema = query["schema"] ?? "public"
        guard !schema.isEmpty, schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw UsageError("schema '\(schema)' in de PostgreSQL-URL: alleen letters, cijfers en _")
        }
        self.schema = schema
        display = Self.redacted(text)
    }

    /// The URL with any password replaced by `***`.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return text }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems, items.contains(where: { $0.name == "password" }) {
            components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        }
        return components.string ?? text
    }
}
