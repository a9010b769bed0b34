/// Composes the `/metrics` answer: the runtime's counters and histograms plus per-tenant
/// gauges read from the live tenants at scrape time (so passivated tenants leave no stale
/// series). Output is Prometheus text format 0.0.4.
public actor MetricsActor {
    private let metrics: RuntimeMetrics
    private let snapshots: @Sendable () async -> [TenantSnapshot]

    public init(metrics: RuntimeMetrics, snapshots: @escaping @Sendable () async -> [TenantSnapshot]) {
        self.metrics = metrics
        self.snapshots = snapshots
    }

    public func render() async -> [UInt8] {
        let tenants = await snapshots()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4_096 + tenants.count * 900)
        metrics.emit(into: &buffer)
        var text = ""
        text.reserveCapacity(tenants.count * 900)
        Self.gauge(&text, MetricName.activeCrews, "Live tenant actors (crews in memory).", [("", Double(tenants.count))])
        Self.gauge(&text, MetricName.tenantsQuarantined, "Tenants currently quarantined.",
                   [("", Double(tenants.filter { $0.status == .quarantined }.count))])
        Self.gauge(&text, MetricName.queueDepth, "Unprocessed inbound messages per tenant.",
                   tenants.map { (Self.labels([("tenant", $0.slug)]), Double($0.backlog)) })
        Self.gauge(&text, MetricName.inFlight, "Messages being processed per tenant.",
                   tenants.map { (Self.labels([("tenant", $0.slug)]), Double($0.inFlight)) })
        Self.gauge(&text, MetricName.outboxDepth, "Replies not yet accepted by UAZ per tenant.",
                   tenants.map { (Self.labels([("tenant", $0.slug)]), Double($0.outboxPending)) })
        Self.gauge(&text, MetricName.tenantStatus, "1 for the tenant's current status, 0 otherwise.",
                   tenants.flatMap { tenant in
                       TenantStatus.allCases.map { status in
                           (Self.labels([("tenant", tenant.slug), ("status", status.rawValue)]), tenant.status == status ? 1 : 0)
                       }
                   })
        Self.gauge(&text, MetricName.breakerState, "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
                   tenants.flatMap { tenant in
                       [("llm", tenant.breakers.llm), ("uaz", tenant.breakers.uaz)].map { dependency, state in
                           (Self.labels([("tenant", tenant.slug), ("dependency", dependency)]), state.gaugeValue)
                       }
                   })
        buffer.append(contentsOf: text.utf8)
        return buffer
    }

    private static func gauge(_ text: inout String, _ name: String, _ help: String, _ samples: [(String, Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (labels, value) in samples {
            text += name
            text += labels
            text += " "
            text += value == value.rounded() ? String(Int64(value)) : String(value)
            text += "\n"
        }
    }

    /// `{a="x",b="y"}` with values escaped as the text format requires.
    static func labels(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
