import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Dependencies failing and the server restarting, over real HTTP.
@Suite("Resilience end to end")
struct ResilienceTests {
    let joao = "5511900000001"

    @Test("replies survive a UAZ outage and are delivered once, in order, after recovery")
    func uazOutage() async throws {
        try await TestServer.runWithUAZ(configure: {
            $0.runtime.outboxBackoff = Backoff(base: .milliseconds(20), max: .milliseconds(100))
        }) { server, uaz in
            let tenant = try await server.createTenant(slug: "outage", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: joao)
            await uaz.setDown(true)
            for amount in [10, 20, 30] {
                try await server.send("gastei \(amount) reais no almoço", to: tenant, from: joao)
            }
            let queued = try await eventually { try await server.replies(tenant, joao).count == 3 }
            #expect(queued)
            #expect(await uaz.sent().isEmpty)
            await uaz.setDown(false)
            let sent = try await uaz.waitForSent(count: 3, timeout: .seconds(30))
            #expect(sent.map(\.text).map { $0.contains("R$ 10,00") } == [true, false, false])
            #expect(sent[1].text.contains("R$ 20,00"))
            #expect(sent[2].text.contains("R$ 30,00"))
            let delivered = try await eventually {
                try await server.conversation(tenant, joao).filter { $0["direction"] as? String == "out" }
                    .allSatisfy { $0["status"] as? String == "sent" }
            }
            #expect(delivered)
            #expect(await uaz.sent().count == 3)
        }
    }

    @Test("a tenant whose every message throws is quarantined while another keeps answering")
    func failingTenantIsIsolated() async throws {
        let model = ScriptedModel(failing: ["💥"])
        // A long first backoff keeps the quarantine observable however slow the machine is.
        let configure: (inout AppConfiguration) -> Void = { $0.runtime.supervision.backoff = Backoff(base: .seconds(60), max: .seconds(300)) }
        try await TestServer.runWithUAZ(model: model, configure: configure) { server, uaz in
            let broken = try await server.createTenant(slug: "broken", owner: "554700000001", baseURL: await uaz.baseURL)
            let healthy = try await server.createTenant(slug: "healthy", owner: "554700000002", baseURL: await uaz.baseURL)
            try await server.addUser(broken, name: "Ana", phone: "5511911110000")
            try await server.addUser(healthy, name: "Bia", phone: "5511922220000")
            for index in 0..<6 {
                try await server.send("💥 gastei \(index) reais", to: broken, from: "5511911110000")
                let answer = try await server.send("gastei \(index + 1) reais de uber", to: healthy, from: "5511922220000")
                #expect(answer["status"] as? String == "accepted")
            }
            let quarantined = try await eventually {
                let metrics = try await server.text("/metrics")
                return try await server.snapshot(broken)["status"] as? String == "quarantined"
                    && metrics.contains("falachefe_tenant_status{tenant=\"broken\",status=\"quarantined\"} 1")
                    && metrics.contains("falachefe_tenants_quarantined 1")
            }
            #expect(quarantined)
            let snapshot = try await server.snapshot(broken)
            #expect((snapshot["lastFailure"] as? String)?.isEmpty == false)
            let healthyReplies = try await eventually { try await server.replies(healthy, "5511922220000").count == 6 }
            #expect(healthyReplies)
            #expect(try await server.snapshot(healthy)["status"] as? String == "active")
            let apologies = try await server.replies(broken, "5511911110000")
            #expect(apologies.allSatisfy { $0.contains("não consegui processar") })
        }
    }

    @Test("messages queued while paused survive a restart and are processed in order on resume")
    func restartWithQueuedMessages() async throws {
        let uaz = try await FakeUAZServer.start()
        defer { Task { await uaz.stop() } }
        let database = TestServer.temporaryDatabase()
        var tenant: TestTenant?
        try await TestServer.run(databasePath: database) { server in
            let created = try await server.createTenant(slug: "pausada", owner: "554700000001", baseURL: await uaz.baseURL)
            tenant = created
            try await server.addUser(created, name: "João", phone: joao)
            let paused = try await server.request(.POST, "/admin/tenants/pausada/pause", json: ["reason": "manutenção"])
            #expect(paused["status"] as? String == "paused")
            for amount in [11, 22, 33] {
                let answer = try await server.send("gastei \(amount) reais no mercado", to: created, from: joao)
                #expect(answer["status"] as? String == "queued")
            }
            #expect(try await server.snapshot(created)["backlog"] as? Int == 3)
        }
        let created = try #require(tenant)
        #expect(await uaz.sent().isEmpty)
        try await TestServer.run(databasePath: database) { server in
            let snapshot = try await server.snapshot(created)
            #expect(snapshot["status"] as? String == "paused")
            #expect(snapshot["pausedReason"] as? String == "manutenção")
            #expect(snapshot["backlog"] as? Int == 3)
            #expect(try await server.request(.POST, "/admin/tenants/pausada/resume").status == 200)
            let sent = try await uaz.waitForSent(count: 3, timeout: .seconds(10))
            #expect(sent[0].text.contains("R$ 11,00"))
            #expect(sent[1].text.contains("R$ 22,00"))
            #expect(sent[2].text.contains("R$ 33,00"))
            let audit = try await server.request(.GET, "/admin/tenants/pausada/audit")
            let actions = (audit["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("tenant.paused"))
            #expect(actions.contains("tenant.resume"))
        }
    }
}
