import FalachefeCore
import Foundation

/// A `MessageGateway` for runtime tests: records every accepted send in order and can be
/// scripted to fail the next sends or to stay down until told otherwise.
///
/// ```swift
/// let gateway = ScriptedGateway()
/// await gateway.failNext(3)          // three retryable failures, then accept
/// await gateway.setDown(true)        // every send fails until setDown(false)
/// ```
public actor ScriptedGateway: MessageGateway {
    /// One send the gateway accepted.
    public struct Sent: Sendable, Hashable {
        public var phone: String
        public var text: String
        /// The instance owner the reply went out through.
        public var owner: String
        public var providerMessageID: String
    }

    private var accepted: [Sent] = []
    private var failuresLeft = 0
    private var down = false
    private var held = false
    private var failure: GatewayError = .retryable(reason: "scripted failure", retryAfter: nil)
    /// Every call, accepted or failed.
    public private(set) var attempts = 0

    public init() {}

    public func sendText(_ text: String, to phone: String, via instance: Instance) async throws -> SentMessage {
        attempts += 1
        while held, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
        if down { throw failure }
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw failure
        }
        let id = "SCRIPTED\(accepted.count + 1)"
        accepted.append(Sent(phone: phone, text: text, owner: instance.owner, providerMessageID: id))
        return SentMessage(providerMessageID: id)
    }

    /// Sends accepted so far, oldest first.
    public func sent() -> [Sent] { accepted }

    /// Sends accepted so far to `phone`, oldest first.
    public func sent(to phone: String) -> [Sent] { accepted.filter { $0.phone == phone } }

    /// The next `count` sends fail with `error` (default: retryable).
    public func failNext(_ count: Int, with error: GatewayError? = nil) {
        failuresLeft = count
        if let error { failure = error }
    }

    /// While held, sends wait (in flight) until `setHeld(false)`.
    public func setHeld(_ isHeld: Bool) {
        held = isHeld
    }

    /// While down, every send fails with the scripted error.
    public func setDown(_ isDown: Bool) {
        down = isDown
    }
}
