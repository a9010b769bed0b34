import FalachefeCore
import Foundation
import PostgresNIO

/// Several nodes sharing the work (migration 0004; see `SharedWorkStore`).
///
/// Exactly one node processes each message: a head row is locked `FOR UPDATE SKIP LOCKED`
/// while it is claimed, so two claimers never take the same row, and a claimed row is
/// skipped until its claim expires. Only a conversation's oldest pending row is claimable,
/// so a later message waits until the earlier one is closed — the per-conversation lock.
/// `complete` still closes a row only while it is pending, so even a node that outlived its
/// claim cannot commit a second outcome. Accepts take a per-conversation advisory lock (see
/// `insertInbox`) so that sequence order is commit order within a conversation.
extension PostgresStore: SharedWorkStore {
    public func claimInbox(
        tenantID: String, node: String, limit: Int, now: Date, until: Date, excluding held: Set<Int64>
    ) async throws -> [InboxClaim] {
        guard limit > 0 else { return [] }
        return try await rows(
            in: .tenant(tenantID),
            """
            WITH heads AS (
              SELECT i.company_id, i.sequence FROM inbox i
              WHERE i.company_id = \(tenantID) AND i.status = 'pending'
                AND (i.claimed_by IS NULL OR i.claimed_by = \(node) OR i.claim_expires_at < \(now.timestamp))
                -- Not what this node runs or queued already: a claim returning those (the
                -- oldest heads) filled its limit with nothing new.
                AND NOT (i.sequence = ANY(\(Array(held))::int8[]))
                -- The conversation's head: one probe of idx_inbox_pending_conversation (an
                -- anti-join on "no earlier pending row" scanned the company's whole backlog).
                AND i.sequence = (
                  SELECT min(e.sequence) FROM inbox e
                  WHERE e.company_id = i.company_id AND e.phone_canonical = i.phone_canonical
                    AND e.status = 'pending')
                AND EXISTS (SELECT 1 FROM companies c WHERE c.id = i.company_id AND c.status = 'active')
                -- A conversation whose row a person's decision holds (resolveApproval) waits.
                AND (NOT EXISTS (SELECT 1 FROM conversations v
                                 WHERE v.company_id = i.company_id AND v.phone_canonical = i.phone_canonical)
                     OR EXISTS (SELECT 1 FROM conversations v
                                WHERE v.company_id = i.company_id AND v.phone_canonical = i.phone_canonical
                                FOR SHARE SKIP LOCKED))
              ORDER BY i.sequence LIMIT \(limit)
              FOR UPDATE OF i SKIP LOCKED
            )
            UPDATE inbox SET claimed_by = \(node), claim_expires_at = \(until.timestamp)
            FROM heads WHERE inbox.company_id = heads.company_id AND inbox.sequence = heads.sequence
            RETURNING inbox.sequence, inbox.company_id, inbox.message_id, inbox.sender_phone, inbox.sender_name,
                      inbox.text, inbox.kind, inbox.media_type, inbox.sent_at, inbox.received_at,
                      (SELECT max(p.sequence) FROM inbox p
                       WHERE p.company_id = inbox.company_id AND p.phone_canonical = inbox.phone_canonical
                         AND p.sequence < inbox.sequence AND p.status IN ('processed', 'failed')) AS previous_sequence,
                      (SELECT v.updated_at FROM conversations v
                       WHERE v.company_id = inbox.company_id
                         AND v.phone_canonical = inbox.phone_canonical) AS conversation_updated_at
            """
        ) { row in
            InboxClaim(
                record: try row.inboxRecord(), previousSequence: try row.optional(Int64.self, "previous_sequence"),
                conversationUpdatedAt: try row.optionalDate("conversation_updated_at"))
        }
        .sorted { $0.record.sequence < $1.record.sequence }
    }

    public func claimOutbox(tenantID: String, node: String, limit: Int, now: Date, until: Date) async throws -> [OutboxRecord] {
        guard limit > 0 else { return [] }
        return try await rows(
            in: .tenant(tenantID),
            """
            WITH heads AS (
              SELECT o.company_id, o.phone_canonical FROM outbox o
              WHERE o.company_id = \(tenantID) AND o.status = 'pending' AND o.next_attempt_at <= \(now.timestamp)
                AND (o.claimed_by IS NULL OR o.claimed_by = \(node) OR o.claim_expires_at < \(now.timestamp))
                AND o.id = (
                  SELECT min(e.id) FROM outbox e
                  WHERE e.company_id = o.company_id AND e.phone_canonical = o.phone_canonical
                    AND e.status = 'pending')
              ORDER BY o.id LIMIT \(limit)
              FOR UPDATE OF o SKIP LOCKED
            )
            UPDATE outbox SET claimed_by = \(node), claim_expires_at = \(until.timestamp)
            FROM heads
            WHERE outbox.company_id = heads.company_id AND outbox.phone_canonical = heads.phone_canonical
              AND outbox.status = 'pending'
            RETURNING outbox.id, outbox.company_id, outbox.phone, outbox.text, outbox.in_reply_to, outbox.part,
                      outbox.attempts, outbox.next_attempt_at, outbox.status, outbox.provider_message_id
            """
        ) { try $0.outboxRecord() }
        .sorted { $0.id < $1.id }
    }

