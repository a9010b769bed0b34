import FalachefeCore
import Foundation
import Hummingbird

/// Closes the admin API: `Authorization: Bearer <token>` must be the bootstrap superadmin
/// token (`FALACHEFE_ADMIN_TOKEN`, constant-time compare) or a company token (looked up by
/// its SHA-256). Anything else is 401; company scope is checked by the routes (403).
struct AdminAuthMiddleware<Services: RuntimeServices>: RouterMiddleware {
    typealias Context = AppRequestContext
    let superadminToken: String?
    let store: Services.StoreType

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthorized
        }
        let presented = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !presented.isEmpty else { throw APIError.unauthorized }
        var context = context
        if let superadminToken, !superadminToken.isEmpty, ConstantTime.equals(presented, superadminToken) {
            context.identity = AdminIdentity(name: "superadmin", role: .superadmin, tenantID: nil)
        } else if let token = try await store.adminToken(hash: AdminToken.hash(of: presented)) {
            let role: AdminIdentity.Role = token.role == .admin ? .admin : .user
            context.identity = AdminIdentity(name: "token:\(token.name)", role: role, tenantID: token.tenantID)
        } else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
