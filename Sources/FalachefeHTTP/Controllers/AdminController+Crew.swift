import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    /// An agent as the admin API shows it.
    struct AgentView: Encodable {
        var id: String
        var role: String
        var name: String
        var goal: String
        var backstory: String
        var tools: [String]
        var status: String
        var config: AgentConfig
        var updatedAt: Date

        init(_ agent: CrewAgentProfile) {
            id = agent.id
            role = agent.role.rawValue
            name = agent.name
            goal = agent.goal
            backstory = agent.backstory
            tools = agent.tools
            status = agent.status.rawValue
            config = agent.config
            updatedAt = agent.updatedAt
        }
    }

    func addCrewRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tenants/:tenant/agents") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(["agents": try await services.store.crewAgents(tenantID: tenant.id).map(AgentView.init)])
        }
        group.get("tenants/:tenant/agents/:role") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(AgentView(try await agent(of: tenant, context: context)))
        }
        group.put("tenants/:tenant/agents/:role") { request, context in try await updateAgent(request, context) }
        group.get("tenants/:tenant/config") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(tenant.settings)
        }
        group.put("tenants/:tenant/config") { request, context in try await updateConfig(request, context) }
        group.get("tenants/:tenant/tasks") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(["tasks": try await services.store.crewTasks(tenantID: tenant.id, limit: 100)])
        }
    }

    private func agent(of tenant: Tenant, context: AppRequestContext) async throws -> CrewAgentProfile {
        let raw = try context.parameters.require("role")
        guard let role = AgentRole(rawValue: raw) else { throw APIError.notFound("agent") }
        guard let agent = try await services.store.crewAgents(tenantID: tenant.id).first(where: { $0.role == role }) else {
            throw APIError.notFound("agent")
        }
        return agent
    }

    /// `PUT /admin/tenants/{tenant}/agents/{role}`: goal, backstory, status, tools and config;
    /// fields left out keep their value. Takes effect on the next message.
    func updateAgent(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        var agent = try await agent(of: tenant, context: context)
        guard let body = try await AdminRequests.decodeStrict(AdminRequests.UpdateAgent.self, from: request, context: context)
        else { throw APIError.badRequest("empty body") }
        try body.apply(to: &agent)
        agent.updatedAt = services.clock.now()
        try await services.store.updateCrewAgent(tenantID: tenant.id, agent)
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "agent.update",
            detail: "\(agent.role.rawValue): \(body.changedFields.joined(separator: ", "))", at: services.clock.now()))
        await registry.tenantChanged(tenant.id)
        return try JSONResponse.make(AgentView(agent))
    }

    /// `PUT /admin/tenants/{tenant}/config`: each section given (`llm`, `finance`, `groups`,
    /// `sector`) replaces that section; validated, audited and applied without restart.
    func updateConfig(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        guard let body = try await AdminRequests.decodeStrict(AdminRequests.UpdateConfig.self, from: request, context: context)
        else { throw APIError.badRequest("empty body") }
        let settings = try body.applied(to: tenant.settings, selectableModels: selectableModels)
        try await services.store.updateTenantProfile(tenantID: tenant.id, name: tenant.name, settings: settings)
        let detail = (try? JSONResponse.encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) }
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "config.update", detail: detail,
            at: services.clock.now()))
        await registry.tenantChanged(tenant.id)
        return try JSONResponse.make(settings)
    }
}
