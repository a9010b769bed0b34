import FalachefeCore
import Foundation
import PostgresNIO

/// The crew's task log (`crew_tasks`) and the language-model spend it adds up to.
extension PostgresStore {
    /// The newest `limit` tasks of the company, newest first.
    public func crewTasks(tenantID: String, limit: Int) async throws -> [CrewTaskRecord] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT id, company_id, conversation_id, message_id, agent_role, description, status, engine, model,
                   result -> 'tool_calls' AS tool_calls, error_message, execution_time_ms,
                   coalesce(token_usage ->> 'prompt', '0')::bigint AS prompt_tokens,
                   coalesce(token_usage ->> 'completion', '0')::bigint AS completion_tokens,
                   cost_usd::float8 AS cost_usd, created_at
            FROM crew_tasks WHERE company_id = \(tenantID) ORDER BY created_at DESC, seq DESC LIMIT \(max(limit, 0))
            """,
            decode: Self.decodeTask
        )
    }

    /// Sum of `cost_usd` of the company's tasks created at or after `since` (0 when none).
    public func llmSpend(tenantID: String, since: Date) async throws -> Double {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT coalesce(sum(cost_usd), 0)::float8 AS spent FROM crew_tasks
            WHERE company_id = \(tenantID) AND created_at >= \(since.timestamp)
            """
        ) { try $0.double("spent") }.first ?? 0
    }

    private static func decodeTask(_ row: Row) throws -> CrewTaskRecord {
        // A seed-style `{}` result or usage (no keys) reads as no tool calls and zero tokens.
        CrewTaskRecord(
            id: try row.text("id"), tenantID: try row.text("company_id"),
            conversationID: try row.text("conversation_id"), messageID: try row.text("message_id"),
            agent: try row.decode(AgentRole.self, "agent_role"), description: try row.text("description"),
            status: try row.decode(CrewTaskRecord.Status.self, "status"),
            engine: try row.decode(CrewTaskRecord.Engine.self, "engine"), model: try row.optionalText("model"),
            toolCalls: try row.optionalJSON([String].self, "tool_calls") ?? [],
            errorMessage: try row.optionalText("error_message"), executionTimeMs: try row.int("execution_time_ms"),
            usage: TokenUsage(promptTokens: try row.int("prompt_tokens"), completionTokens: try row.int("completion_tokens")),
            costUsd: try row.double("cost_usd"), createdAt: try row.date("created_at")
        )
    }
}
