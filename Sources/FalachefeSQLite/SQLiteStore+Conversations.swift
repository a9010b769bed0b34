import FalachefeCore
import Foundation
import SQLiteNIO

/// The operator's conversation view, onboarding claims and the audit log.
extension SQLiteStore {
    /// The last `limit` lines with `phone` (any spelling of the number), newest last.
    /// Inbound lines carry the inbox row's status and answering agent; outbound lines the
    /// outbox row's status. At equal times an inbound line comes before outbound ones.
    public func conversation(tenantID: String, phone: String, limit: Int) async throws -> [ConversationEntry] {
        let lines = try await read(
            """
            SELECT direction, text, agent, status, at FROM (
              SELECT 'in' AS direction, text, agent, status, received_at AS at, 0 AS side, sequence AS position
              FROM inbox WHERE company_id = ?1 AND phone_canonical = ?2
              UNION ALL
              SELECT 'out', text, agent, status, created_at, 1, id
              FROM outbox WHERE company_id = ?1 AND phone_canonical = ?2
            ) ORDER BY at DESC, side DESC, position DESC LIMIT ?3
            """,
            [.text(tenantID), .text(PhoneNumber.canonical(phone)), .int(max(limit, 0))]
        ) { row in
            ConversationEntry(
                direction: try row.decode(ConversationEntry.Direction.self, "direction"), text: try row.text("text"),
                agent: row.optionalText("agent"), status: try row.text("status"), at: try row.date("at")
            )
        }
        return lines.reversed()
    }

    /// Atomic claim of an onboarding reply (inside `complete`'s transaction): inserts the
    /// row, or moves `last_sent_at` only when the previous one is at least `window` old; a
    /// changed row tells that this caller won.
    static func claimOnboarding(
        tenantID: String, phone: String, now: Date, window: TimeInterval, on connection: SQLiteHandle
    ) throws -> Bool {
        let claimed = try connection.run(
            """
            INSERT INTO onboarding_replies (company_id, phone_canonical, last_sent_at) VALUES (?, ?, ?)
            ON CONFLICT (company_id, phone_canonical) DO UPDATE SET last_sent_at = excluded.last_sent_at
            WHERE onboarding_replies.last_sent_at <= ?
            """,
            [.text(tenantID), .text(PhoneNumber.canonical(phone)), .date(now), .date(now.addingTimeInterval(-window))]
        )
        return claimed == 1
    }

    public func audit(_ entry: AuditEntry) async throws {
        try await write { connection in
            try connection.execute(
                "INSERT INTO audit_logs (company_id, actor, action, detail, created_at) VALUES (?, ?, ?, ?, ?)",
                [.optionalText(entry.tenantID), .text(entry.actor), .text(entry.action), .optionalText(entry.detail),
                 .date(entry.at)]
            )
        }
    }

    /// The newest `limit` entries, newest first: of one tenant, or of all when `tenantID` is nil.
    public func auditLog(tenantID: String?, limit: Int) async throws -> [AuditEntry] {
        try await read(
            """
            SELECT company_id, actor, action, detail, created_at FROM audit_logs
            WHERE ?1 IS NULL OR company_id = ?1 ORDER BY id DESC LIMIT ?2
            """,
            [.optionalText(tenantID), .int(max(limit, 0))]
        ) { row in
            AuditEntry(
                tenantID: row.optionalText("company_id"), actor: try row.text("actor"), action: try row.text("action"),
                detail: row.optionalText("detail"), at: try row.date("created_at")
            )
        }
    }
}