    /// Renews the node's claims on rows no other transaction holds. A row another
    /// transaction holds is this node's own write closing it (a completion, a send's mark):
    /// waiting for it would make this one statement lock every claimed row in scan order
    /// while completion batches lock theirs in theirs — a deadlock PostgreSQL breaks only
    /// after `deadlock_timeout` (1 s), stalling those completions and dropping the renewal.
    /// A skipped row needs no renewal once closed; should its write fail, the next renewal
    /// (a third of the lease later) takes it.
    public func renewClaims(node: String, until: Date) async throws -> Int {
        try await rows(
            in: .allTenants,
            """
            WITH inbox_renewed AS (
              UPDATE inbox SET claim_expires_at = \(until.timestamp)
              WHERE sequence IN (SELECT sequence FROM inbox WHERE claimed_by = \(node) AND status = 'pending'
                                 FOR UPDATE SKIP LOCKED)
              RETURNING 1
            ), outbox_renewed AS (
              UPDATE outbox SET claim_expires_at = \(until.timestamp)
              WHERE id IN (SELECT id FROM outbox WHERE claimed_by = \(node) AND status = 'pending'
                           FOR UPDATE SKIP LOCKED)
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM inbox_renewed) + (SELECT count(*) FROM outbox_renewed) AS n
            """
        ) { try $0.int("n") }.first ?? 0
    }

    public func releaseClaims(node: String) async throws {
        do {
            try await perform(
                in: .allTenants,
                """
                WITH released AS (
                  UPDATE inbox SET claimed_by = NULL, claim_expires_at = NULL
                  WHERE claimed_by = \(node) AND status = 'pending' RETURNING 1
                )
                UPDATE outbox SET claimed_by = NULL, claim_expires_at = NULL
                WHERE claimed_by = \(node) AND status = 'pending'
                """
            )
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    public func conversationIsClaimed(tenantID: String, phone: String, now: Date) async throws -> Bool {
        try await rows(in: .tenant(tenantID), Self.conversationClaimed(tenantID: tenantID, phone: phone, now: now)) {
            try $0.bool("claimed")
        }.first ?? false
    }

    /// `claimed`: whether a pending message of the conversation is under a live claim.
    static func conversationClaimed(tenantID: String, phone: String, now: Date) -> PostgresQuery {
        """
        SELECT EXISTS (SELECT 1 FROM inbox
                       WHERE company_id = \(tenantID) AND phone_canonical = \(PhoneNumber.canonical(phone))
                         AND status = 'pending' AND claimed_by IS NOT NULL
                         AND claim_expires_at >= \(now.timestamp)) AS claimed
        """
    }

    public func tenantsWithClaimableWork(node: String, now: Date) async throws -> [ClaimableWork] {
        try await rows(
            in: .allTenants,
            """
            SELECT id, inbox_work, outbox_work FROM (
              SELECT c.id,
                EXISTS (SELECT 1 FROM inbox i WHERE i.company_id = c.id AND i.status = 'pending'
                          AND (i.claimed_by IS NULL OR i.claimed_by = \(node) OR i.claim_expires_at < \(now.timestamp)))
                  AS inbox_work,
                EXISTS (SELECT 1 FROM outbox o WHERE o.company_id = c.id AND o.status = 'pending'
                          AND o.next_attempt_at <= \(now.timestamp)
                          AND (o.claimed_by IS NULL OR o.claimed_by = \(node) OR o.claim_expires_at < \(now.timestamp)))
                  AS outbox_work
              FROM companies c WHERE c.status = 'active'
            ) work
            WHERE inbox_work OR outbox_work
            ORDER BY id
            """
        ) { ClaimableWork(tenantID: try $0.text("id"), inbox: try $0.bool("inbox_work"), outbox: try $0.bool("outbox_work")) }
    }
}

extension Row {
    /// An inbox row selected with the columns of `pendingInbox`.
    func inboxRecord() throws -> InboxRecord {
        let kind: InboundMessage.Kind =
            try text("kind") == "media" ? .media(type: try optionalText("media_type") ?? "") : .text
        let message = InboundMessage(
            tenantID: try text("company_id"), messageID: try text("message_id"),
            senderPhone: try text("sender_phone"), senderName: try optionalText("sender_name"),
            text: try text("text"), kind: kind, sentAt: try date("sent_at"), receivedAt: try date("received_at"))
        return InboxRecord(sequence: try int64("sequence"), message: message)
    }

    /// An outbox row selected with the columns of `pendingOutbox`.
    func outboxRecord() throws -> OutboxRecord {
        OutboxRecord(
            id: try int64("id"), tenantID: try text("company_id"), phone: try text("phone"),
            text: try text("text"), inReplyTo: try text("in_reply_to"), part: try int("part"),
            attempts: try int("attempts"), nextAttemptAt: try date("next_attempt_at"),
            status: try decode(OutboxStatus.self, "status"),
            providerMessageID: try optionalText("provider_message_id"))
    }
}
