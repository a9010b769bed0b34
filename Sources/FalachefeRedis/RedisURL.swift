import Foundation

/// Where and how to reach Redis: `redis://[[user]:password@]host[:port][/db]`.
///
/// Defaults: port 6379, database 0, no credentials. User and password may be
/// percent-encoded. `description` masks the password, so the value can be logged.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var database: Int

    public init(host: String, port: Int = 6379, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses a `redis://` URL. Errors name the problem without echoing the URL (it may
    /// hold the password).
    public init(_ string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed) else {
            throw RedisError.invalidURL("not a URL")
        }
        switch components.scheme?.lowercased() {
        case "redis": break
        case "rediss": throw RedisError.invalidURL("TLS (rediss://) is not supported")
        default: throw RedisError.invalidURL("the scheme must be redis://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw RedisError.invalidURL("no host")
        }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw RedisError.invalidURL("port out of range") }

        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let database: Int
        if path.isEmpty {
            database = 0
        } else if let number = Int(path), number >= 0 {
            database = number
        } else {
            throw RedisError.invalidURL("the path must be a database number")
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.password.flatMap { $0.isEmpty ? nil : $0 }
        if user != nil, password == nil {
            throw RedisError.invalidURL("a user needs a password")
        }
        self.init(host: host, port: port, user: user, password: password, database: database)
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        var credentials = ""
        if password != nil {
            credentials = "\(user ?? ""):***@"
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "redis://\(credentials)\(shownHost):\(port)/\(database)"
    }

    /// The same masked form: `String(reflecting:)` and string interpolation in logs
    /// never show the password either.
    public var debugDescription: String { description }

    /// `host:port`, for errors and logs.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `text` with every occurrence of the password masked (server messages, errors).
    func scrubbed(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}
