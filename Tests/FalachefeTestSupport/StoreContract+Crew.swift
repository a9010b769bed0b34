import FalachefeCore
import Foundation
import Testing

/// Crew agents, the crew's conversation state and the atomicity of `CrewEffects`.
extension StoreContract {
    /// Accepts message `id` from `phone` and completes it with one reply and `crew`.
    /// Returns whether `complete` closed the row.
    @discardableResult
    public static func completeWithCrew(
        _ store: some Store, _ tenant: Tenant, id: String, phone: String = "5511987654321", crew: CrewEffects,
        at: Date = epoch, replies: [Reply]? = nil
    ) async throws -> Bool {
        let sequence = try await acceptNew(store, message(tenant, id: id, phone: phone, text: "pergunta \(id)", at: at))
        return try await store.complete(ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: id, status: .processed, replyTo: phone,
            replies: replies ?? [Reply(text: "resposta \(id)", agent: "financial")], at: at.addingTimeInterval(1), crew: crew
        )).closed
    }

    /// A new company has the five `CrewAgentProfile.defaults`, active, in `AgentRole`
    /// order, with ids of its own.
    public static func crewDefaultAgents(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let agents = try await store.crewAgents(tenantID: tenant.id)
        #expect(agents.map(\.role) == AgentRole.allCases)
        #expect(agents.allSatisfy { $0.isActive })
        for (agent, expected) in zip(agents, CrewAgentProfile.defaults.sorted { $0.role.order < $1.role.order }) {
            #expect([agent.name, agent.goal, agent.backstory] == [expected.name, expected.goal, expected.backstory])
            #expect(agent.tools == expected.tools && agent.config == expected.config)
        }
        let ids = Set(agents.map(\.id))
        #expect(ids.count == agents.count)
        #expect(ids.isDisjoint(with: try await store.crewAgents(tenantID: other.id).map(\.id)))
        #expect(try await store.crewAgents(tenantID: UUID().uuidString).isEmpty)
    }

    /// An edited agent reads back as written; another company's agent (by its id) cannot
    /// be written through this company, nor this one's through another.
    public static func crewAgentUpdate(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        var financial = try #require(try await store.crewAgents(tenantID: tenant.id).first { $0.role == .financial })
        financial.goal = "Cuidar do caixa da padaria todos os dias."
        financial.backstory = "Contadora da família."
        financial.status = .maintenance
        financial.tools = ["add_expense", "cash_flow_report"]
        financial.config = AgentConfig(temperature: 0.2, maxTokens: 300, instructions: "Responda em reais.")
        financial.updatedAt = epoch.addingTimeInterval(60)
        try await store.updateCrewAgent(tenantID: tenant.id, financial)
        let stored = try await store.crewAgents(tenantID: tenant.id)
        #expect(stored.first { $0.role == .financial } == financial)
        #expect(stored.filter { $0.role != .financial }.allSatisfy { $0.isActive })

        let untouched = try await store.crewAgents(tenantID: other.id)
        await expectStoreError("foreign agent", matches: isNotFound) {
            try await store.updateCrewAgent(tenantID: other.id, financial)
        }
        await expectStoreError("unknown tenant", matches: isNotFound) {
            try await store.updateCrewAgent(tenantID: UUID().uuidString, financial)
        }
        #expect(try await store.crewAgents(tenantID: other.id) == untouched)
        #expect(try await store.crewAgents(tenantID: tenant.id) == stored)
    }

    /// The state written by `complete` reads back by any spelling of the phone; a later
    /// state replaces it, keeping the conversation's id. Other companies see nothing.
    public static func conversationStateRoundTrip(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let user = CompanyUser(tenantID: tenant.id, name: "João", phone: "5511987654321", role: .admin, createdAt: epoch)
        try await store.addUser(user)
        #expect(try await store.conversationState(tenantID: tenant.id, phone: "5511987654321") == nil)

        let pending = PendingAction(
            tool: .addExpense, amountCents: 150_000, category: nil, day: LedgerDay(year: 2025, month: 3, day: 10),
            description: "conta de luz", sourceMessageID: "s1", awaitingConfirmation: false,
            requiresHumanApproval: true, createdAt: epoch
        )
        let handoff = HandoffRecord(from: .orchestrator, to: .financial, reason: "despesa", summary: "quer lançar luz",
                                    at: epoch)
        var state = ConversationState(
            tenantID: tenant.id, phone: "5511987654321", userID: user.id, currentAgent: .financial,
            handoffHistory: [handoff], pendingAction: pending, requiresHumanApproval: true,
            humanApprovalStatus: .pending, updatedAt: epoch.addingTimeInterval(1)
        )
        #expect(try await completeWithCrew(store, tenant, id: "s1", crew: CrewEffects(conversation: state)))
        #expect(try await store.conversationState(tenantID: tenant.id, phone: "551187654321") == state)

        state.pendingAction = nil
        state.currentAgent = .support
        state.handoffHistory.append(HandoffRecord(
            from: .financial, to: .support, reason: "dúvida", summary: "pergunta de uso", at: epoch.addingTimeInterval(5)))
        state.requiresHumanApproval = false
        state.humanApprovalStatus = .approved
        state.updatedAt = epoch.addingTimeInterval(6)
        #expect(try await completeWithCrew(store, tenant, id: "s2", crew: CrewEffects(conversation: state),
                                           at: epoch.addingTimeInterval(5)))
        #expect(try await store.conversationState(tenantID: tenant.id, phone: "11987654321") == state)
        #expect(try await store.conversationState(tenantID: other.id, phone: "5511987654321") == nil)
    }

    /// `complete` on a row already closed (or unknown) returns false and writes none of
    /// its crew effects: no state, task, memory or access.
    public static func crewEffectsOnlyWithCompletion(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let phone = "5521912345678"
        let memory = CrewMemory(tenantID: tenant.id, userID: "u1", kind: .fact, content: "fornecedor: Moinho Sul",
                                importance: 5, createdAt: epoch)
        #expect(try await completeWithCrew(store, tenant, id: "e1", phone: phone, crew: CrewEffects(memories: [memory])))

        let sequence = try await acceptNew(store, message(tenant, id: "e2", phone: phone))
        var outcome = ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: "e2", status: .processed, replyTo: phone,
            replies: [Reply(text: "ok", agent: "financial")], at: epoch.addingTimeInterval(10)
        )
        #expect(try await store.complete(outcome).closed)
        let before = try await store.conversationState(tenantID: tenant.id, phone: phone)
        var changed = memory
        changed.content = "fornecedor: outro"
        outcome.crew = CrewEffects(
            conversation: ConversationState(tenantID: tenant.id, phone: phone, currentAgent: .hr,
                                            updatedAt: epoch.addingTimeInterval(10)),
            tasks: [task(tenant, message: "e2", cost: 1, at: epoch.addingTimeInterval(10))],
            memories: [changed, CrewMemory(tenantID: tenant.id, userID: "u1", kind: .preference, content: "novo",
                                           importance: 3, createdAt: epoch)],
            accessedMemoryIDs: [memory.id]
        )
        #expect(try await store.complete(outcome).closed == false)
        outcome.sequence = Int64.max - 1
        #expect(try await store.complete(outcome).closed == false)

        #expect(try await store.conversationState(tenantID: tenant.id, phone: phone) == before)
        #expect(try await store.crewTasks(tenantID: tenant.id, limit: 10).isEmpty)
        #expect(try await store.llmSpend(tenantID: tenant.id, since: epoch) == 0)
        #expect(try await store.memories(tenantID: tenant.id, userID: "u1", limit: 10) == [memory])
    }
}

extension AgentRole {
    /// Position in `allCases`.
    fileprivate var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
