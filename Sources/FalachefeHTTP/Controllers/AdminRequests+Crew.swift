import FalachefeCore
import Foundation

extension AdminRequests {
    /// `PUT …/agents/{role}`.
    struct UpdateAgent: StrictBody {
        static let keys: Set<String> = ["goal", "backstory", "status", "tools", "config", "name"]

        var name: String?
        var goal: String?
        var backstory: String?
        var status: String?
        var tools: [String]?
        var config: AgentConfig?

        var changedFields: [String] {
            [("name", name != nil), ("goal", goal != nil), ("backstory", backstory != nil), ("status", status != nil),
             ("tools", tools != nil), ("config", config != nil)].filter(\.1).map(\.0)
        }

        func apply(to agent: inout CrewAgentProfile) throws {
            if let name { agent.name = try AdminRequests.name(name, length: 1...100) }
            if let goal { agent.goal = try AdminRequests.name(goal, field: "goal", length: 10...1_000) }
            if let backstory { agent.backstory = try AdminRequests.name(backstory, field: "backstory", length: 0...2_000) }
            if let status {
                guard let value = CrewAgentProfile.Status(rawValue: status) else {
                    throw APIError.badRequest("status must be 'active', 'inactive' or 'maintenance'")
                }
                agent.status = value
            }
            if let tools {
                let unknown = tools.filter { !CrewTools.all.contains($0) }
                guard unknown.isEmpty else { throw APIError.badRequest("unknown tools: \(unknown.joined(separator: ", "))") }
                agent.tools = tools
            }
            if let config {
                if let temperature = config.temperature, !(0...2).contains(temperature) {
                    throw APIError.badRequest("config.temperature must be between 0 and 2")
                }
                if let maxTokens = config.maxTokens, !(1...8_192).contains(maxTokens) {
                    throw APIError.badRequest("config.maxTokens must be between 1 and 8192")
                }
                if let instructions = config.instructions, instructions.count > 2_000 {
                    throw APIError.badRequest("config.instructions longer than 2000 characters")
                }
                agent.config = config
            }
        }
    }

    /// `PUT …/config`.
    struct UpdateConfig: StrictBody {
        static let keys: Set<String> = ["llm", "finance", "groups", "sector"]

        struct LLM: Decodable {
            var model: String?
            var monthlyBudgetUsd: Double?
        }

        struct Finance: Decodable {
            var confirmBookings: Bool?
            var humanApprovalAboveCents: Int64?
        }

        var llm: LLM?
        var finance: Finance?
        var groups: Bool?
        var sector: String?

        func applied(to current: TenantSettings, selectableModels: Set<String>) throws -> TenantSettings {
            var settings = current
            if let llm {
                if let model = llm.model, !selectableModels.contains(model) {
                    let known = selectableModels.sorted().joined(separator: ", ")
                    throw APIError.badRequest(known.isEmpty ? "no LLM is configured on this server" : "llm.model must be one of: \(known)")
                }
                if let budget = llm.monthlyBudgetUsd, !(budget.isFinite && (0...1_000_000).contains(budget)) {
                    throw APIError.badRequest("llm.monthlyBudgetUsd must be between 0 and 1000000")
                }
                settings.llm = TenantSettings.LLMSettings(model: llm.model, monthlyBudgetUsd: llm.monthlyBudgetUsd)
            }
            if let finance {
                if let cents = finance.humanApprovalAboveCents, !(0...MoneyParser.maximumCents).contains(cents) {
                    throw APIError.badRequest("finance.humanApprovalAboveCents must be between 0 and \(MoneyParser.maximumCents)")
                }
                settings.finance = TenantSettings.FinanceSettings(
                    confirmBookings: finance.confirmBookings ?? false, humanApprovalAboveCents: finance.humanApprovalAboveCents)
            }
            if let groups { settings.groupsEnabled = groups }
            if let sector {
                let trimmed = sector.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.count <= 80 else { throw APIError.badRequest("sector longer than 80 characters") }
                settings.sector = trimmed.isEmpty ? nil : trimmed
            }
            return settings
        }
    }
}
