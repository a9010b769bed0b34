import FalachefeCore
import Foundation
import PostgresNIO

/// The durable inbox: accept, replay and completion.
extension PostgresStore {
    /// Group-committed (see `PostgresAcceptBatcher`): returns once the batch holding the
    /// message has committed, so `.stored` means durably stored. Of concurrent accepts of
    /// one (tenant, message id) — in one batch or across nodes — the unique index lets
    /// exactly one insert; the others come back `.duplicate`.
    public func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult {
        try await acceptBatcher.accept(message, status: status)
    }

    /// One batch of inbox rows in one round trip: the `accept_inbox` procedure (migration
    /// 0005) writes every company's rows (intake spans companies) in a transaction of its
    /// own and commits it before answering, so an answer means the rows are durable. Returns
    /// the sequences of the rows inserted, by key (company id, U+001F, message id).
    ///
    /// First it takes a transaction-scoped advisory lock per conversation of the batch, in
    /// ascending key order (so two batches never deadlock): a later message of a
    /// conversation, accepted by another node at the same moment, gets its sequence only
    /// after this batch committed. Within a conversation sequence order is then commit
    /// order, and no claimer can see a later message while an earlier one is uncommitted.
    static func insertInbox(
        _ rows: [(InboundMessage, InboxStatus)], connections: PostgresConnectionLeaser, logger: Logger
    ) async throws -> [String: Int64] {
        guard !rows.isEmpty else { return [:] }
        let batch = InboxBatch(rows)
        let answers = try await connections.withConnection { connection in
            try await connection.rows(
                """
                CALL accept_inbox(
                  \(batch.companyIDs), \(batch.messageIDs), \(batch.senderPhones), \(batch.phonesCanonical),
                  \(batch.senderNames), \(batch.hasSenderName), \(batch.texts), \(batch.kinds), \(batch.mediaTypes),
                  \(batch.sentAt), \(batch.receivedAt), \(batch.statuses), \(batch.conversationLocks), NULL, NULL)
                """, logger: logger
            ) { row in
                (try row.value([String].self, "stored_keys"), try row.value([Int64].self, "stored_sequences"))
            }
        }
        guard let (keys, sequences) = answers.first, keys.count == sequences.count else {
            throw StoreError.unavailable("accept_inbox answered \(answers.count) rows")
        }
        return Dictionary(zip(keys, sequences), uniquingKeysWith: { first, _ in first })
    }

    public func pendingInbox(tenantID: String, limit: Int) async throws -> [InboxRecord] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT sequence, company_id, message_id, sender_phone, sender_name, text, kind, media_type, sent_at, received_at
            FROM inbox WHERE company_id = \(tenantID) AND status = 'pending' ORDER BY sequence LIMIT \(max(limit, 0))
            """
        ) { try $0.inboxRecord() }
    }

    public func pendingCount(tenantID: String) async throws -> Int {
        try await rows(
            in: .tenant(tenantID),
            "SELECT count(*) AS n FROM inbox WHERE company_id = \(tenantID) AND status = 'pending'"
        ) { try $0.int("n") }.first ?? 0
    }

    public func tenantsWithPendingInbox() async throws -> [String] {
        try await rows(
            in: .allTenants,
            """
            SELECT id FROM companies c
            WHERE EXISTS (SELECT 1 FROM inbox i WHERE i.company_id = c.id AND i.status = 'pending') ORDER BY id
            """
        ) { try $0.text("id") }
    }

    /// Closes the pending inbox row, queues the replies and writes the crew's effects, all
    /// or nothing (`CompletionWrite`), group-committed with other outcomes
    /// (`PostgresStore+Completions.swift`); returns once committed. Nothing is written when
    /// the row was not pending: of concurrent completions of one row exactly one closes it.
    public func complete(_ outcome: ProcessingOutcome) async throws -> CompletionResult {
        try await completions.submit(try CompletionWrite(outcome))
    }

    /// Deletes closed inbox rows received before `before`; pending rows are always kept.
    public func pruneInbox(before: Date) async throws -> Int {
        try await rows(
            in: .allTenants,
            """
            WITH pruned AS (DELETE FROM inbox WHERE status <> 'pending' AND received_at < \(before.timestamp) RETURNING 1)
            SELECT count(*) AS n FROM pruned
            """
        ) { try $0.int("n") }.first ?? 0
    }
}

/// The advisory lock key of a message's conversation: FNV-1a (64 bit) of the company id and
/// canonical phone, the same on every node.
func conversationLockKey(_ message: InboundMessage) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (message.tenantID + "\u{1F}" + PhoneNumber.canonical(message.senderPhone)).utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash)
}
