import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    /// The answer to an importance change.
    struct MemoryImportanceView: Encodable {
        var id: String
        var importance: Int
    }

    func addMemoryRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tenants/:tenant/users/:phone/memories") { _, context in try await memories(context) }
        group.put("tenants/:tenant/memories/:memory") { request, context in try await updateMemory(request, context) }
    }

    /// What the crew remembers about one user of the company, most important first.
    private func memories(_ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: false)
        guard let phone = PhoneNumber.digits(try context.parameters.require("phone")) else {
            throw APIError.badRequest("phone must be a phone number")
        }
        let key = PhoneNumber.canonical(phone)
        guard let user = try await services.store.users(tenantID: tenant.id).first(where: { PhoneNumber.canonical($0.phone) == key })
        else { throw APIError.notFound("user") }
        let memories = try await services.store.memories(
            tenantID: tenant.id, userID: user.id, limit: services.configuration.memoriesPerUser)
        return try JSONResponse.make(["memories": memories])
    }

    /// Sets a memory's importance (1–10): 8 or more keeps it past the retention cleanup.
    private func updateMemory(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        let memoryID = try context.parameters.require("memory")
        guard let body = try await AdminRequests.decodeStrict(AdminRequests.UpdateMemory.self, from: request, context: context) else {
            throw APIError.badRequest("empty body")
        }
        guard (1...10).contains(body.importance) else { throw APIError.badRequest("importance must be between 1 and 10") }
        do {
            try await services.store.updateMemoryImportance(tenantID: tenant.id, memoryID: memoryID, importance: body.importance)
        } catch StoreError.notFound {
            throw APIError.notFound("memory")
        }
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "memory.importance",
            detail: "\(memoryID): \(body.importance)", at: services.clock.now()))
        await registry.tenantChanged(tenant.id)
        return try JSONResponse.make(MemoryImportanceView(id: memoryID, importance: body.importance))
    }
}
