import Foundation

/// The agents of the default crew. The raw value is the `Reply.agent` label (a bounded
/// metric label) and the `crew_agents.role` of the seed schema.
public enum AgentRole: String, Sendable, Hashable, Codable, CaseIterable {
    case orchestrator
    case financial
    case marketing
    case hr
    case support

    /// The agent that answers messages of `intent`.
    public init(intent: MessageAnalysis.Intent) {
        switch intent {
        case .financial: self = .financial
        case .marketing: self = .marketing
        case .hr: self = .hr
        case .support, .greeting, .human: self = .support
        }
    }
}

extension AgentRole {
    /// How replies name the agent's area.
    var portugueseName: String {
        switch self {
        case .orchestrator: "atendimento"
        case .financial: "finanças"
        case .marketing: "marketing"
        case .hr: "RH"
        case .support: "suporte"
        }
    }
}
