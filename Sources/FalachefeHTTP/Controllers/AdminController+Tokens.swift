import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    struct CreatedToken: Encodable {
        var token: String
        var name: String
        var role: String
        var tenant: String
    }

    /// `POST /admin/tenants/{tenant}/tokens` `{"name", "role": "admin"|"user"}`: a company
    /// token, shown once. Superadmins and the company's admins may create them.
    func createToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        guard let body = try await AdminRequests.decode(AdminRequests.CreateToken.self, from: request, context: context)
        else { throw APIError.badRequest("empty body") }
        let name = try AdminRequests.name(body.name, length: 1...100)
        let role = try AdminRequests.role(body.role, as: AdminToken.Role.self)
        let secret = AdminToken.generate()
        try await services.store.createAdminToken(AdminToken(
            hash: AdminToken.hash(of: secret), tenantID: tenant.id, role: role, name: name, createdAt: services.clock.now()))
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "token.create",
            detail: "\(name) (\(role.rawValue))", at: services.clock.now()))
        return try JSONResponse.make(CreatedToken(token: secret, name: name, role: role.rawValue, tenant: tenant.slug), status: .created)
    }
}
