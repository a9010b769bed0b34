import FalachefeCore
import FalachefePostgres
import FalachefeRedis
import Foundation
import Logging

/// Everything `serve` needs, resolved once at start (flag, then environment, then
/// default) and validated: a bad value stops the server with a message naming it.
public struct AppConfiguration: Sendable {
    public enum LogFormat: String, Sendable {
        case text
        case json
    }

    public var host = "127.0.0.1"
    public var port = 8080
    public var sqlitePath = "./falachefe.sqlite"
    /// `DATABASE_URL`: PostgreSQL instead of the SQLite file (production mode).
    public var databaseURL: PostgresURL?
    /// `FALACHEFE_DATABASE_POOL_SIZE`: PostgreSQL connections this node may open.
    public var databasePoolSize = PostgresStore.defaultMaximumConnections
    /// `FALACHEFE_DATABASE_WAIT_MS`: how long a store call waits for a PostgreSQL connection
    /// before it fails (a webhook then answers 503 with `Retry-After` instead of hanging
    /// while the database is out).
    public var databaseConnectionWait = PostgresStore.defaultConnectionWaitTimeout
    /// `REDIS_URL`: Redis shared by several nodes (dedupe, limits, broadcasts); nil on one node.
    public var redisURL: RedisURL?
    /// `process`: survives a crash of the server process (WAL, synchronous=NORMAL);
    /// `os`: also survives an OS crash or power loss (synchronous=FULL).
    public var durability = "process"
    public var adminToken: String?
    /// `FALACHEFE_MEMORY_TRIM_SECONDS`: how often freed heap memory is given back to the
    /// system (`MemoryTrimService`); 0 never.
    public var memoryTrimInterval = 5
    /// Default UAZ base URL for instances created without one; empty keeps replies in the outbox.
    public var uazAPIURL = ""
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .text
    public var migrationsDirectory: String?
    public var runtime = RuntimeConfiguration()
    /// The OpenAI-compatible engine; nil answers every company with the built-in model.
    public var llm: LLMConfiguration?

    public init() {}

    /// Reads the environment over the defaults.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        let reader = EnvironmentReader(environment: environment)
        var configuration = AppConfiguration()
        if let url = reader.string("DATABASE_URL") {
            do {
                configuration.databaseURL = try PostgresURL(url)
            } catch {
                throw ConfigurationError(variable: "DATABASE_URL", problem: "must be postgres://user:password@host:port/database")
            }
        }
        if let url = reader.string("REDIS_URL") {
            do {
                configuration.redisURL = try RedisURL(url)
            } catch {
                throw ConfigurationError(variable: "REDIS_URL", problem: "must be redis://[[user]:password@]host[:port][/db]")
            }
        }
        configuration.databasePoolSize = try reader.int("FALACHEFE_DATABASE_POOL_SIZE", in: 1...1_000) ?? configuration.databasePoolSize
        if let milliseconds = try reader.int("FALACHEFE_DATABASE_WAIT_MS", in: 50...600_000) {
            configuration.databaseConnectionWait = .milliseconds(milliseconds)
        }
        configuration.memoryTrimInterval = try reader.int("FALACHEFE_MEMORY_TRIM_SECONDS", in: 0...86_400) ?? configuration.memoryTrimInterval
        configuration.host = reader.string("FALACHEFE_HOST") ?? configuration.host
        configuration.port = try reader.int("FALACHEFE_PORT", in: 0...65_535) ?? configuration.port
        configuration.sqlitePath = reader.string("FALACHEFE_SQLITE_PATH") ?? configuration.sqlitePath
        configuration.durability = try reader.choice("FALACHEFE_DURABILITY", ["process", "os"]) ?? configuration.durability
        configuration.adminToken = reader.string("FALACHEFE_ADMIN_TOKEN")
        if let token = configuration.adminToken, token.count < 16 {
            throw ConfigurationError(variable: "FALACHEFE_ADMIN_TOKEN", problem: "must have at least 16 characters")
        }
        if let url = reader.string("UAZ_API_URL") {
            guard let valid = AdminRequests.validBaseURL(url) else {
                throw ConfigurationError(variable: "UAZ_API_URL", problem: "must be an http(s) URL")
            }
            configuration.uazAPIURL = valid
        }
        if let level = try reader.choice("LOG_LEVEL", ["trace", "debug", "info", "notice", "warning", "error", "critical"]) {
            configuration.logLevel = Logger.Level(rawValue: level) ?? .info
        }
        if let format = try reader.choice("LOG_FORMAT", ["text", "json"]) {
            configuration.logFormat = LogFormat(rawValue: format) ?? .text
        }
        configuration.migrationsDirectory = reader.string("FALACHEFE_MIGRATIONS")
        try configuration.runtime.read(reader)
        configuration.llm = try LLMConfiguration.read(reader)
        return configuration
    }
}

/// A configuration value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var variable: String
    public var problem: String

    public var description: String { "\(variable): \(problem)" }
}

extension RuntimeConfiguration {
    mutating func read(_ reader: EnvironmentReader) throws(ConfigurationError) {
        senderMessagesPerMinute = try reader.int("WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE", in: 1...100_000) ?? senderMessagesPerMinute
        tenantMessagesPerMinute = try reader.int("FALACHEFE_TENANT_MESSAGES_PER_MINUTE", in: 1...10_000_000) ?? tenantMessagesPerMinute
        outboundMessagesPerMinute = try reader.int("FALACHEFE_OUTBOUND_MESSAGES_PER_MINUTE", in: 1...1_000_000) ?? outboundMessagesPerMinute
        bulkhead = try reader.int("FALACHEFE_BULKHEAD", in: 1...256) ?? bulkhead
        backlogHardLimit = try reader.int("FALACHEFE_BACKLOG_LIMIT", in: 1...10_000_000) ?? backlogHardLimit
        maxLiveTenants = try reader.int("FALACHEFE_MAX_LIVE_TENANTS", in: 1...1_000_000) ?? maxLiveTenants
        idleTimeout = TimeInterval(try reader.int("FALACHEFE_IDLE_TIMEOUT_SECONDS", in: 1...86_400 * 7) ?? Int(idleTimeout))
        memoryCacheSize = try reader.int("FALACHEFE_MEMORY_CACHE_SIZE", in: 1...1_000_000) ?? memoryCacheSize
        nodeID = reader.string("FALACHEFE_NODE_ID") ?? nodeID
        claimLease = TimeInterval(try reader.int("FALACHEFE_CLAIM_LEASE_SECONDS", in: 2...3_600) ?? Int(claimLease))
        if let days = try reader.int("CREWAI_MEMORY_RETENTION_DAYS", in: 1...3_650) { memoryRetention = TimeInterval(days) * 86_400 }
        if let zone = reader.string("FALACHEFE_TIME_ZONE") {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw ConfigurationError(variable: "FALACHEFE_TIME_ZONE", problem: "unknown time zone")
            }
            self.timeZone = timeZone
        }
    }
}

/// Trimmed, validated reads of environment variables.
struct EnvironmentReader {
    let environment: [String: String]

    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func choice(_ name: String, _ options: [String]) throws(ConfigurationError) -> String? {
        guard let raw = string(name)?.lowercased() else { return nil }
        guard options.contains(raw) else {
            throw ConfigurationError(variable: name, problem: "must be one of \(options.joined(separator: ", "))")
        }
        return raw
    }
}
