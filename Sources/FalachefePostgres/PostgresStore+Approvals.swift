import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// A person's decision on a conversation awaiting approval, and the outbox writes it
/// shares with `complete`.
extension PostgresStore {
    /// One transaction: the replies (keyed by `resolution.key`, so writing the same
    /// resolution twice sends nothing twice) and the conversation's new state.
    public func resolveApproval(_ resolution: ApprovalResolution) async throws {
        let tenantID = resolution.conversation.tenantID
        let effects = try CrewEffectsWrite(
            CrewEffects(conversation: resolution.conversation), tenantID: tenantID, at: resolution.at
        )
        let logger = logger
        try await transaction(in: .tenant(tenantID)) { connection in
            try await Self.insertReplies(
                resolution.replies, tenantID: tenantID, phone: resolution.replyTo, inReplyTo: resolution.key,
                at: resolution.at, on: connection, logger: logger
            )
            try await effects.write(on: connection, logger: logger)
        }
    }

    /// Queues reply parts in the outbox, keyed by (`inReplyTo`, part): writing them again
    /// changes nothing.
    static func insertReplies(
        _ replies: [Reply], tenantID: String, phone: String, inReplyTo: String, at: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let canonical = PhoneNumber.canonical(phone)
        for (part, reply) in replies.enumerated() {
            try await connection.execute(
                """
                INSERT INTO outbox (company_id, phone, phone_canonical, text, agent, in_reply_to, part,
                                    status, next_attempt_at, created_at)
                VALUES (\(tenantID), \(phone), \(canonical), \(reply.text), \(reply.agent), \(inReplyTo), \(part),
                        'pending', \(at.timestamp), \(at.timestamp))
                ON CONFLICT (company_id, in_reply_to, part) DO NOTHING
                """, logger: logger)
        }
    }
}
