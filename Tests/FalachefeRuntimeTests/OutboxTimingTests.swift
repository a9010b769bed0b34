import FalachefeCore
import FalachefeTestSupport
import Foundation
import Testing

@Suite("Outbox timing")
struct OutboxTimingTests {
    /// The store keeps milliseconds, rounded: a reply committed at …000.0007 reads back as
    /// due at …000.001, later than the clock that has not moved. It must still go out at
    /// once, not at the next tick (an hour away in this harness).
    @Test("a reply goes out at once when the clock is between two of the store's milliseconds")
    func replyIsDueAtOnceWhateverTheSubMillisecond() async throws {
        try await RuntimeHarness.with { harness in
            harness.clock.set(Date(timeIntervalSince1970: 1_795_000_000.0007))
            let tenant = try await harness.createTenant("relojoaria", owner: "554700000031")
            let phone = "5511977776666"
            try await harness.addUser(tenant, phone: phone)
            try await harness.deliver(tenant, from: phone, "gastei 12 reais no almoço")
            #expect(try await harness.waitForSent(1, to: phone, timeout: .seconds(10)))
        }
    }
}
