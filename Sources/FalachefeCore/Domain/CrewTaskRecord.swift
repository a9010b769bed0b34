import Foundation

/// One task an agent executed for a message: a row of the seed's `crew_tasks`.
public struct CrewTaskRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending
        case inProgress = "in_progress"
        case completed
        case failed
        case cancelled
    }

    /// Which engine produced the answer.
    public enum Engine: String, Sendable, Hashable, Codable {
        case builtin
        case llm
    }

    public var id: String
    public var tenantID: String
    public var conversationID: String
    /// The inbound message the task answered.
    public var messageID: String
    public var agent: AgentRole
    /// What was asked of the agent ("add_expense", "marketing_advice", …).
    public var description: String
    public var status: Status
    public var engine: Engine
    /// The model that answered (LLM path), e.g. "gpt-4o-mini".
    public var model: String?
    /// Tool calls made, in order.
    public var toolCalls: [String]
    public var errorMessage: String?
    public var executionTimeMs: Int
    public var usage: TokenUsage
    public var costUsd: Double
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), tenantID: String, conversationID: String, messageID: String,
        agent: AgentRole, description: String, status: Status, engine: Engine, model: String? = nil,
        toolCalls: [String] = [], errorMessage: String? = nil, executionTimeMs: Int, usage: TokenUsage = TokenUsage(),
        costUsd: Double = 0, createdAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.conversationID = conversationID
        self.messageID = messageID
        self.agent = agent
        self.description = description
        self.status = status
        self.engine = engine
        self.model = model
        self.toolCalls = toolCalls
        self.errorMessage = errorMessage
        self.executionTimeMs = executionTimeMs
        self.usage = usage
        self.costUsd = costUsd
        self.createdAt = createdAt
    }
}

/// Tokens a language model reported for one or more calls.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int = 0, completionTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    public var totalTokens: Int { promptTokens + completionTokens }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens)
    }
}
