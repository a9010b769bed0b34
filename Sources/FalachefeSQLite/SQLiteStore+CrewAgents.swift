import FalachefeCore
import Foundation
import SQLiteNIO

/// The company's crew agents (`crew_agents` of its `crews`), as admins edit them.
extension SQLiteStore {
    private static let agentColumns =
        "a.id, a.role, a.name, a.goal, a.backstory, a.tools, a.status, a.config, a.updated_at"

    /// One agent per role, in `AgentRole.allCases` order. Should a company ever have more
    /// than one crew, the oldest crew's agent wins.
    public func crewAgents(tenantID: String) async throws -> [CrewAgentProfile] {
        let rows = try await read(
            """
            SELECT \(Self.agentColumns) FROM crew_agents a JOIN crews c ON c.id = a.crew_id
            WHERE c.company_id = ? ORDER BY c.created_at, c.id, a.created_at, a.id
            """,
            [.text(tenantID)], decode: Self.decodeAgent
        )
        var byRole: [AgentRole: CrewAgentProfile] = [:]
        for agent in rows where byRole[agent.role] == nil {
            byRole[agent.role] = agent
        }
        return AgentRole.allCases.compactMap { byRole[$0] }
    }

    /// Finds the company's agent by role and writes goal, backstory, status, tools, config
    /// and `updatedAt` (name and id stay). A profile carrying the id of another agent (for
    /// example one read from another company) is refused with `StoreError.notFound`, so a
    /// profile never crosses companies. A goal shorter than 10 characters is a conflict.
    public func updateCrewAgent(tenantID: String, _ agent: CrewAgentProfile) async throws {
        let tools = try SQLiteJSON.encode(agent.tools)
        let config = try SQLiteJSON.encode(agent.config)
        let changed = try await write { connection in
            do {
                try connection.execute(
                    """
                    UPDATE crew_agents SET goal = ?1, backstory = ?2, status = ?3, tools = ?4, config = ?5, updated_at = ?6
                    WHERE role = ?7 AND crew_id IN (SELECT id FROM crews WHERE company_id = ?8)
                      AND (id = ?9 OR NOT EXISTS (SELECT 1 FROM crew_agents other WHERE other.id = ?9))
                    """,
                    [.text(agent.goal), .text(agent.backstory), .text(agent.status.rawValue), .text(tools),
                     .text(config), .date(agent.updatedAt), .text(agent.role.rawValue), .text(tenantID),
                     .text(agent.id)]
                )
            } catch let error as SQLiteFailure where error.isCheckViolation {
                throw StoreError.conflict("agent \(agent.role.rawValue) refused: \(error.message)")
            }
            return connection.changes()
        }
        if changed == 0 {
            throw StoreError.notFound("agent \(agent.role.rawValue) of tenant \(tenantID)")
        }
    }

    @Sendable private static func decodeAgent(_ row: SQLiteValues) throws -> CrewAgentProfile {
        CrewAgentProfile(
            id: try row.text("id"), role: try row.decode(AgentRole.self, "role"), name: try row.text("name"),
            goal: try row.text("goal"), backstory: try row.text("backstory"),
            tools: try SQLiteJSON.decode([String].self, from: try row.text("tools"), column: "tools"),
            status: try row.decode(CrewAgentProfile.Status.self, "status"),
            config: try SQLiteJSON.decode(AgentConfig.self, from: try row.text("config"), column: "config"),
            updatedAt: try row.date("updated_at")
        )
    }
}
