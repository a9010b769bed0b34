/// The statements of `CrewEffectsWrite`; values are always bound, in the order of its `binds`.
extension CrewEffectsWrite {
    /// Upsert by company and phone. An existing row keeps its id (tasks may point at it) and
    /// its user when the state has none; the user is linked only when it belongs to the
    /// company (else the phone's registered user, if any), and `current_agent_id` is the
    /// company's agent of the role.
    static let upsertConversation = """
        INSERT INTO conversations (id, company_id, phone_canonical, user_id, current_agent, current_agent_id,
                                   handoff_history, pending_action, requires_human_approval, human_approval_status,
                                   created_at, updated_at)
        VALUES (?1, ?2, ?3,
                coalesce((SELECT id FROM users WHERE company_id = ?2 AND id = ?4),
                         (SELECT id FROM users WHERE company_id = ?2 AND phone_canonical = ?3)),
                ?5, \(agentID(company: "?2", role: "?5")), ?6, ?7, ?8, ?9, ?10, ?10)
        ON CONFLICT (company_id, phone_canonical) DO UPDATE SET
          user_id = coalesce(excluded.user_id, conversations.user_id),
          current_agent = excluded.current_agent, current_agent_id = excluded.current_agent_id,
          handoff_history = excluded.handoff_history, pending_action = excluded.pending_action,
          requires_human_approval = excluded.requires_human_approval,
          human_approval_status = excluded.human_approval_status, updated_at = excluded.updated_at
        """

    /// Insert, once per company and source message (the idempotency key): a row changes only
    /// when the entry is new.
    static let insertLedgerEntry = """
        INSERT INTO ledger_entries (id, company_id, kind, amount_cents, category, day, description, source_message_id,
                                    user_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (company_id, source_message_id) DO NOTHING
        """

    /// Insert, once per id; `crew_id` and `agent_id` are the company's crew and agent of the role.
    static let insertTask = """
        INSERT INTO crew_tasks (id, company_id, crew_id, agent_id, agent_role, conversation_id, message_id, description,
                                status, engine, model, result, error_message, execution_time_ms, token_usage, cost_usd,
                                created_at, completed_at)
        VALUES (?1, ?2, (SELECT id FROM crews WHERE company_id = ?2 ORDER BY created_at, id LIMIT 1),
                \(agentID(company: "?2", role: "?3")), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        ON CONFLICT (id) DO NOTHING
        """

    /// Insert or update the content of the memory with this id, only when that memory
    /// belongs to the same company and user (no row changes otherwise). Access count
    /// and last access stay the store's: they move through `touchMemories`.
    static let upsertMemory = """
        INSERT INTO crew_memories (id, company_id, user_id, conversation_id, memory_type, category, content, summary,
                                   importance_score, access_count, last_accessed_at, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (id) DO UPDATE SET
          conversation_id = coalesce(excluded.conversation_id, crew_memories.conversation_id),
          memory_type = excluded.memory_type, category = excluded.category, content = excluded.content,
          summary = excluded.summary, importance_score = excluded.importance_score, updated_at = excluded.updated_at
        WHERE crew_memories.company_id = excluded.company_id AND crew_memories.user_id = excluded.user_id
        """

    /// One more access for each listed memory of the company (a repeated id counts once).
    static let touchMemories = """
        UPDATE crew_memories SET access_count = access_count + 1, last_accessed_at = ?1
        WHERE company_id = ?2 AND id IN (SELECT value FROM json_each(?3))
        """

    /// The id of the company's agent of a role (oldest crew first), as a scalar subquery.
    private static func agentID(company: String, role: String) -> String {
        """
        (SELECT a.id FROM crew_agents a JOIN crews c ON c.id = a.crew_id
         WHERE c.company_id = \(company) AND a.role = \(role) ORDER BY c.created_at, c.id LIMIT 1)
        """
    }
}
