import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// A person's decision on a conversation awaiting approval, and the outbox writes it
/// shares with `complete`.
extension PostgresStore {
    /// One transaction: the replies (keyed by `resolution.key`, so writing the same
    /// resolution twice sends nothing twice), the approved booking and the conversation's
    /// new state.
    ///
    /// Several nodes: the conversation's row is locked first, which keeps every node from
    /// claiming its messages until the decision commits (see `claimInbox`), and a message of
    /// the conversation already claimed by a node refuses the decision with
    /// `StoreError.conflict` — that node is answering from the state before it.
    public func resolveApproval(_ resolution: ApprovalResolution) async throws {
        let tenantID = resolution.conversation.tenantID
        let phone = PhoneNumber.canonical(resolution.conversation.phone)
        let effects = try CrewEffectsWrite(
            CrewEffects(conversation: resolution.conversation, ledgerEntries: resolution.ledgerEntries),
            tenantID: tenantID, at: resolution.at
        )
        let logger = logger
        try await transaction(in: .tenant(tenantID)) { connection in
            try await connection.execute(
                "SELECT 1 FROM conversations WHERE company_id = \(tenantID) AND phone_canonical = \(phone) FOR UPDATE",
                logger: logger)
            let claimed = try await connection.rows(
                Self.conversationClaimed(tenantID: tenantID, phone: phone, now: resolution.at), logger: logger
            ) { try $0.bool("claimed") }
            guard claimed.first == false else {
                throw StoreError.conflict("a message of this conversation is being answered on a node")
            }
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
            try await connection.run(
                InsertReply(
                    tenantID: tenantID, phone: phone, canonical: canonical, text: reply.text, agent: reply.agent,
                    inReplyTo: inReplyTo, part: part, at: at.timestamp),
                logger: logger)
        }
    }
}

/// One reply part queued in the outbox; nothing when (`in_reply_to`, part) is already there.
struct InsertReply: PreparedRowStatement {
    static let sql = """
        INSERT INTO outbox (company_id, phone, phone_canonical, text, agent, in_reply_to, part,
                            status, next_attempt_at, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8)
        ON CONFLICT (company_id, in_reply_to, part) DO NOTHING
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .text, .text, .text, .int8, .timestamptz]

    var tenantID: String
    var phone: String
    var canonical: String
    var text: String
    var agent: String?
    var inReplyTo: String
    var part: Int
    var at: Timestamp

    func makeBindings() throws -> PostgresBindings {
        PostgresBindings(tenantID, phone, canonical, text, agent, inReplyTo, part, at)
    }
}
