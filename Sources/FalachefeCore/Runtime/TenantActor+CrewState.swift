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

    /// The conversation's last answered lines, oldest first: inbound messages still pending
    /// (this one and any queued behind it) are not context yet. Read once per conversation,
    /// then kept up to date by `rememberTurns`.
    func recentTurns(phone: String) async throws -> [ConversationEntry] {
        let limit = services.configuration.contextTurns
        guard limit > 0 else { return [] }
        if let cached = turnsCache.value(for: phone) { return cached }
        let entries = try await services.store.conversation(tenantID: tenantID, phone: phone, limit: limit * 2)
        let answered = entries.filter { !($0.direction == .inbound && $0.status == InboxStatus.pending.rawValue) }
        let turns = Array(answered.suffix(limit))
        turnsCache.set(turns, for: phone)
        return turns
    }

    /// Appends a committed message and its replies to the cached turns of its conversation.
    func rememberTurns(_ message: InboundMessage, replies: [Reply], at: Date) {
        let phone = PhoneNumber.canonical(message.senderPhone)
        guard var turns = turnsCache.value(for: phone) else { return }
        turns.append(ConversationEntry(direction: .inbound, text: message.text, agent: replies.first?.agent, status: "processed", at: at))
        turns += replies.map { ConversationEntry(direction: .outbound, text: $0.text, agent: $0.agent, status: "pending", at: at) }
        turnsCache.set(Array(turns.suffix(services.configuration.contextTurns)), for: phone)
    }

    /// This month's LLM spending: read from `crew_tasks`, then counted here. On one node
    /// that read happens once a month; with a shared store, again once the read is older
    /// than `sharedSpendRefresh` when the company has a budget, since other nodes spend too.
    func spentThisMonth(today: LedgerDay, now: Date) async throws -> Double {
        let month = BudgetLimit.month(of: today)
        if let llmSpend, llmSpend.month == month, !spendReadIsStale(llmSpend, now: now) {
            return llmSpend.usd
        }
        let usd = try await services.store.llmSpend(
            tenantID: tenantID, since: today.startOfMonth(in: services.configuration.timeZone))
        llmSpend = LLMSpend(month: month, usd: usd, readAt: now)
        return usd
    }

    /// Whether another node may have spent since `spend` was read, enough to matter.
    private func spendReadIsStale(_ spend: LLMSpend, now: Date) -> Bool {
        guard sharedWork != nil, tenant.settings.llm.monthlyBudgetUsd != nil else { return false }
        return now.timeIntervalSince(spend.readAt) >= services.configuration.sharedSpendRefresh
    }

    /// The engine that answers now, for snapshots.
    func llmStatus(now: Date) -> LLMStatus {
        LLMStatus(
            setup: services.llm, settings: tenant.settings.llm, spentUsd: llmSpend?.usd, breakerOpen: llmBreaker.state == .open)
    }
}
