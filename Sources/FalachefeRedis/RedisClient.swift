import FalachefeCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A small pool of Redis connections shared by one node.
///
/// Connections are opened lazily and used round-robin (pipelining makes one connection
/// serve many concurrent calls; several spread the reply parsing over event loops). A
/// closed connection is replaced on its next turn. Failed connects back off
/// exponentially with jitter (`RedisConfiguration.reconnectBackoff`); while backing off,
/// calls that need a new connection fail at once with `RedisError.unavailable`, so the
/// server falls back immediately instead of waiting for timeouts.
///
/// Run it as a `Service` (or through `RedisCoordinator.run()`): it pings every
/// `healthCheckInterval`, which notices Redis leaving and coming back even when idle, and
/// closes its connections on graceful shutdown.
public actor RedisClient: Service {
    public nonisolated let configuration: RedisConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    enum Slot {
        case idle
        /// A call is opening this slot; others that land here wait for it.
        case connecting([CheckedContinuation<RedisConnection, any Error>])
        case connected(RedisConnection)
    }

    var slots: [Slot]
    var nextSlot = 0
    var failedConnects = 0
    var retryAt: ContinuousClock.Instant?
    /// The last verdict (nil before the first connect), for readiness and for logging
    /// once per change rather than once per call.
    var available: Bool?
    var isShutDown = false

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.slots = Array(repeating: .idle, count: configuration.poolSize)
    }

    /// Whether the last connect, command or ping reached Redis.
    public var isAvailable: Bool { available == true }

    /// Sends one command on a pooled connection. Throws `RedisError.unavailable` at once
    /// while backing off; a connection-level failure drops the connection and marks
    /// Redis unavailable (the next call reconnects).
    public func send(_ arguments: [String]) async throws -> RedisValue {
        let connection = try await lease()
        do {
            let reply = try await connection.send(arguments)
            markAvailable()
            return reply
        } catch let error as RedisError {
            if case .server = error {
                markAvailable()  // Redis answered; the command was wrong.
            } else {
                markUnavailable(error)
                await drop(connection)
            }
            throw error
        }
    }

    /// Sends `PING`; true when Redis answered.
    @discardableResult
    public func ping() async -> Bool {
        (try? await send(["PING"]))?.string == "PONG"
    }

    /// Pings every `healthCheckInterval` until cancelled or gracefully shut down, then
    /// closes the connections.
    public func run() async throws {
        let interval = configuration.healthCheckInterval
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                await ping()
                try await Task.sleep(for: interval)
            }
        }
        await close()
    }

    /// Closes every connection; later calls fail with `RedisError.unavailable`.
    public func close() async {
        isShutDown = true
        let current = slots
        slots = Array(repeating: .idle, count: slots.count)
        for slot in current {
            switch slot {
            case .connected(let connection): await connection.close()
            case .connecting(let waiters): waiters.forEach { $0.resume(throwing: RedisError.unavailable) }
            case .idle: break
            }
        }
    }
}
