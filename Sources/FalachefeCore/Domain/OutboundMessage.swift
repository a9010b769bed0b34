import Foundation

/// A reply waiting in, or sent from, the durable outbox.
public struct OutboxRecord: Sendable, Hashable {
    public var id: Int64
    public var tenantID: String
    /// Recipient phone digits (never a LID).
    public var phone: String
    public var text: String
    /// The inbound message this answers, with `part`, the idempotency key of the reply.
    public var inReplyTo: String
    public var part: Int
    public var attempts: Int
    public var nextAttemptAt: Date
    public var status: OutboxStatus
    public var providerMessageID: String?

    public init(
        id: Int64, tenantID: String, phone: String, text: String, inReplyTo: String, part: Int,
        attempts: Int = 0, nextAttemptAt: Date, status: OutboxStatus = .pending, providerMessageID: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.phone = phone
        self.text = text
        self.inReplyTo = inReplyTo
        self.part = part
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.status = status
        self.providerMessageID = providerMessageID
    }
}

/// Delivery state of an outbound message: `pending` until UAZ accepts it, then `sent`,
/// and then whatever receipts say (`delivered`, `read`, `played`).
public enum OutboxStatus: String, Sendable, Codable {
    case pending
    case sent
    case delivered
    case read
    case played
    case failed
}

/// A reply the crew produced, before it is written to the outbox.
public struct Reply: Sendable, Hashable {
    public var text: String
    /// The agent role that answered (bounded set: a metric label).
    public var agent: String

    public init(text: String, agent: String) {
        self.text = text
        self.agent = agent
    }
}
