@testable import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Processing that meets a failing store leaves the message pending instead of failing it.
@Suite("Store outage during processing")
struct StoreOutageTests {
    @Test("a message whose processing meets an unreachable store is booked once the store is back, never answered with the failure text")
    func unreachableStoreDefersTheMessage() async throws {
        try await OutageHarness.run { store, registry, gateway, clock in
            let (tenantID, phone) = try await OutageHarness.setUp(store, registry)
            store.begin { $0 == "users(tenantID:)" || $0 == "ping()" }
            try await OutageHarness.deliver("gastei 50 reais no mercado", id: "wamid-outage-1", tenantID, phone, registry, clock)
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
        try await OutageHarness.run { store, registry, gateway, clock in
            let (tenantID, phone) = try await OutageHarness.setUp(store, registry)
            store.begin { $0 == "users(tenantID:)" }
            try await OutageHarness.deliver("gastei 50 reais no mercado", id: "wamid-poison-1", tenantID, phone, registry, clock)
            #expect(try await eventually {
                clock.advance(by: 2)
                await registry.tick()
                return await !gateway.sent(to: phone).isEmpty
            })
            let attempts = store.failedCalls.filter { $0 == "users(tenantID:)" }.count
            #expect(attempts == TenantActor<OutageHarness.Services>.maxStoreDeferrals + 1)
            #expect(await gateway.sent(to: phone).map(\.text) == [
                "Desculpe, não consegui processar sua mensagem agora. Tente novamente em alguns minutos.",
            ])
            #expect(try await store.base.pendingCount(tenantID: tenantID) == 0)
        }
    }
}
