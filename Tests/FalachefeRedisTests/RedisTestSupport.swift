import FalachefeCore
import FalachefeRedis
import FalachefeTestSupport
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// Shared pieces of the Redis tests: configurations, loggers, running coordinators.
enum RedisTests {
    /// Silent, unless `FALACHEFE_TEST_REDIS_LOG=1` (then debug logs go to stderr).
    static let quiet: Logger = {
        guard ProcessInfo.processInfo.environment["FALACHEFE_TEST_REDIS_LOG"] == "1" else {
            return Logger(label: "falachefe.redis.tests", factory: { _ in SwiftLogNoOpLogHandler() })
        }
        var logger = Logger(label: "falachefe.redis.tests", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .debug
        return logger
    }()

    /// A key prefix no other test uses, so tests share one server in parallel.
    static func uniquePrefix() -> String {
        "falachefe-test:\(UUID().uuidString.prefix(8).lowercased()):"
    }

    /// The shared server (fails the test when `FALACHEFE_TEST_REDIS_URL` is missing).
    static func sharedURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> RedisURL {
        try RedisURL(try RedisTestServer.sharedURL(sourceLocation: sourceLocation))
    }

    /// Test settings: fast health checks and backoff, so reconnects happen within a test.
    static func configuration(_ url: RedisURL) -> RedisConfiguration {
        RedisConfiguration(
            url: url, poolSize: 2, commandTimeout: .seconds(2), connectTimeout: .seconds(2),
            healthCheckInterval: .milliseconds(200),
            reconnectBackoff: Backoff(base: .milliseconds(50), max: .milliseconds(500))
        )
    }

    static func connect(_ url: RedisURL) async throws -> RedisConnection {
        try await RedisConnection.connect(configuration: configuration(url), logger: quiet)
    }

    /// Runs `body` with a connection to `url`, closed afterwards whatever happens.
    static func withConnection(_ url: RedisURL, _ body: (RedisConnection) async throws -> Void) async throws {
        let connection = try await connect(url)
        do {
            try await body(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// A loopback port nothing listens on (bound once, then closed).
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 1
        try await channel.close()
        return port
    }

    /// Runs `body` with the coordinators' services running (as a `ServiceGroup` would),
    /// then cancels them; their connections are closed.
    static func withRunning<T: Sendable>(
        _ coordinators: [RedisCoordinator], _ body: () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group async throws in
            for coordinator in coordinators {
                group.addTask { try await coordinator.run() }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}

/// Counts `onFallback` calls per operation.
final class FallbackCounter: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    var hook: @Sendable (String) -> Void {
        { [counts] operation in counts.withLockedValue { $0[operation, default: 0] += 1 } }
    }

    subscript(operation: String) -> Int { counts.withLockedValue { $0[operation, default: 0] } }
}

/// Collects the events of a stream in the background, for polling.
actor EventRecorder {
    private(set) var events: [ClusterEvent] = []

    func append(_ event: ClusterEvent) { events.append(event) }

    func count(of event: ClusterEvent) -> Int { events.filter { $0 == event }.count }
}

/// A log handler that keeps records in memory, to check what (and how often) is logged.
struct CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: String
    }

    private let records = NIOLockedValueBox<[Record]>([])

    var logger: Logger {
        let records = self.records
        var logger = Logger(label: "falachefe.redis.tests.captured", factory: { _ in Handler(records: records) })
        logger.logLevel = .trace
        return logger
    }

    var all: [Record] { records.withLockedValue { $0 } }

    private struct Handler: LogHandler {
        let records: NIOLockedValueBox<[Record]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let record = Record(level: event.level, message: "\(event.message)", metadata: "\(merged)")
            records.withLockedValue { $0.append(record) }
        }
    }
}
