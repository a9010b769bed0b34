import FalachefeCore

/// Connection, pool and reconnect settings shared by `RedisClient`, `RedisSubscriber`
/// and `RedisCoordinator`.
public struct RedisConfiguration: Sendable {
    public var url: RedisURL
    /// Connections in the client's pool, opened lazily.
    public var poolSize: Int
    /// How long one command may wait for its reply.
    public var commandTimeout: Duration
    /// How long opening a connection (TCP, `AUTH`, `SELECT`) may take.
    public var connectTimeout: Duration
    /// How often `run()` pings, to notice Redis leaving and coming back.
    public var healthCheckInterval: Duration
    /// Delay between failed connects: 100 ms doubling to 5 s, jittered.
    public var reconnectBackoff: Backoff

    public init(
        url: RedisURL,
        poolSize: Int = 4,
        commandTimeout: Duration = .seconds(2),
        connectTimeout: Duration = .seconds(2),
        healthCheckInterval: Duration = .seconds(1),
        reconnectBackoff: Backoff = Backoff(base: .milliseconds(100), max: .seconds(5))
    ) {
        self.url = url
        self.poolSize = max(poolSize, 1)
        self.commandTimeout = commandTimeout
        self.connectTimeout = connectTimeout
        self.healthCheckInterval = healthCheckInterval
        self.reconnectBackoff = reconnectBackoff
    }

    /// Parses `url` (see `RedisURL`) with default settings.
    public init(url: String) throws {
        self.init(url: try RedisURL(url))
    }
}
