import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// Behaviour specific to the PostgreSQL adapter: default crew rows, links and JSON shapes,
/// refused values, error mapping, timestamp precision and the store's lifecycle.
@Suite("PostgresStore")
struct PostgresStoreTests {
    private static let epoch = StoreContract.epoch

    private static func isConflict(_ error: StoreError) -> Bool {
        if case .conflict = error { return true }
        return false
    }

    @Test func createTenantWritesDefaultCrew() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let crews = try await store.rows(in: .tenant(tenant.id), "SELECT name FROM crews WHERE company_id = \(tenant.id)") { try $0.text("name") }
            #expect(crews == ["Falachefe Crew"])
            let agents = try await store.rows(
                in: .tenant(tenant.id),
                """
                SELECT a.role, jsonb_array_length(a.tools) AS tools, a.status FROM crew_agents a
                JOIN crews c ON c.id = a.crew_id WHERE c.company_id = \(tenant.id) ORDER BY a.role
                """
            ) { "\(try $0.text("role")):\(try $0.int("tools")):\(try $0.text("status"))" }
            let expected = CrewAgentProfile.defaults.sorted { $0.role.rawValue < $1.role.rawValue }
                .map { "\($0.role.rawValue):\($0.tools.count):active" }
            #expect(agents == expected)
        }
    }

    /// Handoffs recorded by the reply path (no reason, summary, nor role for a non-agent
    /// label) read back as crew state, with epoch-millisecond dates inside the JSON.
    @Test func replyPathHandoffsReadAsState() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.reply(store, tenant, id: "h1", texts: ["oi"], agent: "onboarding")
            try await StoreContract.reply(store, tenant, id: "h2", texts: ["ok"], agent: "financial", at: Self.epoch + 10)
            try await StoreContract.reply(store, tenant, id: "h3", texts: ["ok"], agent: "support", at: Self.epoch + 20)
            let state = try #require(try await store.conversationState(tenantID: tenant.id, phone: "5511987654321"))
            #expect(state.currentAgent == .support)
            #expect(state.pendingAction == nil && state.humanApprovalStatus == .notRequired)
            #expect(state.handoffHistory == [
                HandoffRecord(from: nil, to: .financial, reason: "", summary: "", at: Self.epoch + 11),
                HandoffRecord(from: .financial, to: .support, reason: "", summary: "", at: Self.epoch + 21),
            ])
        }
    }

    @Test func crewRowsLinkToTheCompanyAgents() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let agents = Dictionary(uniqueKeysWithValues: try await store.crewAgents(tenantID: tenant.id).map { ($0.role, $0.id) })
            let task = StoreContract.task(tenant, message: "l1", agent: .marketing, cost: 0.01, at: Self.epoch)
            let state = ConversationState(tenantID: tenant.id, phone: "5511987654321", currentAgent: .financial,
                                          updatedAt: Self.epoch)
            #expect(try await StoreContract.completeWithCrew(store, tenant, id: "l1",
                                                             crew: CrewEffects(conversation: state, tasks: [task])))
            let conversation = try await store.rows(
                in: .tenant(tenant.id),
                "SELECT current_agent, current_agent_id, crew_context::text AS context FROM conversations WHERE company_id = \(tenant.id)"
            ) { [try $0.optionalText("current_agent"), try $0.optionalText("current_agent_id"), try $0.optionalText("context")] }
            #expect(conversation == [["financial", agents[.financial], "{}"]])
            let row = try await store.rows(
                in: .tenant(tenant.id),
                """
                SELECT agent_id, (crew_id IS NOT NULL)::text AS has_crew,
                       (extract(epoch FROM completed_at - created_at) * 1000)::bigint AS elapsed,
                       result -> 'tool_calls' = '["add_expense", "cash_flow_report"]'::jsonb AS result_ok,
                       token_usage = '{"prompt": 1200, "completion": 85}'::jsonb AS usage_ok
                FROM crew_tasks WHERE id = \(task.id)
                """
            ) { [try $0.optionalText("agent_id"), try $0.text("has_crew"), "\(try $0.int64("elapsed"))",
                 "\(try $0.bool("result_ok"))", "\(try $0.bool("usage_ok"))"] }
            #expect(row == [[agents[.marketing], "true", "840", "true", "true"]])
        }
    }

    @Test func refusedValuesAreConflictsAndWriteNothing() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let good = BudgetLimit(tenantID: tenant.id, month: "2025-03", category: "insumos", limitCents: 100, updatedAt: Self.epoch)
            var zero = good
            zero.category = "aluguel"
            zero.limitCents = 0
            await StoreContract.expectStoreError("zero limit", matches: Self.isConflict) {
                try await store.setBudgets([good, zero])
            }
            #expect(try await store.budgets(tenantID: tenant.id, month: "2025-03").isEmpty)
            var badMonth = good
            badMonth.month = "2025-13"
            await StoreContract.expectStoreError("month 13", matches: Self.isConflict) { try await store.setBudgets([badMonth]) }

            var agent = try #require(try await store.crewAgents(tenantID: tenant.id).first)
            agent.goal = "curto"
            await StoreContract.expectStoreError("short goal", matches: Self.isConflict) {
                try await store.updateCrewAgent(tenantID: tenant.id, agent)
            }

            let other = try await StoreContract.makeTenant(store)
            let foreign = StoreContract.memory(other, user: "u1", "de outra empresa", importance: 5)
            await StoreContract.expectStoreError("effects of another tenant", matches: Self.isConflict) {
                try await StoreContract.completeWithCrew(store, tenant, id: "f1", crew: CrewEffects(memories: [foreign]))
            }
            #expect(try await store.pendingCount(tenantID: tenant.id) == 1)
            #expect(try await store.memories(tenantID: other.id, userID: "u1", limit: 10).isEmpty)
        }
    }

    /// Sub-millisecond parts are rounded away on the way in, as SQLite's epoch-ms columns do.
    @Test func timestampsKeepMilliseconds() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let at = Self.epoch.addingTimeInterval(0.123_456_7)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "ms", at: at))
            let stored = try #require(try await store.pendingInbox(tenantID: tenant.id, limit: 1).first)
            let epochMilliseconds = Timestamp(Self.epoch).milliseconds
            #expect(Timestamp(stored.message.sentAt).milliseconds == epochMilliseconds + 123)
            #expect(stored.message.receivedAt == Date(timeIntervalSince1970: Double(epochMilliseconds + 123) / 1000))
        }
    }
}
