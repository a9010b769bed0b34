import FalachefeCore
import Foundation
import PostgresNIO

/// The operator's conversation view, onboarding claims and the audit log.
extension PostgresStore {
    /// The last `limit` lines with `phone` (any spelling of the number), newest last.
    /// Inbound lines carry the inbox row's status and answering agent; outbound lines the
    /// outbox row's status. At equal times an inbound line comes before outbound ones.
    public func conversation(tenantID: String, phone: String, limit: Int) async throws -> [ConversationEntry] {
        let canonical = PhoneNumber.canonical(phone)
        let lines = try await rows(
            in: .tenant(tenantID),
            """
            SELECT direction, text, agent, status, at FROM (
              SELECT 'in' AS direction, text, agent, status, received_at AS at, 0 AS side, sequence AS position
              FROM inbox WHERE company_id = \(tenantID) AND phone_canonical = \(canonical)
              UNION ALL
              SELECT 'out', text, agent, status, created_at, 1, id
              FROM outbox WHERE company_id = \(tenantID) AND phone_canonical = \(canonical)
            ) AS lines ORDER BY at DESC, side DESC, position DESC LIMIT \(max(limit, 0))
            """
        ) { row in
            ConversationEntry(
                direction: try row.decode(ConversationEntry.Direction.self, "direction"), text: try row.text("text"),
                agent: try row.optionalText("agent"), status: try row.text("status"), at: try row.date("at")
            )
        }
        return lines.reversed()
    }

    public func audit(_ entry: AuditEntry) async throws {
        _ = try await rows(
            in: Scope(entry.tenantID),
            """
            INSERT INTO audit_logs (company_id, actor, action, detail, created_at)
            VALUES (\(entry.tenantID), \(entry.actor), \(entry.action), \(entry.detail), \(entry.at.timestamp))
            RETURNING id
            """
        ) { try $0.int64("id") }
    }

    /// The newest `limit` entries, newest first: of one tenant, or of all when `tenantID` is nil.
    public func auditLog(tenantID: String?, limit: Int) async throws -> [AuditEntry] {
        try await rows(
            in: Scope(tenantID),
            """
            SELECT company_id, actor, action, detail, created_at FROM audit_logs
            WHERE \(tenantID)::text IS NULL OR company_id = \(tenantID)::text ORDER BY id DESC LIMIT \(max(limit, 0))
            """
        ) { row in
            AuditEntry(
                tenantID: try row.optionalText("company_id"), actor: try row.text("actor"),
                action: try row.text("action"), detail: try row.optionalText("detail"), at: try row.date("created_at")
            )
        }
    }
}

/// Records an onboarding reply to `phone` unless one was recorded after `windowStart`
/// (inside `CompletionWrite.run`): inserts the row, or moves `last_sent_at` only when the
/// previous one is older; the `RETURNING` row tells whether this call won. Concurrent
/// claims wait on the row and see the winner's time, so exactly one wins.
struct ClaimOnboarding: PreparedRowStatement {
    static let sql = """
        INSERT INTO onboarding_replies (company_id, phone_canonical, last_sent_at) VALUES ($1, $2, $3)
        ON CONFLICT (company_id, phone_canonical) DO UPDATE SET last_sent_at = excluded.last_sent_at
        WHERE onboarding_replies.last_sent_at <= $4
        RETURNING last_sent_at
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .timestamptz, .timestamptz]

    var tenantID: String
    var phone: String
    var now: Timestamp
    var windowStart: Timestamp

    func makeBindings() throws -> PostgresBindings {
        PostgresBindings(tenantID, phone, now, windowStart)
    }
}
