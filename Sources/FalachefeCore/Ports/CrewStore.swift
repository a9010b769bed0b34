import Foundation

/// The part of the store the crew reads and admins edit: agents, conversation state,
/// tasks, memories, budgets and company profile. Writes that belong to a processed
/// message travel in `CrewEffects` and are committed with its outcome.
public protocol CrewStore: LedgerStore {
    // MARK: Agents
    /// The company's agents (`crew_agents` of its crew), in `AgentRole` order.
    func crewAgents(tenantID: String) async throws -> [CrewAgentProfile]
    /// Writes goal, backstory, status, tools and config of the agent with the same role.
    /// Throws `StoreError.notFound` when the company has no such agent.
    func updateCrewAgent(tenantID: String, _ agent: CrewAgentProfile) async throws

    // MARK: Conversations
    /// The crew state of a conversation, nil when it never reached the crew.
    func conversationState(tenantID: String, phone: String) async throws -> ConversationState?

    /// Commits a person's decision on a conversation awaiting approval: the conversation's
    /// new state and the replies to its user, in one transaction. Replies are keyed by
    /// `resolution.key`, so writing the same resolution twice sends nothing twice.
    func resolveApproval(_ resolution: ApprovalResolution) async throws

    // MARK: Tasks
    /// The newest tasks of a company, newest first.
    func crewTasks(tenantID: String, limit: Int) async throws -> [CrewTaskRecord]
    /// Sum of `cost_usd` of the company's tasks created at or after `since`.
    func llmSpend(tenantID: String, since: Date) async throws -> Double

    // MARK: Memories
    /// The memories of one user of one company, most important first, at most `limit`.
    func memories(tenantID: String, userID: String, limit: Int) async throws -> [CrewMemory]
    /// Sets a memory's importance (1–10). Throws `StoreError.notFound` for another company's id.
    func updateMemoryImportance(tenantID: String, memoryID: String, importance: Int) async throws
    /// Deletes memories not accessed (nor created) since `before` whose importance is below
    /// `keepImportanceAtLeast`; returns how many.
    func cleanupMemories(before: Date, keepImportanceAtLeast: Int) async throws -> Int

    // MARK: Budgets
    /// Creates or replaces the limits of the given categories for their month.
    func setBudgets(_ limits: [BudgetLimit]) async throws
    func budgets(tenantID: String, month: String) async throws -> [BudgetLimit]

    // MARK: Profiles
    /// Updates a user's name and e-mail (nil leaves a field as it is).
    func updateUserProfile(tenantID: String, userID: String, name: String?, email: String?) async throws
    /// Replaces the company's name and settings.
    func updateTenantProfile(tenantID: String, name: String, settings: TenantSettings) async throws
}

/// What the crew wrote while answering one message, committed in the same transaction
/// as the reply (`Store.complete`): a replayed message sees all of it or none.
public struct CrewEffects: Sendable, Hashable {
    /// The conversation's new state (upsert by tenant and phone).
    public var conversation: ConversationState?
    public var tasks: [CrewTaskRecord]
    /// New memories, or existing ones (same id) with new content.
    public var memories: [CrewMemory]
    /// Memories read for this message: their access count grows by one.
    public var accessedMemoryIDs: [String]
    /// What the financial tools booked: written with the reply that confirms them, so a
    /// confirmation never goes out without its entry nor an entry stays without its
    /// confirmation. An entry whose company and source message are already booked is
    /// skipped (idempotency key).
    public var ledgerEntries: [LedgerEntry]

    public init(
        conversation: ConversationState? = nil, tasks: [CrewTaskRecord] = [], memories: [CrewMemory] = [],
        accessedMemoryIDs: [String] = [], ledgerEntries: [LedgerEntry] = []
    ) {
        self.conversation = conversation
        self.tasks = tasks
        self.memories = memories
        self.accessedMemoryIDs = accessedMemoryIDs
        self.ledgerEntries = ledgerEntries
    }

    public var isEmpty: Bool {
        conversation == nil && tasks.isEmpty && memories.isEmpty && accessedMemoryIDs.isEmpty && ledgerEntries.isEmpty
    }
}

/// A person's decision on a conversation that awaited approval, ready to commit.
public struct ApprovalResolution: Sendable, Hashable {
    public var conversation: ConversationState
    /// Where replies go: the user's phone digits.
    public var replyTo: String
    /// Reply parts in order (already split and escaped for UAZ).
    public var replies: [Reply]
    /// The outbox key of the replies (`in_reply_to`), unique per decision.
    public var key: String
    public var at: Date
    /// The approved booking, written with the decision (see `CrewEffects.ledgerEntries`).
    public var ledgerEntries: [LedgerEntry]

    public init(
        conversation: ConversationState, replyTo: String, replies: [Reply], key: String, at: Date,
        ledgerEntries: [LedgerEntry] = []
    ) {
        self.conversation = conversation
        self.replyTo = replyTo
        self.replies = replies
        self.key = key
        self.at = at
        self.ledgerEntries = ledgerEntries
    }
}
