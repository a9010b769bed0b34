import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Testing

/// Rules 4 and 6: durable pause and resume, idle passivation, the live-actor cap.
@Suite("Runtime: pause, passivation, LRU")
struct LifecycleTests {
    static let phone = "5511900000001"

    /// Creates a tenant with one registered user.
    func tenant(_ harness: RuntimeHarness, _ slug: String, owner: String) async throws -> String {
        let id = try await harness.createTenant(slug, owner: owner)
        try await harness.addUser(id, phone: Self.phone)
        return id
    }

    func snapshot(_ harness: RuntimeHarness, _ tenantID: String) async throws -> TenantSnapshot {
        let tenant = try #require(try await harness.store.tenant(id: tenantID))
        return try await harness.registry.snapshot(of: tenant)
    }

    @Test("pause holds new work durably; resume replays it in order")
    func pauseThenResume() async throws {
        try await RuntimeHarness.with { harness in
            let id = try await tenant(harness, "padaria", owner: "554700000001")
            #expect(try await harness.deliver(id, from: Self.phone, "gastei 1 reais no almoço") == .accepted)
            #expect(try await harness.waitForSent(1))
            try await harness.registry.hold(tenantID: id, status: .paused, reason: "férias", by: "test")
            for amount in 2...4 {
                #expect(try await harness.deliver(id, from: Self.phone, "gastei \(amount) reais no almoço") == .queued)
            }
            let stored = try await harness.store.tenant(id: id)
            #expect(stored?.status == .paused)
            #expect(stored?.pausedReason == "férias")
            #expect(try await harness.store.pendingCount(tenantID: id) == 3)
            let paused = try await snapshot(harness, id)
            #expect(paused.status == .paused && paused.inFlight == 0 && paused.backlog == 3)
            #expect(await harness.gateway.sent().count == 1)

            try await harness.registry.resume(tenantID: id, by: "test")
            #expect(try await harness.store.tenant(id: id)?.status == .active)
            #expect(try await harness.waitForSent(4))
            let texts = await harness.gateway.sent().map(\.text)
            for (index, text) in texts.enumerated() {
                #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(texts)")
            }
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
            let audit = try await harness.store.auditLog(tenantID: id, limit: 10).map(\.action)
            #expect(Set(audit) == ["tenant.paused", "tenant.resume"])
        }
    }

    @Test("an idle tenant is passivated after the idle timeout and reactivated from the store")
    func passivationAndReactivation() async throws {
        let configuration = RuntimeHarness.configuration { $0.idleTimeout = 900 }
        try await RuntimeHarness.with(configuration: configuration) { harness in
            let id = try await tenant(harness, "padaria", owner: "554700000001")
            try await harness.deliver(id, from: Self.phone, "gastei 1 reais no almoço")
            #expect(try await harness.waitForSent(1))
            harness.clock.advance(by: 900)
            // The reply's flush may still be finishing: sweep until the tenant is idle.
            #expect(try await eventually {
                await harness.registry.sweep()
                return await harness.registry.liveCount == 0
            })
            #expect(try await snapshot(harness, id).live == false)

