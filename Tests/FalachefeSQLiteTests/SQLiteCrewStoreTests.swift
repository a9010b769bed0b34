import FalachefeCore
import FalachefeTestSupport
import Foundation
import SQLiteNIO
import Testing

@testable import FalachefeSQLite

/// Crew storage details of the SQLite adapter: rows written before 0004, links to the
/// crew's agents, JSON shapes and values the schema refuses.
@Suite("SQLiteStore crew")
struct SQLiteCrewStoreTests {
    private static let epoch = StoreContract.epoch

    @Test func legacySettingsStillDecode() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await store.write { connection in
                try connection.execute(
                    "UPDATE companies SET settings = '{\"groupsEnabled\":true}' WHERE id = ?", [.text(tenant.id)]
                )
            }
            #expect(try await store.tenant(id: tenant.id)?.settings == TenantSettings(groupsEnabled: true))
            try await store.updateTenantProfile(tenantID: tenant.id, name: tenant.name, settings: TenantSettings())
            let key = try await store.read("SELECT settings ->> '$.groups' AS groups FROM companies WHERE id = ?",
                                           [.text(tenant.id)]) { try $0.int("groups") }
            #expect(key == [0])
        }
    }

    /// Handoffs recorded by the reply path (no reason, summary, nor role for a non-agent
    /// label) read back as crew state.
    @Test func replyPathHandoffsReadAsState() async throws {
        try await TemporaryStore.with { store in
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
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let agents = Dictionary(uniqueKeysWithValues: try await store.crewAgents(tenantID: tenant.id).map { ($0.role, $0.id) })
            let task = StoreContract.task(tenant, message: "l1", agent: .marketing, cost: 0.01, at: Self.epoch)
            let state = ConversationState(tenantID: tenant.id, phone: "5511987654321", currentAgent: .financial,
                                          updatedAt: Self.epoch)
            #expect(try await StoreContract.completeWithCrew(store, tenant, id: "l1",
                                                             crew: CrewEffects(conversation: state, tasks: [task])))
            let conversation = try await store.read(
                "SELECT current_agent, current_agent_id, crew_context FROM conversations WHERE company_id = ?",
                [.text(tenant.id)]
            ) { [$0.optionalText("current_agent"), $0.optionalText("current_agent_id"), $0.optionalText("crew_context")] }
            #expect(conversation == [["financial", agents[.financial], "{}"]])
            let row = try await store.read(
                """
                SELECT agent_id, crew_id IS NOT NULL AS has_crew, completed_at - created_at AS elapsed, result,
                       token_usage FROM crew_tasks WHERE id = ?
                """,
                [.text(task.id)]
            ) { [$0.optionalText("agent_id"), "\(try $0.int("has_crew"))", "\(try $0.int("elapsed"))",
                 $0.optionalText("result"), $0.optionalText("token_usage")] }
            #expect(row == [[agents[.marketing], "1", "840", #"{"tool_calls":["add_expense","cash_flow_report"]}"#,
                             #"{"completion":85,"prompt":1200}"#]])
        }
    }

    @Test func refusedValuesAreConflictsAndWriteNothing() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let good = BudgetLimit(tenantID: tenant.id, month: "2025-03", category: "insumos", limitCents: 100, updatedAt: Self.epoch)
            var zero = good
            zero.category = "aluguel"
            zero.limitCents = 0
            await StoreContract.expectStoreError("zero limit", matches: Self.isConflict) {
                try await store.setBudgets([good, zero])
            }
            #expect(try await store.budgets(tenantID: tenant.id, month: "2025-03").isEmpty)

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

    /// A database written by the previous schema (0001–0003) opens, migrates to 0004 and
    /// keeps its conversations readable.
    @Test func upgradesADatabaseFromTheLastSchema() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let previous = temporary.directory.appendingPathComponent("previous", isDirectory: true)
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        for name in ["0001_initial_schema.sql", "0002_admin_tokens.sql", "0003_inbox_retention_index.sql"] {
            try FileManager.default.copyItem(at: TemporaryStore.migrations.appendingPathComponent(name),
                                             to: previous.appendingPathComponent(name))
        }
        let old = try await temporary.open(migrations: previous)
        let tenant = try await StoreContract.makeTenant(old)
        try await StoreContract.reply(old, tenant, id: "u1", texts: ["oi"], agent: "financial")
        try await old.close()

        let store = try await temporary.open()
        let state = try #require(try await store.conversationState(tenantID: tenant.id, phone: "5511987654321"))
        #expect(state.currentAgent == .financial && state.handoffHistory.isEmpty && state.pendingAction == nil)
        try await store.close()
    }

    private static func isConflict(_ error: StoreError) -> Bool {
        if case .conflict = error { return true }
        return false
    }
}
