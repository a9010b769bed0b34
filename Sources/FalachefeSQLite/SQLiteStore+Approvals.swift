import FalachefeCore
import Foundation
import SQLiteNIO

extension SQLiteStore {
    public func resolveApproval(_ resolution: ApprovalResolution) async throws {
        let tenantID = resolution.conversation.tenantID
        let effects = try CrewEffectsWrite(
            CrewEffects(conversation: resolution.conversation, ledgerEntries: resolution.ledgerEntries),
            tenantID: tenantID, at: resolution.at)
        let logger = logger
        try await write { connection in
            try Self.insertReplies(
                resolution.replies, tenantID: tenantID, phone: resolution.replyTo, inReplyTo: resolution.key, at: resolution.at,
                on: connection)
            try effects.write(on: connection, logger: logger)
        }
    }

    /// Queues reply parts in the outbox, keyed by (`inReplyTo`, part): writing them again
    /// changes nothing.
    static func insertReplies(
        _ replies: [Reply], tenantID: String, phone: String, inReplyTo: String, at: Date, on connection: SQLiteHandle
    ) throws {
        for (part, reply) in replies.enumerated() {
            try connection.execute(
                """
                INSERT INTO outbox (company_id, phone, phone_canonical, text, agent, in_reply_to, part,
                                    status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                ON CONFLICT (company_id, in_reply_to, part) DO NOTHING
                """,
                [.text(tenantID), .text(phone), .text(PhoneNumber.canonical(phone)), .text(reply.text), .text(reply.agent),
                 .text(inReplyTo), .int(part), .date(at), .date(at)]
            )
        }
    }
}
