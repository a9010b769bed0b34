import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// `/metrics` and health endpoints as operators and Prometheus see them.
@Suite("Operators")
struct OperatorTests {
    @Test("health is live and ready with the store reachable")
    func health() async throws {
        try await TestServer.run { server in
            #expect(try await server.request(.GET, "/health", token: nil).status == 200)
            let ready = try await eventually { try await server.request(.GET, "/health/ready", token: nil).status == 200 }
            #expect(ready)
        }
    }

    @Test("/metrics exposes the seed's and the runtime's series with bounded labels")
    func metricsContent() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "metricas", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: "5511900000001")
            try await server.send("gastei 10 reais", to: tenant, from: "5511900000001")
            _ = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            let expected = [
                "crewai_messages_processed_total{tenant=\"metricas\",agent=\"financial\",status=\"success\"} 1",
                "falachefe_webhook_requests_total{outcome=\"accepted\"} 1",
                "crewai_queue_depth{tenant=\"metricas\"} 0",
                "falachefe_tenant_status{tenant=\"metricas\",status=\"active\"} 1",
                "falachefe_circuit_breaker_state{tenant=\"metricas\",dependency=\"uaz\"} 0",
                "falachefe_outbound_messages_total{tenant=\"metricas\",result=\"sent\"} 1",
                "# TYPE crewai_message_processing_time_seconds histogram",
                "crewai_active_crews 1",
            ]
            var text = ""
            _ = try await eventually {
                text = try await server.text("/metrics")
                return expected.allSatisfy(text.contains)
            }
            for series in expected {
                #expect(text.contains(series), "missing: \(series)")
            }
            #expect(!text.contains("5511900000001"))
        }
    }

    @Test("promtool check metrics finds nothing to complain about", .enabled(if: Promtool.path != nil))
    func promtoolAcceptsMetrics() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "prom", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: "5511900000001")
            try await server.send("gastei 10 reais", to: tenant, from: "5511900000001")
            try await server.send("oi", to: tenant, from: "5511900000002")
            _ = try await uaz.waitForSent(count: 2, timeout: .seconds(10))
            let output = try await Promtool.checkMetrics(try await server.text("/metrics"))
            #expect(output.status == 0, "\(output.text)")
            #expect(output.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(output.text)")
        }
    }
}

/// Runs Prometheus' `promtool` when it is installed (`ops/test.sh` installs it).
enum Promtool {
    static let path: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs `promtool check metrics` on `text` (off the cooperative pool, `ChildProcess`).
    static func checkMetrics(_ text: String) async throws -> (status: Int32, text: String) {
        let result = try await ChildProcess.run(URL(fileURLWithPath: path ?? "promtool"), ["check", "metrics"], input: text)
        return (result.status, result.output)
    }
}
