/// Names of every series the server exposes. `crewai_*` and `whatsapp_*` come from the
/// seed's monitoring section; `falachefe_*` describe the runtime. Labels are bounded:
/// tenant slug, agent role, status, dependency, outcome — never a phone or message id.
public enum MetricName {
    // Seed (crew)
    /// counter {tenant, agent, status}: inbound messages processed (status: success|error|ignored).
    public static let messagesProcessed = "crewai_messages_processed_total"
    /// histogram {agent}: time from dequeue to committed reply.
    public static let messageProcessingTime = "crewai_message_processing_time_seconds"
    /// counter {agent, status}: crew tasks executed.
    public static let tasksExecuted = "crewai_tasks_executed_total"
    /// histogram {agent}: crew task execution time.
    public static let taskExecutionTime = "crewai_task_execution_time_seconds"
    /// counter {from_agent, to_agent}: conversations handed from one agent to another.
    public static let handoffsPerformed = "crewai_handoffs_performed_total"
    /// histogram {from_agent, to_agent}: time to build the handoff context.
    public static let handoffTime = "crewai_handoff_time_seconds"
    /// counter {operation_type}: memory operations (store|retrieve|cleanup).
    public static let memoryOperations = "crewai_memory_operations_total"
    /// counter {model, type}: LLM tokens (type: prompt|completion).
    public static let llmTokens = "crewai_llm_tokens_total"
    /// counter {model}: LLM cost in USD.
    public static let llmCost = "crewai_llm_cost_usd_total"
    /// counter {tenant, reason}: messages answered by the built-in model instead of the LLM
    /// (reason: budget_exhausted|breaker_open|error).
    public static let llmFallbacks = "falachefe_llm_fallbacks_total"
    /// gauge {tenant}: unprocessed inbound messages (read from the registry at scrape).
    public static let queueDepth = "crewai_queue_depth"
    /// gauge: live tenant actors (crews in memory).
    public static let activeCrews = "crewai_active_crews"
    // Seed (WhatsApp)
    /// counter {tenant, limit_type}: rate-limit rejections (sender|tenant|outbound).
    public static let rateLimitHits = "whatsapp_rate_limit_hits_total"
    // Runtime
    /// counter {outcome}: webhook answers by outcome.
    public static let webhookRequests = "falachefe_webhook_requests_total"
    /// gauge {tenant, status}: 1 for the tenant's current status, 0 for the others.
    public static let tenantStatus = "falachefe_tenant_status"
    /// gauge: tenants currently quarantined.
    public static let tenantsQuarantined = "falachefe_tenants_quarantined"
    /// gauge {tenant, dependency}: 0 closed, 1 half-open, 2 open.
    public static let breakerState = "falachefe_circuit_breaker_state"
    /// counter {tenant, dependency, to}: breaker transitions.
    public static let breakerTransitions = "falachefe_circuit_breaker_transitions_total"
    /// counter {tenant}: unexpected processing failures seen by the supervisor.
    public static let tenantFailures = "falachefe_tenant_failures_total"
    /// counter {tenant}: messages left pending for replay because the store failed during processing.
    public static let storeDeferrals = "falachefe_store_deferrals_total"
    /// counter {tenant}: restarts after quarantine.
    public static let tenantRestarts = "falachefe_tenant_restarts_total"
    /// gauge {tenant}: replies not yet accepted by UAZ.
    public static let outboxDepth = "falachefe_outbox_depth"
    /// counter {tenant, result}: send attempts (sent|retry|failed).
    public static let outboundMessages = "falachefe_outbound_messages_total"
    /// gauge {tenant}: messages being processed right now.
    public static let inFlight = "falachefe_in_flight_messages"
    /// counter {operation}: coordinator calls answered locally because Redis was unreachable
    /// (operation: dedupe|limit|publish).
    public static let coordinatorFallbacks = "falachefe_redis_fallbacks_total"
    /// gauge: 1 while Redis answers, 0 while the node runs on local fallbacks.
    public static let coordinatorUp = "falachefe_redis_up"
}
