import Foundation

/// Sends WhatsApp messages through a tenant's instance (the UAZ send API in production).
public protocol MessageGateway: Sendable {
    /// Sends `text` to `phone` (digits) through `instance`. Throws `GatewayError`.
    func sendText(_ text: String, to phone: String, via instance: Instance) async throws -> SentMessage
}

/// What the gateway answers for an accepted message.
public struct SentMessage: Sendable, Hashable {
    /// The provider's bare message id, used to match delivery receipts.
    public var providerMessageID: String?

    public init(providerMessageID: String?) {
        self.providerMessageID = providerMessageID
    }
}

/// Why a send failed. Never carries the instance token.
public enum GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Worth retrying later: network error, 429 or 5xx. `retryAfter` honours the server.
    case retryable(reason: String, retryAfter: Duration?)
    /// The provider refused the message itself (4xx other than 429); retrying won't help.
    case rejected(status: Int, reason: String)
    /// No base URL is configured for the instance: the reply stays in the outbox.
    case notConfigured

    public var description: String {
        switch self {
        case .retryable(let reason, _): "retryable: \(reason)"
        case .rejected(let status, let reason): "rejected \(status): \(reason)"
        case .notConfigured: "no UAZ base URL configured"
        }
    }
}
