import FalachefeCore
import Foundation
import PostgresNIO

/// The statements of `CrewEffectsWrite` and of `complete`'s reply-agent fallback. Values
/// are always bound (`PostgresQuery` interpolation).
extension CrewEffectsWrite {
    /// Upsert by company and phone. An existing row keeps its id (tasks may point at it) and
    /// its user when the state has none; the user is linked only when it belongs to the
    /// company (else the phone's registered user, if any), and `current_agent_id` is the
    /// company's agent of the role.
    static func upsertConversation(_ state: ConversationState) throws -> PostgresQuery {
        let history = try JSONB(encoding: Array(state.handoffHistory.suffix(ConversationState.handoffHistoryLimit)))
        let pending = try state.pendingAction.map { try JSONB(encoding: $0) }
        let phone = PhoneNumber.canonical(state.phone)
        let company = state.tenantID
        let role = state.currentAgent?.rawValue
        let at = state.updatedAt.timestamp
        return """
            INSERT INTO conversations (id, company_id, phone_canonical, user_id, current_agent, current_agent_id,
                                       handoff_history, pending_action, requires_human_approval, human_approval_status,
                                       created_at, updated_at)
            VALUES (\(state.id), \(company), \(phone),
                    coalesce((SELECT id FROM users WHERE company_id = \(company) AND id = \(state.userID)),
                             (SELECT id FROM users WHERE company_id = \(company) AND phone_canonical = \(phone))),
                    \(role), \(agentOf: company, role: role), \(history), \(pending), \(state.requiresHumanApproval),
                    \(state.humanApprovalStatus.rawValue), \(at), \(at))
            ON CONFLICT (company_id, phone_canonical) DO UPDATE SET
              user_id = coalesce(excluded.user_id, conversations.user_id),
              current_agent = excluded.current_agent, current_agent_id = excluded.current_agent_id,
              handoff_history = excluded.handoff_history, pending_action = excluded.pending_action,
              requires_human_approval = excluded.requires_human_approval,
              human_approval_status = excluded.human_approval_status, updated_at = excluded.updated_at
            """
    }

    /// Insert, once per company and source message (the idempotency key); the id comes back
    /// only when the row is new.
    static func insertLedgerEntry(_ entry: LedgerEntry) -> PostgresQuery {
        """
        INSERT INTO ledger_entries (id, company_id, kind, amount_cents, category, day, description,
                                    source_message_id, user_id, created_at)
        VALUES (\(entry.id), \(entry.tenantID), \(entry.kind.rawValue), \(entry.amountCents), \(entry.category),
                \(entry.day.description)::date, \(entry.description), \(entry.sourceMessageID), \(entry.userID),
                \(entry.createdAt.timestamp))
        ON CONFLICT (company_id, source_message_id) DO NOTHING
        RETURNING id
        """
    }

    /// Insert, once per id; `crew_id` and `agent_id` are the company's crew and agent of the role.
    static func insertTask(_ task: CrewTaskRecord) throws -> PostgresQuery {
        let finished: Set<CrewTaskRecord.Status> = [.completed, .failed, .cancelled]
        let elapsed = max(task.executionTimeMs, 0)
        // The schema refuses negative costs; neither they nor a NaN may cost the reply.
        let cost = task.costUsd.isFinite ? max(task.costUsd, 0) : 0
        let result = try JSONB(encoding: ["tool_calls": task.toolCalls])
        let usage = try JSONB(encoding: ["prompt": task.usage.promptTokens, "completion": task.usage.completionTokens])
        let completedAt = finished.contains(task.status)
            ? task.createdAt.addingTimeInterval(Double(elapsed) / 1000).timestamp : nil
        let company = task.tenantID
        return """
            INSERT INTO crew_tasks (id, company_id, crew_id, agent_id, agent_role, conversation_id, message_id,
                                    description, status, engine, model, result, error_message, execution_time_ms,
                                    token_usage, cost_usd, created_at, completed_at)
            VALUES (\(task.id), \(company), (SELECT id FROM crews WHERE company_id = \(company) ORDER BY created_at, id LIMIT 1),
                    \(agentOf: company, role: task.agent.rawValue), \(task.agent.rawValue), \(task.conversationID),
                    \(task.messageID), \(task.description), \(task.status.rawValue), \(task.engine.rawValue),
                    \(task.model), \(result), \(task.errorMessage), \(elapsed), \(usage), \(cost),
                    \(task.createdAt.timestamp), \(completedAt))
            ON CONFLICT (id) DO NOTHING
            """
    }

