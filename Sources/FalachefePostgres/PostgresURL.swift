import FalachefeCore
import Foundation
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL (the form of
/// `DATABASE_URL`). postgres-nio has no URL initialiser, so the parts are read with
/// `URLComponents`. `description` never shows the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode`, reduced to what postgres-nio offers).
    public enum TLSMode: String, Sendable, Hashable {
        /// `sslmode=disable`: plain TCP.
        case disable
        /// `sslmode=prefer` (the default, also `allow`): TLS when the server offers it.
        case prefer
        /// `sslmode=require` (also `verify-ca`, `verify-full`): TLS with certificate checks, or fail.
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `string`; a malformed URL is `StoreError.unavailable` naming the problem
    /// (never the password).
    public init(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw StoreError.unavailable("database URL must start with postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("database URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.unavailable("database URL has no user name")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { $1 }
        )
        let tls: TLSMode
        switch query["sslmode"]?.lowercased() {
        case nil, "prefer", "allow": tls = .prefer
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require
        case let other?: throw StoreError.unavailable("database URL has an unknown sslmode \(other)")
        }
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: path.isEmpty ? user : (path.removingPercentEncoding ?? path), tls: tls
        )
    }

    /// The same server and credentials with another database.
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL with its password, to hand to another process (`DATABASE_URL`). A secret:
    /// never log it; `description` masks the password.
    public var connectionString: String {
        let allowed = CharacterSet.urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/"))
        let user = username.addingPercentEncoding(withAllowedCharacters: allowed) ?? username
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0) } ?? ""
        return "postgres://\(user)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The pool's idle timeout and keep-alive period.
    static let poolTimer = Duration.seconds(10)

    /// The pooled client's configuration.
    func clientConfiguration(maximumConnections: Int, applicationName: String?) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS
        )
        configuration.options.maximumConnections = max(maximumConnections, 1)
        // Every time a pooled connection goes idle the pool arms an idle and a keep-alive
        // timer as `Task.sleep`s; a cancelled `Task.sleep` stays allocated until its
        // deadline. At ~700 idle spells a second the defaults (60 s, 30 s) held 9 MB of
        // cancelled timers; 10 s each hold under a quarter of that.
        configuration.options.connectionIdleTimeout = Self.poolTimer
        configuration.options.keepAliveBehavior = .init(frequency: Self.poolTimer)
        // Two stay open through quiet spells, so a message after one does not wait for a login.
        configuration.options.minimumConnections = min(2, configuration.options.maximumConnections - 1)
        if let applicationName {
            configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        }
        return configuration
    }

    /// The configuration of one connection outside the pool (migrations, administration).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}
