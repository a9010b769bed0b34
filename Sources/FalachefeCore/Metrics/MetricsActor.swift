/// Composes the `/metrics` answer: the runtime's counters and histograms plus per-tenant
/// gauges read from the live tenants at scrape time (so passivated tenants leave no stale
/// series). Output is Prometheus text format 0.0.4.
public actor MetricsActor {
    private let metrics: RuntimeMetrics
    private let gauges: @Sendable () async -> [TenantGauges]
    /// Whether the coordinator (Redis) answers; nil on a single node without one.
    private let coordinatorUp: (@Sendable () async -> Bool)?

    public init(
        metrics: RuntimeMetrics, coordinatorUp: (@Sendable () async -> Bool)? = nil,
        gauges: @escaping @Sendable () async -> [TenantGauges]
    ) {
        self.metrics = metrics
        self.coordinatorUp = coordinatorUp
        self.gauges = gauges
    }

    public func render() async -> [UInt8] {
        let tenants = await gauges()
        var out: [UInt8] = []
        out.reserveCapacity(8_192 + tenants.count * 700)
        metrics.emit(into: &out)
        let quarantined = tenants.reduce(0) { $0 + ($1.status == .quarantined ? 1 : 0) }
        Self.header(&out, MetricName.activeCrews, "Live tenant actors (crews in memory).")
        Self.sample(&out, MetricName.activeCrews, [], tenants.count)
        Self.header(&out, MetricName.tenantsQuarantined, "Tenants currently quarantined.")
        Self.sample(&out, MetricName.tenantsQuarantined, [], quarantined)
        if let coordinatorUp {
            Self.header(&out, MetricName.coordinatorUp, "1 while Redis answers, 0 while the node runs on local fallbacks.")
            Self.sample(&out, MetricName.coordinatorUp, [], await coordinatorUp() ? 1 : 0)
        }
        Self.perTenant(&out, MetricName.queueDepth, "Unprocessed inbound messages per tenant.", tenants, \.backlog)
        Self.perTenant(&out, MetricName.inFlight, "Messages being processed per tenant.", tenants, \.inFlight)
        Self.perTenant(&out, MetricName.outboxDepth, "Replies not yet accepted by UAZ per tenant.", tenants, \.outboxPending)
        Self.header(&out, MetricName.tenantStatus, "1 for the tenant's current status, 0 otherwise.")
        for tenant in tenants {
            for status in TenantStatus.allCases {
                Self.sample(&out, MetricName.tenantStatus, [("tenant", tenant.slug), ("status", status.rawValue)],
                            tenant.status == status ? 1 : 0)
            }
        }
        Self.header(&out, MetricName.breakerState, "Circuit breaker state: 0 closed, 1 half-open, 2 open.")
        for tenant in tenants {
            Self.sample(&out, MetricName.breakerState, [("tenant", tenant.slug), ("dependency", "llm")], Int(tenant.llm.gaugeValue))
            Self.sample(&out, MetricName.breakerState, [("tenant", tenant.slug), ("dependency", "uaz")], Int(tenant.uaz.gaugeValue))
        }
        return out
    }

    private static func perTenant(
        _ out: inout [UInt8], _ name: String, _ help: String, _ tenants: [TenantGauges], _ value: KeyPath<TenantGauges, Int>
    ) {
        header(&out, name, help)
        for tenant in tenants { sample(&out, name, [("tenant", tenant.slug)], tenant[keyPath: value]) }
    }

    private static func header(_ out: inout [UInt8], _ name: String, _ help: String) {
        out.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) gauge\n".utf8)
    }

    /// `name{a="x",b="y"} value` with label values escaped as the text format requires.
    static func sample(_ out: inout [UInt8], _ name: String, _ labels: [(String, String)], _ value: Int) {
        out.append(contentsOf: name.utf8)
        if !labels.isEmpty {
            out.append(UInt8(ascii: "{"))
            for (index, (key, labelValue)) in labels.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: key.utf8)
                out.append(contentsOf: "=\"".utf8)
                for byte in labelValue.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                    case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                    case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                    default: out.append(byte)
                    }
                }
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: String(value).utf8)
        out.append(UInt8(ascii: "\n"))
    }
}
