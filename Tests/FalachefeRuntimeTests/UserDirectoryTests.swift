@testable import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Senders are matched against the company's users read once per actor, not per message.
@Suite("User directory")
struct UserDirectoryTests {
    @Test("messages from many unknown numbers read the user table once, and a user added later is recognised")
    func unknownSendersCostNoQueryAndNewUsersAreSeen() async throws {
        try await OutageHarness.run { store, registry, gateway, clock in
            let (tenantID, owner) = try await OutageHarness.setUp(store, registry)
            let strangers = (0..<12).map { "55119777700\(String(format: "%02d", $0))" }
            for (index, phone) in strangers.enumerated() {
                try await OutageHarness.deliver("oi", id: "wamid-stranger-\(index)", tenantID, phone, registry, clock)
            }
            try await OutageHarness.deliver("gastei 30 reais no mercado", id: "wamid-owner-1", tenantID, owner, registry, clock)
            #expect(try await eventually { await gateway.sent(to: owner).count == 1 })
            #expect(try await eventually { try await store.base.pendingCount(tenantID: tenantID) == 0 })
            #expect(store.calls("users(tenantID:)") == 1)
            for phone in strangers { #expect(await gateway.sent(to: phone).count == 1, "one onboarding reply") }

            let newcomer = strangers[0]
            try await store.base.addUser(CompanyUser(tenantID: tenantID, name: "Caixa", phone: newcomer, role: .user))
            await registry.tenantChanged(tenantID)
            try await OutageHarness.deliver("gastei 20 reais no mercado", id: "wamid-newcomer-1", tenantID, newcomer, registry, clock)
            #expect(try await eventually { await gateway.sent(to: newcomer).count == 2 })
            #expect(await gateway.sent(to: newcomer).last?.text.contains("R$ 20,00") == true)
            #expect(store.calls("users(tenantID:)") == 2)
        }
    }
}
