import Foundation
import Logging

/// The company's LLM spending in one calendar month.
struct LLMSpend: Sendable, Hashable {
    /// `yyyy-MM` in the companies' time zone.
    var month: String
    var usd: Double
    /// When `usd` was read from the store (costs this node adds keep it current until then).
    var readAt: Date
}

extension TenantActor {
    /// Runs the crew for a registered user's message with the tenant's cached state.
    func runCrew(message: InboundMessage, user: CompanyUser) async throws -> CrewOutcome {
        let now = services.clock.now()
        let today = LedgerDay.of(now, in: services.configuration.timeZone)
        let phone = PhoneNumber.canonical(message.senderPhone)
        let conversation = try await conversationState(phone: phone, user: user)
        let request = CrewRequest(
            tenant: tenant, user: user, message: message, today: today, now: now, conversation: conversation,
            agents: try await crewAgents(), memories: try await memories(of: user),
            recentTurns: try await recentTurns(phone: phone))
        let engine = try await llmEngine(now: now, today: today)
        let crew = Crew(model: services.model, store: services.store, llm: engine)
        let started = ContinuousClock.now
        do {
            let outcome = try await crew.respond(to: request)
            // A message that needed no model call (a continuation, say) gives its permission back.
            if engine != nil, outcome.llmSucceeded == nil { llmBreaker.release() }
            record(outcome, elapsed: ContinuousClock.now - started)
            return outcome
        } catch {
            if engine != nil { llmBreaker.release() }
            services.metrics.taskExecuted(agent: conversation.currentAgent?.rawValue ?? "orchestrator", status: "failed",
                                          ContinuousClock.now - started)
            throw error
        }
    }

    /// The LLM engine for this message, or nil — not configured, over the monthly budget,
    /// or its circuit breaker open — in which case the built-in model answers.
    private func llmEngine(now: Date, today: LedgerDay) async throws -> LLMEngine? {
        guard let setup = services.llm else { return nil }
        let spent = try await spentThisMonth(today: today, now: now)
        if let budget = tenant.settings.llm.monthlyBudgetUsd, spent >= budget {
            services.metrics.llmFallback(tenant: tenant.slug, reason: "budget_exhausted")
            return nil
        }
        let (permission, transition) = llmBreaker.acquire(now: now)
        recordTransition("llm", transition)
        guard permission == .allowed else {
            services.metrics.llmFallback(tenant: tenant.slug, reason: "breaker_open")
            return nil
        }
        return setup.engine(model: tenant.settings.llm.model)
    }

    /// Breaker, spending and crew metrics of one answered message.
    private func record(_ outcome: CrewOutcome, elapsed: Duration) {
        let now = services.clock.now()
        if let succeeded = outcome.llmSucceeded {
            recordTransition("llm", llmBreaker.record(success: succeeded, now: now))
            if !succeeded {
                services.metrics.llmFallback(tenant: tenant.slug, reason: "error")
                logger.warning("LLM failed; the built-in model answered", metadata: ["error": .string(outcome.llmFailure ?? "-")])
            }
        }
        if outcome.costUsd > 0 { llmSpend?.usd += outcome.costUsd }
        let metrics = services.metrics
        metrics.taskExecuted(agent: outcome.reply.agent, status: "completed", elapsed)
        if let model = outcome.model, outcome.usage.totalTokens > 0 {
            metrics.llmUsage(model: model, usage: outcome.usage, costUsd: outcome.costUsd)
        }
        if let handoff = outcome.handoff {
            metrics.handoff(from: handoff.from?.rawValue ?? "none", to: handoff.to.rawValue, outcome.handoffDuration ?? .zero)
        }
        if !outcome.effects.memories.isEmpty { metrics.memoryOperation("store", count: outcome.effects.memories.count) }
        if !outcome.effects.accessedMemoryIDs.isEmpty {
            metrics.memoryOperation("retrieve", count: outcome.effects.accessedMemoryIDs.count)
        }
    }

    /// Updates the caches once the outcome holding `effects` is committed.
    func applyCommitted(_ effects: CrewEffects, profileChanged: Bool) async {
        if let state = effects.conversation { conversations.set(state, for: state.phone) }
        if !effects.memories.isEmpty || !effects.accessedMemoryIDs.isEmpty, let userID = effects.conversation?.userID,
           var cached = memoryCache.value(for: userID) {
            let now = services.clock.now()
            for memory in effects.memories {
                if let index = cached.firstIndex(where: { $0.id == memory.id }) { cached[index] = memory } else { cached.append(memory) }
            }
            for index in cached.indices where effects.accessedMemoryIDs.contains(cached[index].id) {
                cached[index].accessCount += 1
                cached[index].lastAccessedAt = now
            }
            memoryCache.set(cached, for: userID)
        }
        if profileChanged { await reloadProfile() }
    }

    /// Re-reads the company (name, settings) and forgets cached users after a profile change.
    func reloadProfile() async {
        if let fresh = try? await services.store.tenant(id: tenantID) {
            tenant.name = fresh.name
            tenant.settings = fresh.settings
            await follow(storedStatus: fresh.status, reason: fresh.pausedReason)
        }
        invalidateUsers()
    }

    /// Applies a pause, disable or resume decided on another node (the store's status).
    /// Quarantine is this node's own supervision and is never stored, so it is left alone.
    private func follow(storedStatus: TenantStatus, reason: String?) async {
        guard storedStatus != status else { return }
        switch storedStatus {
        case .paused, .disabled: hold(status: storedStatus, reason: reason)
        case .active where status != .quarantined: await resume()
        case .active, .quarantined: break
        }
    }

    /// Drops cached memories (after retention cleanup deleted some).
    func forgetMemories() {
        memoryCache = LRUCache(capacity: services.configuration.memoryCacheSize)
    }

    /// Forgets the cached agents: the next message reads the admin's changes.
    func invalidateAgents() { agents = nil }

    /// Applies new company settings without restart (config API).
    func apply(settings: TenantSettings) { tenant.settings = settings }
}
