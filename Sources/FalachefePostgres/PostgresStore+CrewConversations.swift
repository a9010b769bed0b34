import FalachefeCore
import Foundation
import PostgresNIO

/// The crew's state of a conversation (`conversations` row), written by `complete`.
extension PostgresStore {
    public func conversationState(tenantID: String, phone: String) async throws -> ConversationState? {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT id, company_id, phone_canonical, user_id, current_agent, handoff_history, pending_action,
                   requires_human_approval, human_approval_status, updated_at
            FROM conversations WHERE company_id = \(tenantID) AND phone_canonical = \(PhoneNumber.canonical(phone))
            """,
            decode: Self.decodeConversationState
        ).first
    }

    private static func decodeConversationState(_ row: Row) throws -> ConversationState {
        let history = try row.json([StoredHandoffRecord].self, "handoff_history")
        return ConversationState(
            id: try row.text("id"), tenantID: try row.text("company_id"), phone: try row.text("phone_canonical"),
            userID: try row.optionalText("user_id"),
            currentAgent: try row.optionalText("current_agent").flatMap(AgentRole.init),
            handoffHistory: history.compactMap(\.record),
            pendingAction: try row.optionalJSON(PendingAction.self, "pending_action"),
            requiresHumanApproval: try row.bool("requires_human_approval"),
            humanApprovalStatus: try row.decode(HumanApprovalStatus.self, "human_approval_status"),
            updatedAt: try row.date("updated_at")
        )
    }
}
