import FalachefeCore
import FalachefeIntegrations

extension HTTPRetryPolicy {
    /// Fast retries so suites stay quick: 3 attempts, 1–20 ms backoff.
    static func fast(requestTimeout: Duration) -> HTTPRetryPolicy {
        HTTPRetryPolicy(maxAttempts: 3, backoff: Backoff(base: .milliseconds(1), max: .milliseconds(20)), requestTimeout: requestTimeout)
    }

    /// For unreachable servers: async-http-client keeps retrying a refused connection until
    /// the request deadline, so a short timeout keeps these tests quick.
    static let unreachable = HTTPRetryPolicy(
        maxAttempts: 2, backoff: Backoff(base: .milliseconds(1), max: .milliseconds(5)), requestTimeout: .milliseconds(300))
}
