import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird

extension AdminController {
    /// A conversation's crew state as admins see it.
    struct ConversationStateView: Encodable {
        var currentAgent: String?
        var requiresHumanApproval: Bool
        var humanApprovalStatus: String
        var pendingAction: PendingAction?
        var handoffs: Int

        init(_ state: ConversationState) {
            currentAgent = state.currentAgent?.rawValue
            requiresHumanApproval = state.requiresHumanApproval
            humanApprovalStatus = state.humanApprovalStatus.rawValue
            pendingAction = state.pendingAction
            handoffs = state.handoffHistory.count
        }
    }

    func addApprovalRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tenants/:tenant/conversations/:phone/state") { _, context in
            let tenant = try await resolve(context, write: false)
            let phone = try conversationPhone(context)
            guard let state = try await services.store.conversationState(tenantID: tenant.id, phone: PhoneNumber.canonical(phone))
            else { throw APIError.notFound("conversation") }
            return try JSONResponse.make(ConversationStateView(state))
        }
        group.post("tenants/:tenant/conversations/:phone/approval") { request, context in
            try await decideApproval(request, context)
        }
    }

    private func conversationPhone(_ context: AppRequestContext) throws -> String {
        guard let phone = PhoneNumber.digits(try context.parameters.require("phone")) else {
            throw APIError.badRequest("phone must be a phone number")
        }
        return phone
    }

    /// `POST …/conversations/{phone}/approval` `{"decision": "approved"|"rejected"}`: a person
    /// decides on what the crew left for approval; an approved expense is booked and the
    /// user is told the outcome either way.
    private func decideApproval(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await resolve(context, write: true)
        let phone = try conversationPhone(context)
        guard let body = try await AdminRequests.decodeStrict(AdminRequests.Approval.self, from: request, context: context) else {
            throw APIError.badRequest("empty body")
        }
        guard let decision = ApprovalDecision(rawValue: body.decision) else {
            throw APIError.badRequest("decision must be 'approved' or 'rejected'")
        }
        let state: ConversationState?
        do {
            state = try await registry.resolveApproval(tenantID: tenant.id, phone: phone, decision: decision)
        } catch let error as ApprovalError {
            throw APIError.conflict(error.description)
        }
        guard let state else { throw APIError.notFound("tenant") }
        try await services.store.audit(AuditEntry(
            tenantID: tenant.id, actor: context.identity?.name ?? "unknown", action: "approval.\(decision.rawValue)",
            detail: PhoneNumber.mask(phone), at: services.clock.now()))
        return try JSONResponse.make(ConversationStateView(state))
    }
}
