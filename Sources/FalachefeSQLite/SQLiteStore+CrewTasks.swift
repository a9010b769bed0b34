import FalachefeCore
import Foundation
import SQLiteNIO

/// The crew's task log (`crew_tasks`) and the language-model spend it adds up to.
extension SQLiteStore {
    /// The newest `limit` tasks of the company, newest first.
    public func crewTasks(tenantID: String, limit: Int) async throws -> [CrewTaskRecord] {
        try await read(
            """
            SELECT id, company_id, conversation_id, message_id, agent_role, description, status, engine, model,
                   result ->> '$.tool_calls' AS tool_calls, error_message, execution_time_ms,
                   token_usage ->> '$.prompt' AS prompt_tokens, token_usage ->> '$.completion' AS completion_tokens,
                   cost_usd, created_at
            FROM crew_tasks WHERE company_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?
            """,
            [.text(tenantID), .int(max(limit, 0))], decode: Self.decodeTask
        )
    }

    /// Sum of `cost_usd` of the company's tasks created at or after `since` (0 when none).
    public func llmSpend(tenantID: String, since: Date) async throws -> Double {
        try await read(
            "SELECT total(cost_usd) AS spent FROM crew_tasks WHERE company_id = ? AND created_at >= ?",
            [.text(tenantID), .date(since)]
        ) { try $0.double("spent") }.first ?? 0
    }

    @Sendable private static func decodeTask(_ row: SQLiteValues) throws -> CrewTaskRecord {
        let toolCalls = try row.optionalText("tool_calls").map {
            try SQLiteJSON.decode([String].self, from: $0, column: "result")
        }
        // A seed-style `{}` usage (no keys) counts as zero tokens.
        let usage = TokenUsage(
            promptTokens: (try? row.int("prompt_tokens")) ?? 0,
            completionTokens: (try? row.int("completion_tokens")) ?? 0
        )
        return CrewTaskRecord(
            id: try row.text("id"), tenantID: try row.text("company_id"),
            conversationID: try row.text("conversation_id"), messageID: try row.text("message_id"),
            agent: try row.decode(AgentRole.self, "agent_role"), description: try row.text("description"),
            status: try row.decode(CrewTaskRecord.Status.self, "status"),
            engine: try row.decode(CrewTaskRecord.Engine.self, "engine"), model: row.optionalText("model"),
            toolCalls: toolCalls ?? [], errorMessage: row.optionalText("error_message"),
            executionTimeMs: try row.int("execution_time_ms"), usage: usage, costUsd: try row.double("cost_usd"),
            createdAt: try row.date("created_at")
        )
    }
}
