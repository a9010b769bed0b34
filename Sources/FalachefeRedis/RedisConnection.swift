import Logging
import NIOCore
import NIOPosix

/// One TCP connection to Redis on a SwiftNIO event loop.
///
/// Requests are pipelined: `send` may be called concurrently, each call writes its
/// command at once and waits for its own reply (see `RedisCommandHandler`). Nothing ever
/// blocks a thread; every command has the configured timeout.
public final class RedisConnection: Sendable {
    private let channel: any Channel
    private let commandTimeout: Duration

    private init(channel: any Channel, commandTimeout: Duration) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    /// Opens a connection and authenticates: `AUTH [user] password` and `SELECT db` when
    /// the URL has them. `onPush` receives pub/sub messages (subscriber connections only).
    public static func connect(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        onPush: (@Sendable (RedisValue) -> Void)? = nil
    ) async throws -> RedisConnection {
        let url = configuration.url
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        [RedisReplyDecoder(), RedisCommandHandler(onPush: onPush)]
                    )
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: url.host, port: url.port).get()
        } catch {
            throw RedisError.connectionFailed("\(url.endpoint): \(url.scrubbed(String(describing: error)))")
        }
        let connection = RedisConnection(channel: channel, commandTimeout: configuration.commandTimeout)
        do {
            try await connection.handshake(url)
        } catch {
            await connection.close()
            throw error
        }
        logger.debug("redis connection opened", metadata: ["redis.url": "\(url)"])
        return connection
    }

    /// Sends one command (name first) and waits for its reply. A top-level error reply is
    /// thrown as `RedisError.server`; connection failures as `connectionClosed`/`timeout`.
    public func send(_ arguments: [String]) async throws -> RedisValue {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        // A write to a closed channel never reaches the handler: fail the request here.
        // (A second completion of `promise` is ignored by NIO.)
        written.futureResult.whenFailure { error in
            promise.fail((error as? RedisError) ?? RedisError.connectionClosed)
        }
        let request = RedisCommandHandler.Request(arguments: arguments, promise: promise, timeout: commandTimeout)
        channel.writeAndFlush(request, promise: written)
        return try await promise.futureResult.get()
    }

    /// Sends `arguments` and expects the status reply `expected` (`OK`, `PONG`).
    func expectStatus(_ arguments: [String], _ expected: String) async throws {
        let reply = try await send(arguments)
        guard reply.string == expected else {
            throw RedisError.protocolError("\(arguments[0]) answered \(reply)")
        }
    }

    /// Whether the connection is still open.
    public var isActive: Bool { channel.isActive }

    /// Completes when the connection closed, for whatever reason.
    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Closes the connection; pending requests fail with `connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    private func handshake(_ url: RedisURL) async throws {
        if let password = url.password {
            do {
                try await expectStatus(["AUTH"] + (url.user.map { [$0] } ?? []) + [password], "OK")
            } catch RedisError.server(let message) {
                throw RedisError.authenticationFailed(url.scrubbed(message))
            } catch RedisError.protocolError(let message) {
                throw RedisError.protocolError(url.scrubbed(message))
            }
        }
        if url.database != 0 {
            try await expectStatus(["SELECT", String(url.database)], "OK")
        }
    }
}
