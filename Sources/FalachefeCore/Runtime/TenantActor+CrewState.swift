import Foundation

extension TenantActor {
    func conversationState(phone: String, user: CompanyUser) async throws -> ConversationState {
        if let cached = conversations.value(for: phone) { return cached }
        let state = try await services.store.conversationState(tenantID: tenantID, phone: phone)
            ?? ConversationState(tenantID: tenantID, phone: phone, userID: user.id, updatedAt: services.clock.now())
        conversations.set(state, for: phone)
        return state
    }

    func crewAgents() async throws -> [CrewAgentProfile] {
        if let agents { return agents }
        let stored = try await services.store.crewAgents(tenantID: tenantID)
        let loaded = stored.isEmpty ? CrewAgentProfile.defaults : stored
        agents = loaded
        return loaded
    }

    func memories(of user: CompanyUser) async throws -> [CrewMemory] {
        if let cached = memoryCache.value(for: user.id) { return cached }
        let loaded = try await services.store.memories(
            tenantID: tenantID, userID: user.id, limit: services.configuration.memoriesPerUser)
        memoryCache.set(loaded, for: user.id)
        return loaded
    }

    /// The conversation's last lines before this message, oldest first.
    func recentTurns(phone: String, excluding messageID: String) async throws -> [ConversationEntry] {
        let limit = services.configuration.contextTurns
        guard limit > 0 else { return [] }
        let entries = try await services.store.conversation(tenantID: tenantID, phone: phone, limit: limit + 1)
        return Array(entries.dropLast().suffix(limit))
    }

    /// This month's LLM spending (read once per month from `crew_tasks`, then counted here).
    func spentThisMonth(today: LedgerDay) async throws -> Double {
        let month = BudgetLimit.month(of: today)
        if let llmSpend, llmSpend.month == month { return llmSpend.usd }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.configuration.timeZone
        let start = calendar.date(from: DateComponents(year: today.year, month: today.month, day: 1)) ?? services.clock.now()
        let usd = try await services.store.llmSpend(tenantID: tenantID, since: start)
        llmSpend = LLMSpend(month: month, usd: usd)
        return usd
    }

    /// The engine that answers now, for snapshots.
    func llmStatus(now: Date) -> LLMStatus {
        let budget = tenant.settings.llm.monthlyBudgetUsd
        let spent = llmSpend?.usd
        guard let setup = services.llm else {
            return LLMStatus(engine: .builtin, reason: "not_configured", model: nil, spentUsd: spent, monthlyBudgetUsd: budget)
        }
        let model = tenant.settings.llm.model ?? setup.defaultModel
        var reason: String?
        if let budget, let spent, spent >= budget {
            reason = "budget_exhausted"
        } else if llmBreaker.state == .open {
            reason = "breaker_open"
        }
        return LLMStatus(engine: reason == nil ? .llm : .builtin, reason: reason, model: model, spentUsd: spent, monthlyBudgetUsd: budget)
    }
}
