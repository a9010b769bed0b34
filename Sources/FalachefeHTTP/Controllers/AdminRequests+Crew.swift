import FalachefeCore
import Foundation

extension AdminRequests {
    /// `PUT …/agents/{role}`.
    struct UpdateAgent: StrictBody {
        static let keys: Set<String> = ["goal", "backstory", "status", "tools", "config", "name"]
        static let sectionKeys: [String: Set<String>] = ["config": ["temperature", "maxTokens", "instructions"]]

        var name: String?
        var goal: String?
        var backstory: String?
        var status: String?
        var tools: [String]?
        var config: ConfigPatch?

        /// `config` fields: left out keep their value, `null` clears.
        struct ConfigPatch: Decodable {
            var temperature: Patch<Double>
            var maxTokens: Patch<Int>
            var instructions: Patch<String>

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                temperature = try container.patch(.temperature)
                maxTokens = try container.patch(.maxTokens)
                instructions = try container.patch(.instructions)
            }

            private enum CodingKeys: String, CodingKey { case temperature, maxTokens, instructions }
        }

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
                if case .value(let temperature) = config.temperature, !(0...2).contains(temperature) {
                    throw APIError.badRequest("config.temperature must be between 0 and 2")
                }
                if case .value(let maxTokens) = config.maxTokens, !(1...8_192).contains(maxTokens) {
                    throw APIError.badRequest("config.maxTokens must be between 1 and 8192")
                }
                if case .value(let instructions) = config.instructions, instructions.count > 2_000 {
                    throw APIError.badRequest("config.instructions longer than 2000 characters")
                }
                agent.config.temperature = config.temperature.applied(to: agent.config.temperature)
                agent.config.maxTokens = config.maxTokens.applied(to: agent.config.maxTokens)
                agent.config.instructions = config.instructions.applied(to: agent.config.instructions)
            }
        }
    }

    /// `POST …/conversations/{phone}/approval`.
    struct Approval: StrictBody {
        static let keys: Set<String> = ["decision"]
        static let sectionKeys: [String: Set<String>] = [:]
        var decision: String
    }

    /// `PUT …/memories/{id}`.
    struct UpdateMemory: StrictBody {
        static let keys: Set<String> = ["importance"]
        static let sectionKeys: [String: Set<String>] = [:]
        var importance: Int
    }

    /// `PUT …/config`.
    struct UpdateConfig: StrictBody {
        static let keys: Set<String> = ["llm", "finance", "groups", "sector"]
        static let sectionKeys: [String: Set<String>] = [
            "llm": ["model", "monthlyBudgetUsd"], "finance": ["confirmBookings", "humanApprovalAboveCents"],
        ]

        struct LLM: Decodable {
            var model: Patch<String>
            var monthlyBudgetUsd: Patch<Double>

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                model = try container.patch(.model)
                monthlyBudgetUsd = try container.patch(.monthlyBudgetUsd)
            }

            private enum CodingKeys: String, CodingKey { case model, monthlyBudgetUsd }
        }

        struct Finance: Decodable {
            var confirmBookings: Bool?
            var humanApprovalAboveCents: Patch<Int64>

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                confirmBookings = try container.decodeIfPresent(Bool.self, forKey: .confirmBookings)
                humanApprovalAboveCents = try container.patch(.humanApprovalAboveCents)
            }

            private enum CodingKeys: String, CodingKey { case confirmBookings, humanApprovalAboveCents }
        }

        var llm: LLM?
        var finance: Finance?
        var groups: Bool?
        var sector: String?

        func applied(to current: TenantSettings, selectableModels: Set<String>) throws -> TenantSettings {
            var settings = current
            if let llm {
                if case .value(let model) = llm.model, !selectableModels.contains(model) {
                    let known = selectableModels.sorted().joined(separator: ", ")
                    throw APIError.badRequest(known.isEmpty ? "no LLM is configured on this server" : "llm.model must be one of: \(known)")
                }
                if case .value(let budget) = llm.monthlyBudgetUsd, !(budget.isFinite && (0...1_000_000).contains(budget)) {
                    throw APIError.badRequest("llm.monthlyBudgetUsd must be between 0 and 1000000")
                }
                settings.llm.model = llm.model.applied(to: settings.llm.model)
                settings.llm.monthlyBudgetUsd = llm.monthlyBudgetUsd.applied(to: settings.llm.monthlyBudgetUsd)
            }
            if let finance {
                if case .value(let cents) = finance.humanApprovalAboveCents, !(0...MoneyParser.maximumCents).contains(cents) {
                    throw APIError.badRequest("finance.humanApprovalAboveCents must be between 0 and \(MoneyParser.maximumCents)")
                }
                settings.finance.confirmBookings = finance.confirmBookings ?? settings.finance.confirmBookings
                settings.finance.humanApprovalAboveCents = finance.humanApprovalAboveCents.applied(
                    to: settings.finance.humanApprovalAboveCents)
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
