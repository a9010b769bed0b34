import FalachefeCore
import Foundation
import SQLiteNIO

/// The durable outbox and delivery receipts.
extension SQLiteStore {
    public func pendingOutbox(tenantID: String, limit: Int) async throws -> [OutboxRecord] {
        try await read(
            """
            SELECT id, company_id, phone, text, in_reply_to, part, attempts, next_attempt_at, status, provider_message_id
            FROM outbox WHERE company_id = ? AND status = 'pending' ORDER BY id LIMIT ?
            """,
            [.text(tenantID), .int(max(limit, 0))]
        ) { row in
            OutboxRecord(
                id: try row.int64("id"), tenantID: try row.text("company_id"), phone: try row.text("phone"),
                text: try row.text("text"), inReplyTo: try row.text("in_reply_to"), part: try row.int("part"),
                attempts: try row.int("attempts"), nextAttemptAt: try row.date("next_attempt_at"),
                status: try row.decode(OutboxStatus.self, "status"),
                providerMessageID: row.optionalText("provider_message_id")
            )
        }
    }

    public func tenantsWithPendingOutbox() async throws -> [String] {
        try await read(
            """
            SELECT id FROM companies c
            WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.company_id = c.id AND o.status = 'pending') ORDER BY id
            """,
            []
        ) { try $0.text("id") }
    }

    /// Marks a reply accepted by UAZ. A receipt that raced ahead (`delivered`, `read`, …) is
    /// kept: the status only moves from `pending` or `failed` to `sent`.
    public func markSent(outboxID: Int64, providerMessageID: String?, at: Date) async throws {
        try await write { connection in
            try connection.execute(
                """
                UPDATE outbox SET
                  status = CASE WHEN status IN ('pending', 'failed') THEN 'sent' ELSE status END,
                  provider_message_id = coalesce(?, provider_message_id), sent_at = ?, last_error = NULL
                WHERE id = ?
                """,
                [.optionalText(providerMessageID), .date(at), .int64(outboxID)]
            )
        }
    }

    public func deferOutbox(outboxID: Int64, attempts: Int, nextAttemptAt: Date, error: String) async throws {
        try await write { connection in
            try connection.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'",
                [.int(max(attempts, 0)), .date(nextAttemptAt), .text(error), .int64(outboxID)]
            )
        }
    }

    public func markFailed(outboxID: Int64, error: String) async throws {
        try await write { connection in
            try connection.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ? AND status = 'pending'",
                [.text(error), .int64(outboxID)]
            )
        }
    }

    /// Moves the tenant's messages with these provider ids forward to `status`, never back:
    /// pending < sent < delivered < read < played. A `failed` receipt only applies to rows
    /// not yet delivered; a `pending` receipt changes nothing.
    public func recordReceipt(tenantID: String, providerMessageIDs: [String], status: OutboxStatus) async throws -> Int {
        guard !providerMessageIDs.isEmpty, status != .pending else { return 0 }
        let ids = String(decoding: try JSONEncoder().encode(providerMessageIDs), as: UTF8.self)
        let rank: Int =
            switch status {
            case .pending: 0
            case .sent: 1
            case .delivered, .failed: 2
            case .read: 3
            case .played: 4
            }
        return try await write { connection in
            try connection.execute(
                """
                UPDATE outbox SET status = ?
                WHERE company_id = ? AND provider_message_id IN (SELECT value FROM json_each(?))
                  AND CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                  WHEN 'read' THEN 3 WHEN 'played' THEN 4 ELSE 99 END < ?
                """,
                [.text(status.rawValue), .text(tenantID), .text(ids), .int(rank)]
            )
            return connection.changes()
        }
    }
}
