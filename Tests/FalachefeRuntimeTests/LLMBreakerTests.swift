import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// The tenant's LLM circuit breaker, driven through the runtime with a manual clock.
@Suite("Runtime: LLM breaker")
struct LLMBreakerTests {
    static let phone = "5511987650000"

    @Test("after an outage the LLM answers again, even when the first message after it needs no model call")
    func halfOpenProbeIsNotLostOnAContinuation() async throws {
        let clock = ManualClock()
        let client = ScriptedChatClient(today: LedgerDay.of(clock.now(), in: RuntimeConfiguration().timeZone))
        let setup = LLMSetup(client: client, defaultModel: "gpt-4o-mini")
        let configuration = RuntimeHarness.configuration {
            $0.breaker = CircuitBreaker.Configuration(failureRateThreshold: 0.5, minimumCalls: 2, window: 60, openWait: 30)
        }
        try await RuntimeHarness.with(configuration: configuration, llm: setup) { harness in
            let id = try await harness.createTenant("llm", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            let tenant = try #require(try await harness.store.tenant(id: id))

            client.setFailing(true)
            try await harness.deliver(id, from: Self.phone, "qual meu saldo?")
            try await harness.deliver(id, from: Self.phone, "paguei o aluguel")
            #expect(try await harness.waitForSent(2, to: Self.phone))
            #expect(try await harness.registry.snapshot(of: tenant).breakers.llm == .open)

            client.setFailing(false)
            harness.clock.advance(by: 31)
            // "1.500" finishes the pending booking without asking the model.
            try await harness.deliver(id, from: Self.phone, "1.500")
            #expect(try await harness.waitForSent(3, to: Self.phone))
            #expect(client.answered == 0)

            try await harness.deliver(id, from: Self.phone, "qual meu saldo?")
            #expect(try await harness.waitForSent(4, to: Self.phone))
            #expect(client.answered == 1, "the model is asked again")
            #expect(try await harness.registry.snapshot(of: tenant).breakers.llm == .closed)
        }
    }
}
