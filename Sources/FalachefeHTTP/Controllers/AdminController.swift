import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

/// The admin API under `/admin`: companies, pause/resume, users, conversations.
struct AdminController<Services: RuntimeServices> {
    let registry: TenantRegistry<Services>
    let services: Services
    /// Models a company may choose (`PUT …/config`); empty when no LLM is configured.
    var selectableModels: Set<String> = []

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("tenants") { request, context in try await createTenant(request, context) }
        group.get("tenants") { _, context in try await listTenants(context) }
        group.get("tenants/:tenant") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(try await registry.snapshot(of: tenant))
        }
        group.post("tenants/:tenant/pause") { request, context in try await pause(request, context) }
        group.post("tenants/:tenant/resume") { _, context in
            let tenant = try await resolve(context, write: true)
            try await registry.resume(tenantID: tenant.id, by: context.identity?.name ?? "unknown")
            return try JSONResponse.make(try await snapshot(tenant.id))
        }
        group.post("tenants/:tenant/tokens") { request, context in try await createToken(request, context) }
        group.post("tenants/:tenant/users") { request, context in try await addUser(request, context) }
        group.get("tenants/:tenant/users") { _, context in try await listUsers(context) }
        group.get("tenants/:tenant/conversations/:phone") { _, context in try await conversation(context) }
        addCrewRoutes(to: group)
        addMemoryRoutes(to: group)
        addApprovalRoutes(to: group)
        group.get("tenants/:tenant/audit") { _, context in
            let tenant = try await resolve(context, write: false)
            return try JSONResponse.make(["entries": try await services.store.auditLog(tenantID: tenant.id, limit: 100)])
        }
    }

    /// The tenant named in the path, if the caller may access it.
    func resolve(_ context: AppRequestContext, write: Bool) async throws -> Tenant {
        let reference = try context.parameters.require("tenant")
        guard let tenant = try await services.store.tenant(slugOrID: reference) else { throw APIError.notFound("tenant") }
        guard context.identity?.may(access: tenant.id, write: write) == true else { throw APIError.forbidden }
        return tenant
    }

    func snapshot(_ tenantID: String) async throws -> TenantSnapshot {
        guard let tenant = try await services.store.tenant(id: tenantID) else { throw APIError.notFound("tenant") }
        return try await registry.snapshot(of: tenant)
    }

    private func listTenants(_ context: AppRequestContext) async throws -> Response {
        let visible = try await services.store.tenants().filter { context.identity?.may(access: $0.id, write: false) == true }
        var snapshots: [TenantSnapshot] = []
        for tenant in visible { snapshots.append(try await registry.snapshot(of: tenant)) }
        return try JSONResponse.make(["tenants": snapshots])
    }

    private func pause(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        let body = try await AdminRequests.decode(AdminRequests.Pause.self, from: request, context: context, allowEmpty: true)
        let reason = body?.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (reason?.count ?? 0) <= 500 else { throw APIError.badRequest("reason longer than 500 characters") }
        try await registry.hold(tenantID: tenant.id, status: .paused, reason: reason, by: context.identity?.name ?? "unknown")
        return try JSONResponse.make(try await snapshot(tenant.id))
    }
}
