import FalachefeCore
import FalachefeTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// Two companies with rows in every tenant table, and queries run beside the store.
extension PostgresRowLevelSecurityTests {
    /// Every table under row level security, with the column naming its company (`nil`
    /// for `crew_agents`, which belongs to the company of its crew).
    static let tables: [(name: String, key: String?)] = [
        ("companies", "id"), ("uaz_instances", "company_id"), ("users", "company_id"),
        ("admin_tokens", "company_id"), ("crews", "company_id"), ("crew_agents", nil),
        ("conversations", "company_id"), ("inbox", "company_id"), ("outbox", "company_id"),
        ("ledger_entries", "company_id"), ("onboarding_replies", "company_id"), ("audit_logs", "company_id"),
        ("crew_tasks", "company_id"), ("crew_memories", "company_id"), ("budgets", "company_id"),
        ("messages", "company_id"), ("crew_metrics", "company_id"), ("whatsapp_sessions", "company_id"),
        ("whatsapp_auth_logs", "company_id"),
    ]

    /// Writes one company's rows through the store, and rows of the tables the store does
    /// not write yet by plain inserts in the company's scope.
    static func seed(_ store: PostgresStore) async throws -> Tenant {
        let epoch = StoreContract.epoch
        let tenant = try await StoreContract.makeTenant(store)
        try await store.addUser(CompanyUser(tenantID: tenant.id, name: "Ana", phone: "5511987654321", role: .admin))
        try await store.createAdminToken(AdminToken(
            hash: UUID().uuidString, tenantID: tenant.id, role: .admin, name: "painel", createdAt: epoch
        ))
        let state = ConversationState(tenantID: tenant.id, phone: "5511987654321", currentAgent: .financial, updatedAt: epoch)
        try await StoreContract.completeWithCrew(store, tenant, id: "m1", crew: CrewEffects(
            conversation: state, tasks: [StoreContract.task(tenant, message: "m1", cost: 0.01, at: epoch)],
            memories: [StoreContract.memory(tenant, user: "5511987654321", "compra farinha", importance: 5)]
        ))
        try await StoreContract.book(store, tenant, [StoreContract.entry(tenant, .expense, 1_000, "insumos", "2025-03-01")])
        let unknown = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m2", phone: "5511900000000"))
        _ = try await store.complete(ProcessingOutcome(
            tenantID: tenant.id, sequence: unknown, messageID: "m2", status: .processed, replyTo: "5511900000000",
            replies: [Reply(text: "Olá!", agent: "orchestrator")], at: epoch, onboardingWindow: 60))
        try await store.audit(AuditEntry(tenantID: tenant.id, actor: "teste", action: "tenant.create", detail: nil, at: epoch))
        try await store.setBudgets([
            BudgetLimit(tenantID: tenant.id, month: "2025-03", category: "insumos", limitCents: 100, updatedAt: epoch),
        ])
        for insert: PostgresQuery in [
            """
            INSERT INTO messages (company_id, conversation_id, direction, content, sent_at)
            SELECT company_id, id, 'in', 'oi', now() FROM conversations
            """,
            """
            INSERT INTO crew_metrics (company_id, crew_id, metric_type, metric_name, value)
            SELECT company_id, id, 'latency', 'p99', 1 FROM crews
            """,
            """
            INSERT INTO whatsapp_sessions (user_id, company_id, phone_number, session_token, expires_at)
            SELECT id, company_id, phone, gen_random_uuid()::text, now() FROM users
            """,
            """
            INSERT INTO whatsapp_auth_logs (phone_number, company_id, auth_method, success)
            SELECT '5511****4321', id, 'new_user', true FROM companies
            """,
        ] {
            try await store.perform(in: .tenant(tenant.id), insert)
        }
        return tenant
    }

    /// Counts `table`'s rows visible on `connection`, and those of them not of `tenantID`.
    static func count(
        _ table: (name: String, key: String?), notOf tenantID: String = "", on connection: PostgresConnection
    ) async throws -> (all: Int, others: Int) {
        // Table and column names are fixed above; the tenant id is bound.
        let key = table.key ?? "(SELECT company_id FROM crews c WHERE c.id = crew_id)"
        let query = PostgresQuery(unsafeSQL: """
            SELECT count(*)::bigint AS all_rows, count(*) FILTER (WHERE \(key) IS DISTINCT FROM $1)::bigint AS others
            FROM \(table.name)
            """, binds: try binds(tenantID))
        let row = try await connection.rows(query, logger: TemporaryPostgresDatabase.logger) {
            (try $0.int("all_rows"), try $0.int("others"))
        }
        return row.first ?? (0, 0)
    }

    private static func binds(_ value: String) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(value)
        return bindings
    }

    /// Runs `body` in a transaction on `connection`, after setting `setting` local to it (or
    /// setting nothing); rolls it back afterwards.
    static func inTransaction<T>(
        on connection: PostgresConnection, setting: (name: String, value: String)? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        let logger = TemporaryPostgresDatabase.logger
        try await connection.execute("BEGIN", logger: logger)
        do {
            if let setting {
                try await connection.execute("SELECT set_config(\(setting.name), \(setting.value), true)", logger: logger)
            }
            let value = try await body()
            try await connection.execute("ROLLBACK", logger: logger)
            return value
        } catch {
            try? await connection.execute("ROLLBACK", logger: logger)
            throw error
        }
    }
}
