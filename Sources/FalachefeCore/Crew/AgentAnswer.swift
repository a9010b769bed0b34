import Foundation

/// What one agent produced for one message, before the crew records it.
struct AgentAnswer: Sendable, Hashable {
    /// How the conversation's pending action changes.
    enum PendingChange: Sendable, Hashable {
        case keep
        case set(PendingAction)
        case clear
    }

    var text: String
    var agent: AgentRole
    /// What was asked of the agent (`crew_tasks.description`).
    var task: String
    var toolCalls: [String] = []
    var pending: PendingChange = .keep
    /// Set when a person must take over: the reason.
    var escalation: String?
    var memories: [CrewMemory] = []
    /// Entries booked by this answer, committed with its reply (`CrewEffects.ledgerEntries`).
    var ledgerEntries: [LedgerEntry] = []
    var profileChanged = false
    var usage = TokenUsage()
    var model: String?

    init(text: String, agent: AgentRole, task: String, toolCalls: [String] = [], pending: PendingChange = .keep) {
        self.text = text
        self.agent = agent
        self.task = task
        self.toolCalls = toolCalls
        self.pending = pending
    }
}
