import FalachefeCore
import Foundation
import Testing

/// Crew tasks and LLM spend, budgets, and the profile edits of users and companies.
extension StoreContract {
    /// A finished LLM task answering `message`.
    public static func task(
        _ tenant: Tenant, message: String, agent: AgentRole = .financial, cost: Double, at: Date
    ) -> CrewTaskRecord {
        CrewTaskRecord(
            tenantID: tenant.id, conversationID: "conversa-\(message)", messageID: message, agent: agent,
            description: "add_expense", status: .completed, engine: .llm, model: "gpt-4o-mini",
            toolCalls: ["add_expense", "cash_flow_report"], executionTimeMs: 840,
            usage: TokenUsage(promptTokens: 1_200, completionTokens: 85), costUsd: cost, createdAt: at
        )
    }

    /// Tasks read back newest first and as written; the spend adds the costs of the
    /// company's tasks created at or after the date.
    public static func crewTasksAndSpend(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let old = task(tenant, message: "t1", cost: 0.5, at: epoch)
        var builtin = task(tenant, message: "t2", agent: .support, cost: 0, at: epoch.addingTimeInterval(60))
        builtin.engine = .builtin
        builtin.model = nil
        builtin.toolCalls = []
        builtin.usage = TokenUsage()
        builtin.status = .failed
        builtin.errorMessage = "faq indisponível"
        let recent = task(tenant, message: "t3", cost: 0.0025, at: epoch.addingTimeInterval(120))
        let second = task(tenant, message: "t3", agent: .orchestrator, cost: 0.001, at: epoch.addingTimeInterval(121))
        #expect(try await completeWithCrew(store, tenant, id: "t1", crew: CrewEffects(tasks: [old])))
        #expect(try await completeWithCrew(store, tenant, id: "t2", crew: CrewEffects(tasks: [builtin])))
        #expect(try await completeWithCrew(store, tenant, id: "t3", crew: CrewEffects(tasks: [recent, second])))
        #expect(try await completeWithCrew(store, other, id: "t1",
                                           crew: CrewEffects(tasks: [task(other, message: "t1", cost: 7, at: epoch)])))

        #expect(try await store.crewTasks(tenantID: tenant.id, limit: 10) == [second, recent, builtin, old])
        #expect(try await store.crewTasks(tenantID: tenant.id, limit: 1) == [second])
        #expect(abs(try await store.llmSpend(tenantID: tenant.id, since: epoch) - 0.5035) < 1e-9)
        #expect(abs(try await store.llmSpend(tenantID: tenant.id, since: epoch.addingTimeInterval(120)) - 0.0035) < 1e-9)
        #expect(try await store.llmSpend(tenantID: tenant.id, since: epoch.addingTimeInterval(122)) == 0)
        #expect(try await store.llmSpend(tenantID: other.id, since: epoch) == 7)
    }

    /// Limits are created, then replaced per category and month; months and companies
    /// do not mix.
    public static func budgetsUpsert(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        func limit(_ owner: Tenant, _ month: String, _ category: String, _ cents: Int64, _ seconds: Double = 0)
            -> BudgetLimit
        {
            BudgetLimit(tenantID: owner.id, month: month, category: category, limitCents: cents,
                        updatedAt: epoch.addingTimeInterval(seconds))
        }
        try await store.setBudgets([limit(tenant, "2025-03", "insumos", 200_000), limit(tenant, "2025-03", "aluguel", 350_000),
                                    limit(tenant, "2025-04", "insumos", 180_000)])
        try await store.setBudgets([limit(other, "2025-03", "insumos", 1_000)])
        try await store.setBudgets([limit(tenant, "2025-03", "insumos", 250_000, 60)])
        #expect(try await store.budgets(tenantID: tenant.id, month: "2025-03") == [
            limit(tenant, "2025-03", "aluguel", 350_000), limit(tenant, "2025-03", "insumos", 250_000, 60),
        ])
        #expect(try await store.budgets(tenantID: tenant.id, month: "2025-04") == [limit(tenant, "2025-04", "insumos", 180_000)])
        #expect(try await store.budgets(tenantID: tenant.id, month: "2025-05").isEmpty)
        #expect(try await store.budgets(tenantID: other.id, month: "2025-03") == [limit(other, "2025-03", "insumos", 1_000)])
    }

    /// A user's name and e-mail change field by field; another company's user is not found.
    public static func userProfileUpdate(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        var maria = CompanyUser(tenantID: tenant.id, name: "Maria", phone: "5511900000001", role: .user,
                                email: "maria@padaria.com.br", createdAt: epoch)
        var joao = CompanyUser(tenantID: tenant.id, name: "João", phone: "5511900000002", role: .admin, createdAt: epoch)
        try await store.addUser(maria)
        try await store.addUser(joao)
        #expect(Set(try await store.users(tenantID: tenant.id)) == [maria, joao])

        try await store.updateUserProfile(tenantID: tenant.id, userID: joao.id, name: nil, email: "joao@padaria.com.br")
        joao.email = "joao@padaria.com.br"
        try await store.updateUserProfile(tenantID: tenant.id, userID: maria.id, name: "Maria Souza", email: nil)
        maria.name = "Maria Souza"
        #expect(Set(try await store.users(tenantID: tenant.id)) == [maria, joao])

        await expectStoreError("another company's user", matches: isNotFound) {
            try await store.updateUserProfile(tenantID: other.id, userID: maria.id, name: "Intrusa", email: nil)
        }
        #expect(Set(try await store.users(tenantID: tenant.id)) == [maria, joao])
    }

    /// Name and settings are replaced as a whole; an unknown company is not found.
    public static func tenantProfileUpdate(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let settings = TenantSettings(
            groupsEnabled: true, llm: .init(model: "gpt-4o-mini", monthlyBudgetUsd: 12.5),
            finance: .init(confirmBookings: true, humanApprovalAboveCents: 500_000), sector: "padaria"
        )
        try await store.updateTenantProfile(tenantID: tenant.id, name: "Padaria Pão Quente", settings: settings)
        let stored = try #require(try await store.tenant(id: tenant.id))
        #expect(stored.name == "Padaria Pão Quente")
        #expect(stored.settings == settings)
        #expect(stored.slug == tenant.slug && stored.status == tenant.status)

        try await store.updateTenantProfile(tenantID: tenant.id, name: "Padaria", settings: TenantSettings())
        #expect(try await store.tenant(id: tenant.id)?.settings == TenantSettings())
        await expectStoreError("unknown tenant", matches: isNotFound) {
            try await store.updateTenantProfile(tenantID: UUID().uuidString, name: "X", settings: settings)
        }
    }
}
