import Foundation

/// What became of a received message; the webhook's answer.
public enum IntakeResult: Sendable, Hashable {
    case accepted
    case queued
    case duplicate
    case rateLimited
    case ignored
    case overloaded(retryAfter: TimeInterval)

    /// The `status` word of the webhook answer.
    public var status: String {
        switch self {
        case .accepted: "accepted"
        case .queued: "queued"
        case .duplicate: "duplicate"
        case .rateLimited: "rate_limited"
        case .ignored: "ignored"
        case .overloaded: "overloaded"
        }
    }
}

extension TenantRegistry {
    /// Receives an authenticated inbound message: admits it (limits, backlog, groups),
    /// stores it durably and only then schedules it. The answer is given after the store
    /// committed, so an acknowledged message is never lost.
    public nonisolated func receive(_ message: InboundMessage, isGroup: Bool) async throws -> IntakeResult {
        guard var actor = try await actor(for: message.tenantID) else { return .ignored }
        let coordinator = services.coordinator
        let shared = await sharedVerdict(for: message)
        if shared == .seen { return .duplicate }
        let admission = await actor.admit(senderPhone: message.senderPhone, isGroup: isGroup, shared: shared)
        let store = services.store
        let retention = max(services.configuration.inboxRetention, 7 * 24 * 3600)
        switch admission {
        case .ignore:
            return .ignored
        case .overloaded(let retryAfter):
            return .overloaded(retryAfter: retryAfter)
        case .rateLimited:
            let result = try await store.accept(message, status: .rateLimited)
            await coordinator?.markSeen(tenantID: message.tenantID, messageID: message.messageID, retention: retention)
            return result == .duplicate ? .duplicate : .rateLimited
        case .process, .hold:
            let result = try await store.accept(message, status: .pending)
            // Marked only once the store committed: a crash before the commit must leave the
            // retried webhook looking new, or an acknowledged message would be lost.
            await coordinator?.markSeen(tenantID: message.tenantID, messageID: message.messageID, retention: retention)
            guard case .stored(let sequence) = result else {
                return .duplicate
            }
            let record = InboxRecord(sequence: sequence, message: message)
            while !(await actor.accepted(record)) {
                guard let current = try await self.actor(for: message.tenantID) else { break }
                actor = current
            }
            return admission == .hold ? .queued : .accepted
        }
    }
}

extension TenantRegistry {
    /// Whether the message was seen by any node, else the sender's and the tenant's limits
    /// as every node counts them (sender first, so a limited sender spends none of the
    /// tenant's units) — one round trip. Nil without a coordinator or when it cannot
    /// answer: the store's unique index dedupes and the tenant actor's own limiters decide.
    nonisolated func sharedVerdict(for message: InboundMessage) async -> SharedVerdict? {
        guard let coordinator = services.coordinator else { return nil }
        let configuration = services.configuration
        let sender = SharedLimit(
            name: "sender", key: message.tenantID + ":" + PhoneNumber.canonical(message.senderPhone),
            capacity: configuration.senderMessagesPerMinute, period: 60)
        let tenant = SharedLimit(
            name: "tenant", key: message.tenantID, capacity: configuration.tenantMessagesPerMinute, period: 60)
        return await coordinator.admit(
            tenantID: message.tenantID, messageID: message.messageID, limits: [sender, tenant], now: services.clock.now())
    }
}
