import FalachefeCore
import Foundation
import Hummingbird

/// Closes the admin API: `Authorization: Bearer <token>` must be the bootstrap superadmin
/// token (`FALACHEFE_ADMIN_TOKEN`). Without a configured token every admin call is 401.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let superadminToken: String?

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthorized
        }
        let presented = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let superadminToken, !superadminToken.isEmpty, ConstantTime.equals(presented, superadminToken) else {
            throw APIError.unauthorized
        }
        var context = context
        context.identity = AdminIdentity(name: "superadmin", role: .superadmin, tenantID: nil)
        return try await next(request, context)
    }
}
