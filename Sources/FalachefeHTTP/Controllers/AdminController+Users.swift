import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    /// A user as the admin API shows it.
    struct UserView: Encodable {
        var id: String
        var name: String
        var phone: String
        var role: String
        var createdAt: Date

        init(_ user: CompanyUser) {
            id = user.id
            name = user.name
            phone = user.phone
            role = user.role.rawValue
            createdAt = user.createdAt
        }
    }

    /// A line of a conversation.
    struct MessageView: Encodable {
        var direction: String
        var text: String
        var agent: String?
        var status: String
        var at: Date
    }

    /// `POST /admin/tenants/{tenant}/users`: registers a person of the company.
    func addUser(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        guard let body = try await AdminRequests.decode(AdminRequests.AddUser.self, from: request, context: context)
        else { throw APIError.badRequest("empty body") }
        let name = try AdminRequests.name(body.name, length: 1...255)
        guard let phone = PhoneNumber.digits(body.phone) else { throw APIError.badRequest("phone must be a phone number") }
        let role = try AdminRequests.role(body.role, as: CompanyUser.Role.self)
        let user = CompanyUser(tenantID: tenant.id, name: name, phone: phone, role: role, createdAt: services.clock.now())
        do {
            try await services.store.addUser(user)
        } catch StoreError.conflict {
            throw APIError.conflict("a user with this phone number already exists")
        }
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "user.add",
            detail: PhoneNumber.mask(phone), at: services.clock.now()))
        await registry.tenantChanged(tenant.id)
        return try JSONResponse.make(UserView(user), status: .created)
    }

    func listUsers(_ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: false)
        return try JSONResponse.make(["users": try await services.store.users(tenantID: tenant.id).map(UserView.init)])
    }

    /// `GET /admin/tenants/{tenant}/conversations/{phone}`: recent messages, newest last.
    func conversation(_ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: false)
        guard let phone = PhoneNumber.digits(try context.parameters.require("phone")) else {
            throw APIError.badRequest("phone must be a phone number")
        }
        let entries = try await services.store.conversation(tenantID: tenant.id, phone: phone, limit: 100)
        let messages = entries.map {
            MessageView(direction: $0.direction.rawValue, text: $0.text, agent: $0.agent, status: $0.status, at: $0.at)
        }
        return try JSONResponse.make(["messages": messages])
    }
}
