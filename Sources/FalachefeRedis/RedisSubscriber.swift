import FalachefeCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A dedicated connection in pub/sub mode, `SUBSCRIBE`d to one channel, handing every
/// message's payload to `onMessage` (on the connection's event loop, in order).
///
/// `run()` keeps the subscription alive: it pings the connection every
/// `healthCheckInterval` (a silent network loss is noticed too), and after any loss it
/// reconnects with the configured backoff and subscribes again. Messages published
/// while it was disconnected are lost — pub/sub is best effort; consumers reconcile from
/// the store.
public actor RedisSubscriber: Service {
    public nonisolated let channel: String
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onMessage: @Sendable (String) -> Void

    private var connection: RedisConnection?
    private var failures = 0
    /// Nil before the first attempt; logged once per change.
    private var subscribed: Bool?

    public init(
        configuration: RedisConfiguration,
        channel: String,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        onMessage: @escaping @Sendable (String) -> Void
    ) {
        self.configuration = configuration
        self.channel = channel
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onMessage = onMessage
    }

    /// Whether the subscription is live now.
    public var isSubscribed: Bool { subscribed == true }

    /// Subscribes and stays subscribed until cancelled or gracefully shut down.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await self.subscribeLoop()
        }
        await connection?.close()
        connection = nil
        subscribed = false
    }

    private func subscribeLoop() async {
        while !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(
                    configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger,
                    onPush: { [onMessage] push in
                        if let payload = push.array?.last?.string { onMessage(payload) }
                    }
                )
                self.connection = connection
                let reply = try await connection.send(["SUBSCRIBE", channel])
                guard reply.array?.first?.string == "subscribe" else {
                    throw RedisError.protocolError("SUBSCRIBE answered \(reply)")
                }
                failures = 0
                setSubscribed(true, error: nil)
                await Self.watch(connection, every: configuration.healthCheckInterval)
                setSubscribed(false, error: .connectionClosed)
            } catch {
                await connection?.close()
                setSubscribed(false, error: (error as? RedisError) ?? .connectionClosed)
            }
            connection = nil
            guard !Task.isCancelled else { return }
            let delay = configuration.reconnectBackoff.delay(attempt: failures)
            failures += 1
            try? await Task.sleep(for: delay)
        }
    }

    /// Returns when `connection` closed or stopped answering pings (or on cancellation),
    /// leaving it closed.
    private static func watch(_ connection: RedisConnection, every interval: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await connection.closeFuture.get() }
            group.addTask {
                do {
                    while true {
                        try await Task.sleep(for: interval)
                        _ = try await connection.send(["PING"])
                    }
                } catch {
                    return
                }
            }
            await group.next()
            await connection.close()
            group.cancelAll()
        }
    }

    private func setSubscribed(_ now: Bool, error: RedisError?) {
        defer { subscribed = now }
        guard subscribed != now else { return }
        if now {
            logger.info("redis subscriber listening", metadata: ["redis.channel": "\(channel)"])
        } else {
            logger.warning(
                "redis subscriber lost its connection; reconnecting",
                metadata: ["redis.channel": "\(channel)", "error": "\(error.map { "\($0)" } ?? "-")"]
            )
        }
    }
}
