import Foundation

/// One agent of a company's crew: a row of the seed's `crew_agents`. Admins edit goal,
/// backstory, status and config; the crew reads the current row for every message.
public struct CrewAgentProfile: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        case inactive
        case maintenance
    }

    public var id: String
    public var role: AgentRole
    public var name: String
    public var goal: String
    public var backstory: String
    /// Tool names the agent may call (see `CrewTools`).
    public var tools: [String]
    public var status: Status
    public var config: AgentConfig
    public var updatedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), role: AgentRole, name: String, goal: String, backstory: String,
        tools: [String], status: Status = .active, config: AgentConfig = AgentConfig(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.role = role
        self.name = name
        self.goal = goal
        self.backstory = backstory
        self.tools = tools
        self.status = status
        self.config = config
        self.updatedAt = updatedAt
    }

    /// Whether the agent takes messages.
    public var isActive: Bool { status == .active }
}

/// Per-agent tuning (`crew_agents.config`).
public struct AgentConfig: Sendable, Hashable, Codable {
    /// Sampling temperature for the LLM path (0...2).
    public var temperature: Double?
    /// Longest answer in tokens for the LLM path.
    public var maxTokens: Int?
    /// Extra instructions appended to the agent's system prompt.
    public var instructions: String?

    public init(temperature: Double? = nil, maxTokens: Int? = nil, instructions: String? = nil) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.instructions = instructions
    }
}
