import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    /// `POST /admin/tenants`: a company with its UAZ instance and default crew.
    func createTenant(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard context.identity?.role == .superadmin else { throw APIError.forbidden }
        guard let body = try await AdminRequests.decode(AdminRequests.CreateTenant.self, from: request, context: context)
        else { throw APIError.badRequest("empty body") }
        let slug = body.slug.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = try AdminRequests.name(body.name, length: 3...255)
        guard TenantSlug.isValid(slug) else {
            throw APIError.badRequest("slug must be 2-63 lowercase letters, digits or dashes")
        }
        guard let owner = PhoneNumber.digits(body.instance.owner) else {
            throw APIError.badRequest("instance.owner must be a phone number")
        }
        let token = body.instance.token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (8...512).contains(token.count) else { throw APIError.badRequest("instance.token must have 8 to 512 characters") }
        // Empty: the server's UAZ_API_URL, resolved when replies are sent.
        var baseURL = ""
        if let raw = body.instance.baseUrl, !raw.isEmpty {
            guard let valid = AdminRequests.validBaseURL(raw) else { throw APIError.badRequest("instance.baseUrl must be an http(s) URL") }
            baseURL = valid
        }
        let tenant = Tenant(
            slug: slug, name: name, settings: TenantSettings(groupsEnabled: body.groups ?? false),
            createdAt: services.clock.now())
        do {
            try await services.store.createTenant(tenant, instance: Instance(tenantID: tenant.id, owner: owner, token: token, baseURL: baseURL))
        } catch StoreError.conflict {
            throw APIError.conflict("slug or instance owner already in use")
        }
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "tenant.create", detail: slug,
            at: services.clock.now()))
        await registry.tenantChanged(tenant.id)
        return try JSONResponse.make(try await registry.snapshot(of: tenant), status: .created)
    }
}