            try await harness.deliver(id, from: Self.phone, "gastei 2 reais no almoço")
            #expect(await harness.registry.liveCount == 1)
            #expect(try await harness.waitForSent(2))
            // The ledger lives in the store: the balance carries over the passivation.
            let last = await harness.gateway.sent().last?.text ?? ""
            #expect(last.contains("Saldo do mês: -R$ 3,00"), "\(last)")
        }
    }

    @Test("an idle tenant is passivated exactly at the idle timeout, not before")
    func idleTimeoutBoundary() async throws {
        let configuration = RuntimeHarness.configuration { $0.idleTimeout = 900 }
        try await RuntimeHarness.with(configuration: configuration) { harness in
            let id = try await tenant(harness, "padaria", owner: "554700000001")
            _ = try await harness.registry.actor(for: id)
            harness.clock.advance(by: 899)
            await harness.registry.sweep()
            #expect(await harness.registry.liveCount == 1)
            harness.clock.advance(by: 1)
            await harness.registry.sweep()
            #expect(await harness.registry.liveCount == 0)
        }
    }

    @Test("a paused tenant stays paused across passivation and holds new messages")
    func pauseSurvivesPassivation() async throws {
        try await RuntimeHarness.with { harness in
            let id = try await tenant(harness, "padaria", owner: "554700000001")
            _ = try await harness.registry.actor(for: id)
            try await harness.registry.hold(tenantID: id, status: .paused, reason: nil, by: "test")
            harness.clock.advance(by: harness.configuration.idleTimeout + 1)
            await harness.registry.sweep()
            #expect(await harness.registry.liveCount == 0)
            #expect(try await harness.deliver(id, from: Self.phone, "oi") == .queued)
            #expect(try await snapshot(harness, id).status == .paused)
            try await harness.registry.resume(tenantID: id, by: "test")
            #expect(try await harness.waitForSent(1))
        }
    }

    @Test("a tenant with undelivered replies is not passivated")
    func undeliveredRepliesKeepTenantLive() async throws {
        try await RuntimeHarness.with { harness in
            let id = try await tenant(harness, "padaria", owner: "554700000001")
            await harness.gateway.setDown(true)
            try await harness.deliver(id, from: Self.phone, "oi")
            #expect(try await eventually { await harness.gateway.attempts >= 1 })
            #expect(try await eventually { try await snapshot(harness, id).inFlight == 0 })
            harness.clock.advance(by: harness.configuration.idleTimeout + 1)
            await harness.registry.sweep()
            #expect(await harness.registry.liveCount == 1)
        }
    }

    @Test("past maxLiveTenants the least recently used idle tenant is passivated")
    func lruCap() async throws {
        let configuration = RuntimeHarness.configuration { $0.maxLiveTenants = 2 }
        try await RuntimeHarness.with(configuration: configuration) { harness in
            var ids: [String] = []
            for index in 1...3 {
                ids.append(try await tenant(harness, "empresa-\(index)", owner: "55470000000\(index)"))
            }
            for (index, id) in ids.enumerated() {
                try await harness.deliver(id, from: Self.phone, "oi")
                #expect(try await harness.waitForSent(index + 1))
                #expect(try await eventually { try await snapshot(harness, id).outboxPending == 0 })
                #expect(await harness.registry.liveCount <= 2)
            }
            var live = Set(await harness.registry.liveGauges().map(\.slug))
            #expect(live == ["empresa-2", "empresa-3"])
            // The first comes back from the store; now the second is the least recently used.
            try await harness.deliver(ids[0], from: Self.phone, "oi")
            #expect(try await harness.waitForSent(4))
            live = Set(await harness.registry.liveGauges().map(\.slug))
            #expect(live == ["empresa-1", "empresa-3"])
        }
    }

    @Test("a tenant whose replies have no UAZ URL to go to is still passivated when idle")
    func passivationWithRepliesKeptInTheOutbox() async throws {
        let configuration = RuntimeHarness.configuration { $0.idleTimeout = 900 }
        try await RuntimeHarness.with(configuration: configuration) { harness in
            let company = Tenant(slug: "sem-url", name: "Empresa sem URL", createdAt: harness.clock.now())
            try await harness.store.createTenant(
                company, instance: Instance(tenantID: company.id, owner: "554700000009", token: "token-sem-url", baseURL: ""))
            try await harness.addUser(company.id, phone: Self.phone)
            try await harness.deliver(company.id, from: Self.phone, "gastei 5 reais no almoço")
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: company.id, limit: 10).count == 1 })
            #expect(await harness.gateway.attempts == 0)
            // Processing ends just after its commit: time moves only once it is done.
            #expect(try await eventually { await harness.registry.liveGauges().first?.inFlight == 0 })
            harness.clock.advance(by: 900)
            #expect(try await eventually {
                await harness.registry.sweep()
                return await harness.registry.liveCount == 0
            })
            #expect(try await harness.store.pendingOutbox(tenantID: company.id, limit: 10).count == 1)
        }
    }
}
