import FalachefeCore
import Foundation
import PostgresNIO

/// The company's crew agents (`crew_agents` of its `crews`), as admins edit them.
extension PostgresStore {
    /// One agent per role, in `AgentRole.allCases` order. Should a company ever have more
    /// than one crew, the oldest crew's agent wins.
    public func crewAgents(tenantID: String) async throws -> [CrewAgentProfile] {
        let agents = try await rows(
            in: .tenant(tenantID),
            """
            SELECT a.id, a.role, a.name, a.goal, a.backstory, a.tools, a.status, a.config, a.updated_at
            FROM crew_agents a JOIN crews c ON c.id = a.crew_id
            WHERE c.company_id = \(tenantID) ORDER BY c.created_at, c.id, a.created_at, a.id
            """,
            decode: Self.decodeAgent
        )
        var byRole: [AgentRole: CrewAgentProfile] = [:]
        for agent in agents where byRole[agent.role] == nil {
            byRole[agent.role] = agent
        }
        return AgentRole.allCases.compactMap { byRole[$0] }
    }

    /// Finds the company's agent by role and writes goal, backstory, status, tools, config
    /// and `updatedAt` (name and id stay). A profile carrying the id of another agent (for
    /// example one read from another company) is refused with `StoreError.notFound`, so a
    /// profile never crosses companies. A goal shorter than 10 characters is a conflict.
    public func updateCrewAgent(tenantID: String, _ agent: CrewAgentProfile) async throws {
        let tools = try JSONB(encoding: agent.tools)
        let config = try JSONB(encoding: agent.config)
        let changed: [String]
        do {
            changed = try await scoped(.tenant(tenantID)) { [logger] connection in
                try await connection.rows(
                    """
                    UPDATE crew_agents SET goal = \(agent.goal), backstory = \(agent.backstory), status = \(agent.status.rawValue),
                                           tools = \(tools), config = \(config), updated_at = \(agent.updatedAt.timestamp)
                    WHERE role = \(agent.role.rawValue) AND crew_id IN (SELECT id FROM crews WHERE company_id = \(tenantID))
                      AND (id = \(agent.id) OR NOT crew_agent_id_exists(\(agent.id)))
                    RETURNING id
                    """, logger: logger
                ) { try $0.text("id") }
            }
        } catch let error as PSQLError where error.isCheckViolation {
            throw StoreError.conflict("agent \(agent.role.rawValue) refused: \(error.summary)")
        } catch {
            throw StoreError.wrapping(error)
        }
        if changed.isEmpty {
            throw StoreError.notFound("agent \(agent.role.rawValue) of tenant \(tenantID)")
        }
    }

    private static func decodeAgent(_ row: Row) throws -> CrewAgentProfile {
        CrewAgentProfile(
            id: try row.text("id"), role: try row.decode(AgentRole.self, "role"), name: try row.text("name"),
            goal: try row.text("goal"), backstory: try row.text("backstory"),
            tools: try row.json([String].self, "tools"), status: try row.decode(CrewAgentProfile.Status.self, "status"),
            config: try row.json(AgentConfig.self, "config"), updatedAt: try row.date("updated_at")
        )
    }
}
