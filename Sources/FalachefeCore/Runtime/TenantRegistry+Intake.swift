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
        let admission = await actor.admit(senderPhone: message.senderPhone, isGroup: isGroup)
        let store = services.store
        switch admission {
        case .ignore:
            return .ignored
        case .overloaded(let retryAfter):
            return .overloaded(retryAfter: retryAfter)
        case .rateLimited:
            let result = try await store.accept(message, status: .rateLimited)
            return result == .duplicate ? .duplicate : .rateLimited
        case .process, .hold:
            guard case .stored(let sequence) = try await store.accept(message, status: .pending) else {
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
