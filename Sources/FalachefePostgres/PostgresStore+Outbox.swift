import FalachefeCore
import Foundation
import PostgresNIO

/// The durable outbox and delivery receipts.
extension PostgresStore {
    /// The oldest pending replies of a tenant, in order, whatever their due time.
    public func pendingOutbox(tenantID: String, limit: Int) async throws -> [OutboxRecord] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT id, company_id, phone, text, in_reply_to, part, attempts, next_attempt_at, status, provider_message_id
            FROM outbox WHERE company_id = \(tenantID) AND status = 'pending' ORDER BY id LIMIT \(max(limit, 0))
            """
        ) { try $0.outboxRecord() }
    }

    public func tenantsWithPendingOutbox() async throws -> [String] {
        try await rows(
            in: .allTenants,
            """
            SELECT id FROM companies c
            WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.company_id = c.id AND o.status = 'pending') ORDER BY id
            """
        ) { try $0.text("id") }
    }

    /// Marks a reply accepted by UAZ. A receipt that raced ahead (`delivered`, `read`, …) is
    /// kept: the status only moves from `pending` or `failed` to `sent`.
    public func markSent(outboxID: Int64, providerMessageID: String?, at: Date) async throws {
        _ = try await rows(
            in: .allTenants,
            """
            UPDATE outbox SET
              status = CASE WHEN status IN ('pending', 'failed') THEN 'sent' ELSE status END,
              provider_message_id = coalesce(\(providerMessageID)::text, provider_message_id),
              sent_at = \(at.timestamp), last_error = NULL
            WHERE id = \(outboxID) RETURNING id
            """
        ) { try $0.int64("id") }
    }

    public func deferOutbox(outboxID: Int64, attempts: Int, nextAttemptAt: Date, error: String) async throws {
        _ = try await rows(
            in: .allTenants,
            """
            UPDATE outbox SET attempts = \(max(attempts, 0)), next_attempt_at = \(nextAttemptAt.timestamp),
                              last_error = \(error)
            WHERE id = \(outboxID) AND status = 'pending' RETURNING id
            """
        ) { try $0.int64("id") }
    }

    public func markFailed(outboxID: Int64, error: String) async throws {
        _ = try await rows(
            in: .allTenants,
            "UPDATE outbox SET status = 'failed', last_error = \(error) WHERE id = \(outboxID) AND status = 'pending' RETURNING id"
        ) { try $0.int64("id") }
    }

    /// Moves the tenant's messages with these provider ids forward to `status`, never back:
    /// pending < sent < delivered < read < played. A `failed` receipt only applies to rows
    /// not yet delivered; a `pending` receipt changes nothing. Returns how many changed.
    public func recordReceipt(tenantID: String, providerMessageIDs: [String], status: OutboxStatus) async throws -> Int {
        guard !providerMessageIDs.isEmpty, status != .pending else { return 0 }
        let rank: Int =
            switch status {
            case .pending: 0
            case .sent: 1
            case .delivered, .failed: 2
            case .read: 3
            case .played: 4
            }
        return try await rows(
            in: .tenant(tenantID),
            """
            WITH changed AS (
              UPDATE outbox SET status = \(status.rawValue)
              WHERE company_id = \(tenantID) AND provider_message_id = ANY(\(providerMessageIDs))
                AND CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                WHEN 'read' THEN 3 WHEN 'played' THEN 4 ELSE 99 END < \(rank)
              RETURNING 1
            )
            SELECT count(*) AS n FROM changed
            """
        ) { try $0.int("n") }.first ?? 0
    }
}
