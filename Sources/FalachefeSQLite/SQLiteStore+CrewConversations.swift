import FalachefeCore
import Foundation
import SQLiteNIO

/// The crew's state of a conversation (`conversations` row), written by `complete`.
extension SQLiteStore {
    public func conversationState(tenantID: String, phone: String) async throws -> ConversationState? {
        try await read(
            """
            SELECT id, company_id, phone_canonical, user_id, current_agent, handoff_history, pending_action,
                   requires_human_approval, human_approval_status, updated_at
            FROM conversations WHERE company_id = ? AND phone_canonical = ?
            """,
            [.text(tenantID), .text(PhoneNumber.canonical(phone))], decode: Self.decodeConversationState
        ).first
    }

    @Sendable private static func decodeConversationState(_ row: SQLiteValues) throws -> ConversationState {
        let history = try SQLiteJSON.decode(
            [StoredHandoffRecord].self, from: try row.text("handoff_history"), column: "handoff_history"
        )
        let pending = try row.optionalText("pending_action").map {
            try SQLiteJSON.decode(PendingAction.self, from: $0, column: "pending_action")
        }
        return ConversationState(
            id: try row.text("id"), tenantID: try row.text("company_id"), phone: try row.text("phone_canonical"),
            userID: row.optionalText("user_id"), currentAgent: row.optionalText("current_agent").flatMap(AgentRole.init),
            handoffHistory: history.compactMap(\.record), pendingAction: pending,
            requiresHumanApproval: try row.int("requires_human_approval") != 0,
            humanApprovalStatus: try row.decode(HumanApprovalStatus.self, "human_approval_status"),
            updatedAt: try row.date("updated_at")
        )
    }
}
