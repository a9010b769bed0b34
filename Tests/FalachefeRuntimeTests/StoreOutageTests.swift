@testable import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Processing that meets a failing store leaves the message pending instead of failing it.
@Suite("Store outage during processing")
struct StoreOutageTests {
    private typealias OutageServices = Services<OutageStore<SQLiteStore>, ScriptedGateway, ScriptedModel, ManualClock>

    @Test("a message whose processing meets an unreachable store is booked once the store is back, never answered with the failure text")
    func unreachableStoreDefersTheMessage() async throws {
        try await withOutageRegistry { store, registry, gateway, clock in
            let (tenantID, phone) = try await setUp(store, registry)
            store.begin { $0 == "users(tenantID:)" || $0 == "ping()" }
            try await deliver("gastei 50 reais no mercado", id: "wamid-outage-1", tenantID, phone, registry, clock)
            #expect(try await eventually { store.failedCalls.contains("ping()") })
            #expect(try await store.base.pendingCount(tenantID: tenantID) == 1)

            store.end()
            #expect(try await eventually {
                clock.advance(by: 2)
                await registry.tick()
                return await !gateway.sent(to: phone).isEmpty
            })
            let texts = await gateway.sent(to: phone).map(\.text)
            #expect(texts.count == 1)
            #expect(texts.allSatisfy { $0.contains("R$ 50,00") && !$0.contains("não consegui processar") })
            let entries = try await store.base.ledgerEntries(
                tenantID: tenantID, from: LedgerDay(year: 2000, month: 1, day: 1), to: LedgerDay(year: 2100, month: 1, day: 1),
                limit: 10)
            #expect(entries.map(\.sourceMessageID) == ["wamid-outage-1"])
        }
    }

    @Test("a store that answers pings but keeps failing one message fails it after a few replays, with the polite reply")
    func reachableStoreThatKeepsFailingFailsTheMessage() async throws {
        try await withOutageRegistry { store, registry, gateway, clock in
            let (tenantID, phone) = try await setUp(store, registry)
            store.begin { $0 == "users(tenantID:)" }
            try await deliver("gastei 50 reais no mercado", id: "wamid-poison-1", tenantID, phone, registry, clock)
            #expect(try await eventually {
                clock.advance(by: 2)
                await registry.tick()
                return await !gateway.sent(to: phone).isEmpty
            })
            let attempts = store.failedCalls.filter { $0 == "users(tenantID:)" }.count
            #expect(attempts == TenantActor<OutageServices>.maxStoreDeferrals + 1)
            #expect(await gateway.sent(to: phone).map(\.text) == [
                "Desculpe, não consegui processar sua mensagem agora. Tente novamente em alguns minutos.",
            ])
            #expect(try await store.base.pendingCount(tenantID: tenantID) == 0)
        }
    }

    // MARK: Harness

    private func withOutageRegistry(
        _ body: (OutageStore<SQLiteStore>, TenantRegistry<OutageServices>, ScriptedGateway, ManualClock) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-outage-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await SQLiteStore.open(
            path: directory.appendingPathComponent("falachefe.sqlite").path, migrationsDirectory: RuntimeHarness.migrations,
            logger: RuntimeHarness.logger)
        let store = OutageStore(sqlite)
        let (gateway, clock) = (ScriptedGateway(), ManualClock())
        let services = Services(
            store: store, gateway: gateway, model: ScriptedModel(), clock: clock, llm: nil, metrics: RuntimeMetrics(),
            configuration: RuntimeHarness.configuration(), logger: RuntimeHarness.logger)
        let registry = TenantRegistry(services: services, jitter: { 1 })
        let runner = Task { await registry.run() }
        do {
            try await body(store, registry, gateway, clock)
        } catch {
            registry.shutdown()
            runner.cancel()
            await runner.value
            try? await sqlite.close()
            throw error
        }
        registry.shutdown()
        runner.cancel()
        await runner.value
        try await sqlite.close()
    }

    private func setUp(
        _ store: OutageStore<SQLiteStore>, _ registry: TenantRegistry<OutageServices>
    ) async throws -> (tenantID: String, phone: String) {
        let tenant = Tenant(slug: "mercearia", name: "Mercearia", createdAt: Date(timeIntervalSince1970: 1_795_000_000))
        let instance = Instance(tenantID: tenant.id, owner: "554700000077", token: "token-mercearia", baseURL: "http://127.0.0.1:9")
        try await store.base.createTenant(tenant, instance: instance)
        let phone = "5511966665555"
        try await store.base.addUser(CompanyUser(tenantID: tenant.id, name: "Dona", phone: phone, role: .admin))
        await registry.tenantChanged(tenant.id)
        return (tenant.id, phone)
    }

    private func deliver(
        _ text: String, id: String, _ tenantID: String, _ phone: String, _ registry: TenantRegistry<OutageServices>,
        _ clock: ManualClock
    ) async throws {
        let now = clock.now()
        let message = InboundMessage(
            tenantID: tenantID, messageID: id, senderPhone: phone, text: text, sentAt: now, receivedAt: now)
        #expect(try await registry.receive(message, isGroup: false) == .accepted)
    }
}
