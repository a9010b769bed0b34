import FalachefeCore

extension OpenAIChatClient {
    /// How hard one `complete` call tries with one model before giving up on it.
    public struct RetryPolicy: Sendable, Hashable {
        /// Total attempts per model, the first included (at least 1).
        public var maxAttempts: Int
        /// Delay between attempts; `backoff.max` also caps a server's `Retry-After`.
        public var backoff: Backoff
        /// Deadline of each HTTP request, response body included.
        public var requestTimeout: Duration

        public init(
            maxAttempts: Int = 3,
            backoff: Backoff = Backoff(base: .milliseconds(500), max: .seconds(8)),
            requestTimeout: Duration = .seconds(30)
        ) {
            self.maxAttempts = maxAttempts
            self.backoff = backoff
            self.requestTimeout = requestTimeout
        }

        /// 3 attempts, backoff from 500 ms up to 8 s, 30 s per request.
        public static let `default` = RetryPolicy()
    }
}
