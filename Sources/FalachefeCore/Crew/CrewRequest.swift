import Foundation

/// What the crew is asked to answer, with everything it may read. The server injects
/// tenant, user and conversation; nothing here comes from model output.
public struct CrewRequest: Sendable, Hashable {
    public var tenant: Tenant
    public var user: CompanyUser
    public var message: InboundMessage
    public var today: LedgerDay
    public var now: Date
    /// The conversation's crew state before this message.
    public var conversation: ConversationState
    /// The company's agents as configured now.
    public var agents: [CrewAgentProfile]
    /// Every memory of this user of this company (the tenant actor's cache).
    public var memories: [CrewMemory]
    /// Recent lines of the conversation, oldest first (for context and handoff summaries).
    public var recentTurns: [ConversationEntry]

    public init(
        tenant: Tenant, user: CompanyUser, message: InboundMessage, today: LedgerDay, now: Date = Date(),
        conversation: ConversationState? = nil, agents: [CrewAgentProfile] = CrewAgentProfile.defaults,
        memories: [CrewMemory] = [], recentTurns: [ConversationEntry] = []
    ) {
        self.tenant = tenant
        self.user = user
        self.message = message
        self.today = today
        self.now = now
        self.conversation = conversation
            ?? ConversationState(tenantID: tenant.id, phone: PhoneNumber.canonical(message.senderPhone), userID: user.id)
        self.agents = agents
        self.memories = memories
        self.recentTurns = recentTurns
    }

    /// The configured agent of `role`, if the company has one.
    public func agent(_ role: AgentRole) -> CrewAgentProfile? {
        agents.first { $0.role == role }
    }
}

/// What the crew decided for one message: the reply and everything to commit with it.
public struct CrewOutcome: Sendable, Hashable {
    public var reply: Reply
    /// Conversation state, task record, new memories and memories read.
    public var effects: CrewEffects
    /// Set when the message moved the conversation to another agent.
    public var handoff: HandoffRecord?
    public var handoffDuration: Duration?
    /// The engine whose answer was sent.
    public var engine: CrewTaskRecord.Engine
    /// The LLM outcome, for the tenant's breaker: nil when the LLM was not asked.
    public var llmSucceeded: Bool?
    /// Why the LLM answer was not used, when it failed.
    public var llmFailure: String?
    /// The model that answered and what it cost.
    public var model: String?
    public var usage: TokenUsage
    public var costUsd: Double
    /// The user's or the company's profile changed: caches must reload.
    public var profileChanged: Bool

    public init(
        reply: Reply, effects: CrewEffects, handoff: HandoffRecord? = nil, handoffDuration: Duration? = nil,
        engine: CrewTaskRecord.Engine, llmSucceeded: Bool? = nil, llmFailure: String? = nil, model: String? = nil,
        usage: TokenUsage = TokenUsage(), costUsd: Double = 0, profileChanged: Bool = false
    ) {
        self.reply = reply
        self.effects = effects
        self.handoff = handoff
        self.handoffDuration = handoffDuration
        self.engine = engine
        self.llmSucceeded = llmSucceeded
        self.llmFailure = llmFailure
        self.model = model
        self.usage = usage
        self.costUsd = costUsd
        self.profileChanged = profileChanged
    }
}
