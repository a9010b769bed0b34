import Prometheus

/// The counters and histograms of the runtime, on one Prometheus registry. Prometheus
/// collectors are thread-safe: callers increment them directly from any isolation. Every
/// series is registered with its help text here, so each name has exactly one help text.
public final class RuntimeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    public func messageProcessed(tenant: String, agent: String, status: String) {
        counter(MetricName.messagesProcessed, "Inbound messages processed by the crew.",
                [("tenant", tenant), ("agent", agent), ("status", status)]).increment()
    }

    public func messageProcessingTime(agent: String, _ duration: Duration) {
        histogram(MetricName.messageProcessingTime, "Time from dequeue to committed reply.", [("agent", agent)])
            .record(duration)
    }

    public func taskExecuted(agent: String, status: String, _ duration: Duration) {
        counter(MetricName.tasksExecuted, "Crew tasks executed.", [("agent", agent), ("status", status)]).increment()
        histogram(MetricName.taskExecutionTime, "Crew task execution time.", [("agent", agent)]).record(duration)
    }

    public func handoff(from: String, to: String, _ duration: Duration) {
        let labels = [("from_agent", from), ("to_agent", to)]
        counter(MetricName.handoffsPerformed, "Conversations handed from one agent to another.", labels).increment()
        histogram(MetricName.handoffTime, "Time to build the handoff context.", labels).record(duration)
    }

    public func memoryOperation(_ operation: String, count: Int = 1) {
        counter(MetricName.memoryOperations, "Crew memory operations.", [("operation_type", operation)])
            .increment(by: Int64(count))
    }

    public func llmUsage(model: String, usage: TokenUsage, costUsd: Double) {
        let help = "Tokens used by the LLM."
        counter(MetricName.llmTokens, help, [("model", model), ("type", "prompt")]).increment(by: Int64(usage.promptTokens))
        counter(MetricName.llmTokens, help, [("model", model), ("type", "completion")]).increment(by: Int64(usage.completionTokens))
        counter(MetricName.llmCost, "LLM cost in US dollars, from the price table.", [("model", model)]).increment(by: costUsd)
    }

    /// A coordinator call answered by the local fallback (Redis unreachable).
    public func coordinatorFallback(operation: String) {
        counter(MetricName.coordinatorFallbacks, "Coordinator calls answered locally because Redis was unreachable.",
                [("operation", operation)]).increment()
    }

    public func llmFallback(tenant: String, reason: String) {
        counter(MetricName.llmFallbacks, "Messages answered by the built-in model instead of the LLM.",
                [("tenant", tenant), ("reason", reason)]).increment()
    }

    public func webhook(outcome: String) {
        counter(MetricName.webhookRequests, "Webhook requests by outcome.", [("outcome", outcome)]).increment()
    }

    public func rateLimitHit(tenant: String, limit: String) {
        counter(MetricName.rateLimitHits, "Messages refused by a rate limit.", [("tenant", tenant), ("limit_type", limit)])
            .increment()
    }

    public func breakerTransition(tenant: String, dependency: String, to state: CircuitBreaker.State) {
        counter(MetricName.breakerTransitions, "Circuit breaker state transitions.",
                [("tenant", tenant), ("dependency", dependency), ("to", state.rawValue)]).increment()
    }

    public func tenantFailure(tenant: String) {
        counter(MetricName.tenantFailures, "Unexpected processing failures seen by the supervisor.", [("tenant", tenant)])
            .increment()
    }

    public func storeDeferral(tenant: String) {
        counter(MetricName.storeDeferrals, "Messages left pending for replay because the store failed during processing.",
                [("tenant", tenant)]).increment()
    }

    public func tenantRestart(tenant: String) {
        counter(MetricName.tenantRestarts, "Tenant restarts after quarantine.", [("tenant", tenant)]).increment()
    }

    public func outbound(tenant: String, result: String) {
        counter(MetricName.outboundMessages, "Outbound send attempts by result.", [("tenant", tenant), ("result", result)])
            .increment()
    }

    /// The registry's series in Prometheus text format.
    public func emit(into buffer: inout [UInt8]) {
        registry.emit(into: &buffer)
    }

    private func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    private func histogram(_ name: String, _ help: String, _ labels: [(String, String)]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: Self.buckets)
    }

    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        let split = name.lastIndex(of: "_") ?? name.endIndex
        let unit = split < name.endIndex ? String(name[name.index(after: split)...]) : ""
        return MetricNameDescriptor(metricName: String(name[..<split]), unitName: unit, helpText: help)
    }
}
