import FalachefeCore
import Testing

/// The scrape-time part of `/metrics`: per-tenant gauges in Prometheus text format.
@Suite("Metrics actor")
struct MetricsActorTests {
    static func gauges(slug: String, status: TenantStatus = .active) -> TenantGauges {
        TenantGauges(slug: slug, status: status, backlog: 3, inFlight: 1, outboxPending: 2, llm: .closed, uaz: .open)
    }

    @Test("per-tenant gauges carry the live values, one status set to 1")
    func values() async {
        let actor = MetricsActor(metrics: RuntimeMetrics()) { [Self.gauges(slug: "padaria", status: .quarantined)] }
        let text = String(decoding: await actor.render(), as: UTF8.self)
        for line in [
            "crewai_queue_depth{tenant=\"padaria\"} 3", "falachefe_in_flight_messages{tenant=\"padaria\"} 1",
            "falachefe_outbox_depth{tenant=\"padaria\"} 2", "falachefe_tenant_status{tenant=\"padaria\",status=\"quarantined\"} 1",
            "falachefe_tenant_status{tenant=\"padaria\",status=\"active\"} 0",
            "falachefe_circuit_breaker_state{tenant=\"padaria\",dependency=\"uaz\"} 2", "falachefe_tenants_quarantined 1",
            "crewai_active_crews 1", "# TYPE crewai_queue_depth gauge",
        ] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
    }

    @Test("label values are escaped as the text format requires")
    func escaping() async {
        let actor = MetricsActor(metrics: RuntimeMetrics()) { [Self.gauges(slug: "a\"b\\c\nd")] }
        let text = String(decoding: await actor.render(), as: UTF8.self)
        #expect(text.contains("crewai_queue_depth{tenant=\"a\\\"b\\\\c\\nd\"} 3\n"))
    }
}
