import FalachefeCore
import Foundation
import SQLiteNIO

/// The durable inbox: accept (group-committed), replay and completion.
extension SQLiteStore {
    public func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult {
        try await writer.accept(InboxInsert(message, status: status))
    }

    /// The queries that look for pending work; each plans through the partial index of
    /// pending rows (migration 0005), which a test checks.
    enum PendingSQL {
        /// Binds: company, limit.
        static let inbox = """
            SELECT sequence, company_id, message_id, sender_phone, sender_name, text, kind, media_type, sent_at, received_at
            FROM inbox WHERE company_id = ? AND status = 'pending' ORDER BY sequence LIMIT ?
            """
        /// Binds: company.
        static let count = "SELECT count(*) AS n FROM inbox WHERE company_id = ? AND status = 'pending'"
        /// No binds.
        static let tenants = """
            SELECT id FROM companies c
            WHERE EXISTS (SELECT 1 FROM inbox i WHERE i.company_id = c.id AND i.status = 'pending') ORDER BY id
            """
    }

    public func pendingInbox(tenantID: String, limit: Int) async throws -> [InboxRecord] {
        try await read(PendingSQL.inbox, [.text(tenantID), .int(max(limit, 0))]) { row in
            let kind: InboundMessage.Kind =
                try row.text("kind") == "media" ? .media(type: row.optionalText("media_type") ?? "") : .text
            let message = InboundMessage(
                tenantID: try row.text("company_id"), messageID: try row.text("message_id"),
                senderPhone: try row.text("sender_phone"), senderName: row.optionalText("sender_name"),
                text: try row.text("text"), kind: kind, sentAt: try row.date("sent_at"),
                receivedAt: try row.date("received_at")
            )
            return InboxRecord(sequence: try row.int64("sequence"), message: message)
        }
    }

    public func pendingCount(tenantID: String) async throws -> Int {
        try await read(PendingSQL.count, [.text(tenantID)]) { try $0.int("n") }.first ?? 0
    }

    public func tenantsWithPendingInbox() async throws -> [String] {
        try await read(PendingSQL.tenants, []) { try $0.text("id") }
    }

    /// One transaction: closes the pending inbox row (else rolls back: `notClosed`), queues
    /// the replies in the outbox (part = index; with an `onboardingWindow`, only if this
    /// call wins the sender's onboarding claim) and writes the crew's effects. Without a
    /// conversation state among them, the conversation's current agent follows the first
    /// reply, appending to its `handoff_history` when the agent changes.
    public func complete(_ outcome: ProcessingOutcome) async throws -> CompletionResult {
        let at = SQLiteData.date(outcome.at)
        let tenant = SQLiteData.text(outcome.tenantID)
        let phone = SQLiteData.text(PhoneNumber.canonical(outcome.replyTo))
        let effects = try CrewEffectsWrite(outcome.crew, tenantID: outcome.tenantID, at: outcome.at)
        let logger = logger
        do {
            return try await write { connection in
                // The claim first, so that the agent recorded is the one of a queued reply; a
                // row found closed rolls the claim back with the rest.
                let queued = try outcome.onboardingWindow.map { window in
                    try Self.claimOnboarding(
                        tenantID: outcome.tenantID, phone: outcome.replyTo, now: outcome.at, window: window, on: connection)
                } ?? true
                let agent = queued ? outcome.replies.first?.agent : nil
                let closed = try connection.run(
                    """
                    UPDATE inbox SET status = ?, agent = ?, error = ?, processed_at = ?
                    WHERE company_id = ? AND sequence = ? AND status = 'pending'
                    """,
                    [.text(outcome.status.rawValue), .optionalText(agent), .optionalText(outcome.error), at, tenant,
                     .int64(outcome.sequence)]
                )
                guard closed == 1 else {
                    throw StoreError.notFound("pending inbox row \(outcome.sequence)")
                }
                if queued {
                    try Self.insertReplies(
                        outcome.replies, tenantID: outcome.tenantID, phone: outcome.replyTo, inReplyTo: outcome.messageID,
                        at: outcome.at, on: connection)
                }
                try effects.write(on: connection, logger: logger)
                let result = CompletionResult(closed: true, repliesQueued: queued)
                guard !effects.hasConversation else { return result }
                try connection.execute(
                    """
                    INSERT INTO conversations (company_id, phone_canonical, user_id, current_agent, created_at, updated_at)
                    VALUES (?1, ?2, (SELECT id FROM users WHERE company_id = ?1 AND phone_canonical = ?2), ?3, ?4, ?4)
                    ON CONFLICT (company_id, phone_canonical) DO UPDATE SET
                      handoff_history = CASE
                        WHEN excluded.current_agent IS NOT NULL AND conversations.current_agent IS NOT NULL
                             AND excluded.current_agent <> conversations.current_agent
                        THEN json_insert(conversations.handoff_history, '$[#]', json_object(
                          'from', conversations.current_agent, 'to', excluded.current_agent, 'at', excluded.updated_at))
                        ELSE conversations.handoff_history END,
                      current_agent = coalesce(excluded.current_agent, conversations.current_agent),
                      user_id = coalesce(excluded.user_id, conversations.user_id),
                      updated_at = excluded.updated_at
                    """,
                    [tenant, phone, .optionalText(agent), at]
                )
                return result
            }
        } catch StoreError.notFound {
            return .notClosed
        }
    }

    /// Deletes closed inbox rows received before `before`; pending rows are always kept.
    public func pruneInbox(before: Date) async throws -> Int {
        try await write { connection in
            try connection.execute(
                "DELETE FROM inbox WHERE status <> 'pending' AND received_at < ?", [.date(before)]
            )
            return connection.changes()
        }
    }
}
