import Foundation

/// A point-in-time view of a tenant for admin answers and metrics.
public struct TenantSnapshot: Sendable, Hashable, Codable {
    public struct Breakers: Sendable, Hashable, Codable {
        public var llm: CircuitBreaker.State
        public var uaz: CircuitBreaker.State
    }

    public struct Limits: Sendable, Hashable, Codable {
        /// Senders currently tracked by the per-sender limiter.
        public var trackedSenders: Int
        public var tenantTokens: Double
        public var outboundTokens: Double
    }

    public var id: String
    public var slug: String
    public var name: String
    /// The connected WhatsApp number of the company's instance (not a secret).
    public var owner: String
    public var status: TenantStatus
    public var live: Bool
    /// Unprocessed inbound messages (queued or in flight).
    public var backlog: Int
    public var inFlight: Int
    public var outboxPending: Int
    public var breakers: Breakers
    public var limits: Limits?
    public var restarts: Int
    public var lastFailure: String?
    public var lastFailureAt: Date?
    public var quarantinedUntil: Date?
    public var pausedReason: String?
    /// Which engine answers the company's messages now, and why.
    public var llm: LLMStatus?
}

/// The company's language-model situation, for admins.
public struct LLMStatus: Sendable, Hashable, Codable {
    /// `llm` or `builtin`.
    public var engine: CrewTaskRecord.Engine
    /// Why the built-in model answers: `not_configured`, `budget_exhausted`, `breaker_open`.
    public var reason: String?
    public var model: String?
    /// Spent this calendar month, in USD (nil until known).
    public var spentUsd: Double?
    public var monthlyBudgetUsd: Double?

    public init(engine: CrewTaskRecord.Engine, reason: String?, model: String?, spentUsd: Double?, monthlyBudgetUsd: Double?) {
        self.engine = engine
        self.reason = reason
        self.model = model
        self.spentUsd = spentUsd
        self.monthlyBudgetUsd = monthlyBudgetUsd
    }

    /// What answers a company with `settings` on a server with `setup`: the built-in
    /// model when no LLM is configured, the month's budget is spent, or the breaker is open.
    public init(setup: LLMSetup?, settings: TenantSettings.LLMSettings, spentUsd: Double?, breakerOpen: Bool) {
        let budget = settings.monthlyBudgetUsd
        guard let setup else {
            self.init(engine: .builtin, reason: "not_configured", model: nil, spentUsd: spentUsd, monthlyBudgetUsd: budget)
            return
        }
        var reason: String?
        if let budget, let spentUsd, spentUsd >= budget {
            reason = "budget_exhausted"
        } else if breakerOpen {
            reason = "breaker_open"
        }
        self.init(
            engine: reason == nil ? .llm : .builtin, reason: reason, model: settings.model ?? setup.defaultModel,
            spentUsd: spentUsd, monthlyBudgetUsd: budget)
    }
}
