import Foundation

/// A real HTTP server on 127.0.0.1 that behaves like uazapi's `POST /send/text`, for
/// tests that exercise the gateway over loopback. It records accepted sends and can be
/// scripted to fail, go down or answer slowly.
///
/// ```swift
/// let uaz = try await FakeUAZServer.start(token: "secret")
/// defer { Task { await uaz.stop() } }
/// await uaz.enqueueFailures([500, 500])
/// ```
public actor FakeUAZServer {
    /// A message the server accepted.
    public struct SentText: Sendable, Hashable {
        public var number: String
        public var text: String
        /// The `token` header of the request, if any.
        public var token: String?
        /// The `messageid` answered for it.
        public var messageID: String
        public var at: Date
    }

    /// Why the fake could not do what a test asked.
    public enum Failure: Error, Sendable, Hashable {
        case didNotStart
        case timedOut(expected: Int, received: Int)
    }

    /// A scripted answer for one upcoming request.
    struct ScriptedFailure: Sendable {
        var status: Int
        var retryAfter: Int?
    }

    /// The instance number used in answers' `id` (`owner:messageid`).
    public let owner = "554700000001"
    /// The token every request must carry, or `nil` to accept any.
    let expectedToken: String?
    var port = 0
    var loopback: LoopbackServer?
    var accepted: [SentText] = []
    var failures: [ScriptedFailure] = []
    var isDown = false
    var delay: Duration = .zero
    /// Every request received on `/send/text`, whatever it was answered.
    public internal(set) var requestCount = 0

    init(token: String?) {
        self.expectedToken = token
    }

    /// `http://127.0.0.1:<port>`, the instance base URL to give the gateway.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Messages accepted so far, oldest first.
    public func sent() -> [SentText] { accepted }

    /// Waits until at least `count` messages were accepted, polling until `timeout`.
    public func waitForSent(count: Int, timeout: Duration = .seconds(5)) async throws -> [SentText] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while accepted.count < count {
            guard ContinuousClock.now < deadline else {
                throw Failure.timedOut(expected: count, received: accepted.count)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return accepted
    }

    /// The next `statuses.count` requests are answered with these statuses and uazapi
    /// error bodies (`Retry-After: retryAfter` on each, when given).
    public func enqueueFailures(_ statuses: [Int], retryAfter: Int? = nil) {
        failures += statuses.map { ScriptedFailure(status: $0, retryAfter: retryAfter) }
    }

    /// While down, every request is answered `503`.
    public func setDown(_ down: Bool) {
        isDown = down
    }

    /// Every answer is sent `delay` after its request arrived (the request is recorded on
    /// arrival), to provoke client timeouts.
    public func setDelay(_ delay: Duration) {
        self.delay = delay
    }
}
