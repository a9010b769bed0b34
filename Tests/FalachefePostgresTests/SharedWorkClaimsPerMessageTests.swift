import FalachefeCore
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import Testing

/// A company with a backlog claims ahead on PostgreSQL: one claim serves several messages
/// (claiming per freed bulkhead slot, and getting its own running messages back, cost a
/// claim — a planned statement and a transaction — per message or more).
@Suite("Claims per message")
struct SharedWorkClaimsPerMessageTests {
    private typealias CountingServices = Services<OutageStore<PostgresStore>, ScriptedGateway, ScriptedModel, ManualClock>

    @Test func aBacklogOfFortyConversationsIsProcessedWithAboutOneClaimPerThreeBulkheadsOfMessages() async throws {
        try await withCountingRegistry(bulkhead: 4) { store, postgres, registry, _ in
            try await processBacklog(store, postgres, registry, bulkhead: 4)
        }
    }

    @Test func sweepsThatFindOnlyRepliesSendThemAndClaimNoMessages() async throws {
        try await withCountingRegistry { store, postgres, registry, gateway in
            // Only a reply waits (due at the epoch, long before the manual clock's now).
            let tenant = try await StoreContract.makeTenant(postgres)
            _ = try await StoreContract.reply(postgres, tenant, id: "r1", phone: "5511900000009", texts: ["a"])
            for _ in 0..<5 { await registry.tick() }
            #expect(try await eventually { await gateway.sent(to: "5511900000009").map(\.text) == ["a"] })
            #expect(store.calls("tenantsWithClaimableWork(node:now:)") >= 5)
            #expect(store.calls("claimInbox(tenantID:node:limit:now:until:excluding:)") == 0)
        }
    }

    /// A running registry on a fresh database seen through a counting `OutageStore`, with
    /// ticks and sweeps only when the test asks (a manual clock, hour-long intervals).
    private func withCountingRegistry(
        bulkhead: Int? = nil,
        _ body: (OutageStore<PostgresStore>, PostgresStore, TenantRegistry<CountingServices>, ScriptedGateway) async throws
            -> Void
    ) async throws {
        try await TemporaryPostgresDatabase.with { postgres in
            let store = OutageStore(postgres)
            let gateway = ScriptedGateway()
            var configuration = RuntimeConfiguration()
            configuration.tickInterval = 3_600
            configuration.sweepInterval = 3_600
            if let bulkhead { configuration.bulkhead = bulkhead }
            let services = CountingServices(
                store: store, gateway: gateway, model: ScriptedModel(), clock: ManualClock(), metrics: RuntimeMetrics(),
                configuration: configuration, logger: TemporaryPostgresDatabase.logger)
            let registry = TenantRegistry(services: services, jitter: { 1 })
            let runner = Task { await registry.run() }
            do {
                try await body(store, postgres, registry, gateway)
            } catch {
                registry.shutdown()
                await runner.value
                throw error
            }
            registry.shutdown()
            await runner.value
        }
    }

    private func processBacklog(
        _ store: OutageStore<PostgresStore>, _ postgres: PostgresStore, _ registry: TenantRegistry<CountingServices>,
        bulkhead: Int
    ) async throws {
        let tenant = try await StoreContract.makeTenant(postgres)
        let messages = 40
        for index in 0..<messages {
            let phone = "55119" + String(format: "%08d", 70_000_000 + index)
            try await StoreContract.acceptNew(postgres, StoreContract.message(tenant, id: "backlog-\(index)", phone: phone))
        }
        await registry.tick()
        #expect(try await eventually(timeout: .seconds(30)) {
            try await postgres.pendingCount(tenantID: tenant.id) == 0
        })
        let claims = store.calls("claimInbox(tenantID:node:limit:now:until:excluding:)")
        // 40 messages, 16 claimed at first (4 running, 12 waiting: `TenantActor.claimAhead`
        // bulkheads), then 12 each time the local queue empties: about 4 claims, a few more
        // for claims that came back short. Two bulkheads ahead took about 10.
        #expect(claims >= 1)
        #expect(claims <= messages / (3 * bulkhead) + 4, "\(claims) claims for \(messages) messages")
    }
}
