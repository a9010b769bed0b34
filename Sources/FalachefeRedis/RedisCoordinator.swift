import FalachefeCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The `Coordinator` port over Redis: what several nodes share beyond the database.
///
/// - dedupe markers (`SET NX EX`, see `markSeen`),
/// - rate limits (GCRA, one Lua script per check, see `take`),
/// - tenant change broadcasts (pub/sub on `<prefix>events`),
/// - short-lived key-values (`SET PX`).
///
/// Every key starts with `keyPrefix`, so several deployments (or test runs) can share a
/// server. When Redis is unreachable every call degrades at once (nil, or nothing) and
/// `onFallback` is told which operation fell back (`dedupe`, `limit`, `publish`) so the
/// server can count it; availability changes are logged once per change by the client.
///
/// Run it as a `Service`: `run()` keeps the client's health check and the subscriber
/// going until graceful shutdown.
public final class RedisCoordinator: Coordinator, Service {
    /// Labels passed to `onFallback`.
    public enum Operation {
        public static let dedupe = "dedupe"
        public static let limit = "limit"
        /// The intake's dedupe check and limits in one script (`admit`).
        public static let admission = "admission"
        public static let publish = "publish"
    }

    public let client: RedisClient
    public let subscriber: RedisSubscriber
    public let keyPrefix: String
    let logger: Logger
    let onFallback: @Sendable (_ operation: String) -> Void
    let broadcast: Broadcast<ClusterEvent>
    /// Tags this node's broadcasts, so it can skip their echo (it delivered them locally).
    let origin: String

    public init(
        configuration: RedisConfiguration,
        keyPrefix: String = "falachefe:",
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        onFallback: @escaping @Sendable (_ operation: String) -> Void = { _ in }
    ) {
        let broadcast = Broadcast<ClusterEvent>()
        let origin = UUID().uuidString
        self.origin = origin
        self.keyPrefix = keyPrefix
        self.logger = logger
        self.onFallback = onFallback
        self.broadcast = broadcast
        self.client = RedisClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.subscriber = RedisSubscriber(
            configuration: configuration, channel: keyPrefix + "events", eventLoopGroup: eventLoopGroup,
            logger: logger,
            onMessage: { payload in
                guard let envelope = EventEnvelope(json: payload), envelope.origin != origin else { return }
                broadcast.yield(envelope.event)
            }
        )
    }

    /// A coordinator for `redis://[[user]:password@]host[:port][/db]` with default pool,
    /// timeout and backoff settings. Throws `RedisError.invalidURL`.
    public convenience init(
        url: String,
        keyPrefix: String = "falachefe:",
        logger: Logger,
        onFallback: @escaping @Sendable (_ operation: String) -> Void = { _ in }
    ) throws {
        self.init(configuration: try RedisConfiguration(url: url), keyPrefix: keyPrefix, logger: logger, onFallback: onFallback)
    }

    /// Runs the client's health check and the subscriber until cancelled or gracefully
    /// shut down; then closes the connections and ends every `events()` stream.
    public func run() async throws {
        let client = self.client
        let subscriber = self.subscriber
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await client.run() }
            group.addTask { try? await subscriber.run() }
        }
        broadcast.finish()
    }

    public func isAvailable() async -> Bool {
        await client.isAvailable
    }

    /// Runs `body`; on failure counts and returns nil (the caller falls back). Outages are
    /// logged by the client once per change; an error reply (a bug, not an outage) is
    /// logged here.
    func degrading<T>(_ operation: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            onFallback(operation)
            if case RedisError.server = error {
                logger.warning(
                    "redis refused a command; falling back",
                    metadata: ["redis.operation": "\(operation)", "error": "\(error)"]
                )
            }
            return nil
        }
    }
}
