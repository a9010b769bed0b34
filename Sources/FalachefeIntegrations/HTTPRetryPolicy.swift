import FalachefeCore

/// How hard one call of an outbound adapter (UAZ send, chat completions) tries before it
/// gives the failure back to its caller.
public struct HTTPRetryPolicy: Sendable, Hashable {
    /// Total attempts in one call, the first included (at least 1).
    public var maxAttempts: Int
    /// Delay between attempts; `backoff.max` also caps a server's `Retry-After`.
    public var backoff: Backoff
    /// Deadline of each HTTP request, response body included.
    public var requestTimeout: Duration

    public init(maxAttempts: Int, backoff: Backoff, requestTimeout: Duration) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.requestTimeout = requestTimeout
    }

    /// UAZ sends: 3 attempts, backoff from 200 ms up to 5 s, 10 s per request (the outbox
    /// retries later, so one call stays short).
    public static let uaz = HTTPRetryPolicy(
        maxAttempts: 3, backoff: Backoff(base: .milliseconds(200), max: .seconds(5)), requestTimeout: .seconds(10))

    /// Chat completions: 3 attempts, backoff from 500 ms up to 8 s, 30 s per request (the
    /// crew's task deadline cuts it shorter when needed).
    public static let chatCompletions = HTTPRetryPolicy(
        maxAttempts: 3, backoff: Backoff(base: .milliseconds(500), max: .seconds(8)), requestTimeout: .seconds(30))
}