    /// Insert or update the content of the memory with this id, only when that memory
    /// belongs to the same company and user (no row comes back otherwise). Access count
    /// and last access stay the store's: they move through `touchMemories`.
    static func upsertMemory(_ memory: CrewMemory) -> PostgresQuery {
        """
        INSERT INTO crew_memories (id, company_id, user_id, conversation_id, memory_type, category, content, summary,
                                   importance_score, access_count, last_accessed_at, created_at, updated_at)
        VALUES (\(memory.id), \(memory.tenantID), \(memory.userID), \(memory.conversationID), \(memory.kind.rawValue),
                \(memory.category), \(memory.content), \(memory.summary), \(min(max(memory.importance, 1), 10)),
                \(max(memory.accessCount, 0)), \(memory.lastAccessedAt.timestamp), \(memory.createdAt.timestamp),
                \(memory.updatedAt.timestamp))
        ON CONFLICT (id) DO UPDATE SET
          conversation_id = coalesce(excluded.conversation_id, crew_memories.conversation_id),
          memory_type = excluded.memory_type, category = excluded.category, content = excluded.content,
          summary = excluded.summary, importance_score = excluded.importance_score, updated_at = excluded.updated_at
        WHERE crew_memories.company_id = excluded.company_id AND crew_memories.user_id = excluded.user_id
        RETURNING id
        """
    }

    /// One more access for each listed memory of the company (a repeated id counts once).
    static func touchMemories(tenantID: String, ids: [String], at: Date) -> PostgresQuery {
        """
        UPDATE crew_memories SET access_count = access_count + 1, last_accessed_at = \(at.timestamp)
        WHERE company_id = \(tenantID) AND id = ANY(\(ids))
        """
    }
}

extension PostgresQuery.StringInterpolation {
    /// The id of `company`'s agent of `role` (oldest crew first), as a scalar subquery with
    /// both values bound.
    mutating func appendInterpolation(agentOf company: String, role: String?) {
        appendLiteral("(SELECT a.id FROM crew_agents a JOIN crews c ON c.id = a.crew_id WHERE c.company_id = ")
        appendInterpolation(company)
        appendLiteral(" AND a.role = ")
        appendInterpolation(role)
        appendLiteral(" ORDER BY c.created_at, c.id LIMIT 1)")
    }
}

/// Without a crew state, the conversation's current agent follows the first reply's,
/// appending `{"from", "to", "at"}` (epoch ms) to `handoff_history` when it changes.
struct FollowReplyAgent: PreparedRowStatement {
    static let sql = """
        INSERT INTO conversations (company_id, phone_canonical, user_id, current_agent, created_at, updated_at)
        VALUES ($1, $2, (SELECT id FROM users WHERE company_id = $1 AND phone_canonical = $2), $3, $4, $4)
        ON CONFLICT (company_id, phone_canonical) DO UPDATE SET
          handoff_history = CASE
            WHEN excluded.current_agent IS NOT NULL AND conversations.current_agent IS NOT NULL
                 AND excluded.current_agent <> conversations.current_agent
            THEN conversations.handoff_history || jsonb_build_array(jsonb_build_object(
              'from', conversations.current_agent, 'to', excluded.current_agent,
              'at', (extract(epoch FROM excluded.updated_at) * 1000)::bigint))
            ELSE conversations.handoff_history END,
          current_agent = coalesce(excluded.current_agent, conversations.current_agent),
          user_id = coalesce(excluded.user_id, conversations.user_id),
          updated_at = excluded.updated_at
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .timestamptz]

    var tenantID: String
    var phone: String
    var agent: String?
    var at: Timestamp

    func makeBindings() throws -> PostgresBindings {
        PostgresBindings(tenantID, phone, agent, at)
    }
}
