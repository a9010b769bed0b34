import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Rule 3: failures stay inside a tenant; 5 in 60 s quarantine it; the registry restarts it
/// after the backoff (1 s with the harness's jitter of 1).
@Suite("Runtime: supervision")
struct SupervisionTests {
    static let phone = "5511900000001"
    static let otherPhone = "5521900000002"

    @Test("a tenant whose every message throws is quarantined after 5 failures and restarted after backoff")
    func quarantineAndRestart() async throws {
        let model = ScriptedModel(failing: ["💥"])
        try await RuntimeHarness.with(model: model) { harness in
            let failing = try await harness.createTenant("quebrada", owner: "554700000001")
            let healthy = try await harness.createTenant("saudavel", owner: "554700000002")
            try await harness.addUser(failing, phone: Self.phone)
            try await harness.addUser(healthy, phone: Self.otherPhone)

            for index in 1...4 { try await harness.deliver(failing, from: Self.phone, "💥 \(index)") }
            #expect(try await harness.waitForSent(4, to: Self.phone))
            #expect(await harness.registry.supervisionRecord(failing)?.isQuarantined == false)
            try await harness.deliver(failing, from: Self.phone, "💥 5")
            #expect(try await eventually { await harness.registry.supervisionRecord(failing)?.isQuarantined == true })
            let record = try #require(await harness.registry.supervisionRecord(failing))
            #expect(record.quarantinedUntil == record.lastFailureAt?.addingTimeInterval(1))
            // Every failed message got the polite fallback, and was closed as failed.
            #expect(try await harness.waitForSent(5, to: Self.phone))
            let fallbacks = await harness.gateway.sent(to: Self.phone).map(\.text)
            #expect(fallbacks.allSatisfy { $0.hasPrefix("Desculpe") })

            // Quarantined: new work is stored, not processed. The other tenant keeps answering.
            model.setFailing("💥", false)
            #expect(try await harness.deliver(failing, from: Self.phone, "💥 depois") == .accepted)
            let tenant = try #require(try await harness.store.tenant(id: failing))
            #expect(try await harness.registry.snapshot(of: tenant).status == .quarantined)
            try await harness.deliver(healthy, from: Self.otherPhone, "gastei 7 reais no almoço")
            #expect(try await harness.waitForSent(1, to: Self.otherPhone))
            #expect(try await harness.store.pendingCount(tenantID: failing) == 1)

            // Not yet due: nothing happens. Due: restarted, and the held message is replayed.
            harness.clock.advance(by: 0.5)
            await harness.registry.tick()
            #expect(await harness.registry.supervisionRecord(failing)?.totalRestarts == 0)
            harness.clock.advance(by: 0.5)
            await harness.registry.tick()
            #expect(await harness.registry.supervisionRecord(failing)?.totalRestarts == 1)
            #expect(try await harness.waitForSent(6, to: Self.phone))
            let last = await harness.gateway.sent(to: Self.phone).last?.text ?? ""
            #expect(!last.hasPrefix("Desculpe"), "\(last)")
            #expect(try await harness.registry.snapshot(of: tenant).status == .active)
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: failing) == 0 })
        }
    }

    @Test("the second quarantine waits twice as long before the restart")
    func secondQuarantineBacksOffLonger() async throws {
        let model = ScriptedModel(failing: ["💥"])
        try await RuntimeHarness.with(model: model) { harness in
            let id = try await harness.createTenant("quebrada", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            for round in 1...2 {
                for index in 1...5 { try await harness.deliver(id, from: Self.phone, "💥 \(round).\(index)") }
                #expect(try await eventually { await harness.registry.supervisionRecord(id)?.isQuarantined == true })
                let record = try #require(await harness.registry.supervisionRecord(id))
                let wait = try #require(record.quarantinedUntil?.timeIntervalSince(harness.clock.now()))
                #expect(wait == Double(round))
                harness.clock.advance(by: wait)
                await harness.registry.tick()
                #expect(await harness.registry.supervisionRecord(id)?.totalRestarts == round)
                #expect(try await harness.waitForSent(5 * round, to: Self.phone))
                #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
            }
        }
    }

    @Test("failures of one tenant never quarantine another")
    func failuresAreIsolated() async throws {
        let model = ScriptedModel(failing: ["💥"])
        try await RuntimeHarness.with(model: model) { harness in
            let failing = try await harness.createTenant("quebrada", owner: "554700000001")
            let healthy = try await harness.createTenant("saudavel", owner: "554700000002")
            try await harness.addUser(failing, phone: Self.phone)
            try await harness.addUser(healthy, phone: Self.otherPhone)
            for index in 1...5 {
                try await harness.deliver(failing, from: Self.phone, "💥 \(index)")
                try await harness.deliver(healthy, from: Self.otherPhone, "gastei \(index) reais no almoço")
            }
            #expect(try await harness.waitForSent(5, to: Self.otherPhone))
            #expect(try await eventually { await harness.registry.supervisionRecord(failing)?.isQuarantined == true })
            #expect(await harness.registry.supervisionRecord(healthy) == nil)
            let texts = await harness.gateway.sent(to: Self.otherPhone).map(\.text)
            #expect(texts.allSatisfy { $0.hasPrefix("Anotado") })
        }
    }
}
