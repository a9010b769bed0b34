/// Failures of the Redis adapter. None of them ever carries the password: URL errors
/// name the problem, not the URL, and server messages are scrubbed of it.
public enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL could not be used; the reason never quotes the URL itself.
    case invalidURL(String)
    /// The TCP connection could not be opened (`host:port` and the cause).
    case connectionFailed(String)
    /// The connection closed (or was closed) before the reply arrived.
    case connectionClosed
    /// No reply within the command timeout; the connection was closed because later
    /// replies would no longer match their requests.
    case timeout
    /// `AUTH` was refused.
    case authenticationFailed(String)
    /// The server answered with an error reply (`ERR …`, `NOSCRIPT …`, `WRONGTYPE …`).
    case server(String)
    /// The bytes received are not RESP, or a reply had an unexpected shape.
    case protocolError(String)
    /// The client is backing off after failed connects (or was shut down): the call failed
    /// fast without touching the network so the caller can fall back at once.
    case unavailable

    public var description: String {
        switch self {
        case .invalidURL(let why): "invalid Redis URL: \(why)"
        case .connectionFailed(let why): "cannot connect to Redis: \(why)"
        case .connectionClosed: "Redis connection closed"
        case .timeout: "Redis command timed out"
        case .authenticationFailed(let message): "Redis authentication failed: \(message)"
        case .server(let message): "Redis error: \(message)"
        case .protocolError(let why): "Redis protocol error: \(why)"
        case .unavailable: "Redis unavailable (reconnecting)"
        }
    }
}
