import FalachefeCore

extension UAZGateway {
    /// How hard one `sendText` call tries before giving the failure back to the outbox.
    public struct RetryPolicy: Sendable, Hashable {
        /// Total attempts in one call, the first included (at least 1).
        public var maxAttempts: Int
        /// Delay between attempts; `backoff.max` also caps a server's `Retry-After`.
        public var backoff: Backoff
        /// Deadline of each HTTP request, response body included.
        public var requestTimeout: Duration

        public init(maxAttempts: Int, backoff: Backoff, requestTimeout: Duration = .seconds(10)) {
            self.maxAttempts = maxAttempts
            self.backoff = backoff
            self.requestTimeout = requestTimeout
        }

        /// 3 attempts, backoff from 200 ms up to 5 s, 10 s per request.
        public static let `default` = RetryPolicy(
            maxAttempts: 3,
            backoff: Backoff(base: .milliseconds(200), max: .seconds(5)),
            requestTimeout: .seconds(10)
        )
    }
}
