import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Testing

/// Restarts must keep the outbox's exactly-once promise.
@Suite("Runtime: restart and the outbox")
struct RestartTests {
    static let phone = "5511900000001"

    @Test("a restart while a reply is being sent does not send replies twice")
    func restartDuringSendIsExactlyOnce() async throws {
        let model = ScriptedModel(failing: ["💥"])
        try await RuntimeHarness.with(model: model) { harness in
            let id = try await harness.createTenant("quebrada", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            await harness.gateway.setHeld(true)  // a slow UAZ: the first send hangs
            for index in 1...5 { try await harness.deliver(id, from: Self.phone, "💥 \(index)") }
            #expect(try await eventually { await harness.registry.supervisionRecord(id)?.isQuarantined == true })
            #expect(try await eventually { await harness.gateway.attempts == 1 })
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).count == 5 })

            // The backoff passes while the old actor is still inside the send.
            harness.clock.advance(by: 1)
            await harness.registry.tick()
            #expect(await harness.registry.supervisionRecord(id)?.totalRestarts == 1)
            await harness.registry.tick()
            await harness.gateway.setHeld(false)

            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).isEmpty })
            #expect(try await harness.waitForSent(5))
            // Let any second flusher finish its round before counting.
            await harness.registry.tick()
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).isEmpty })
            let sent = await harness.gateway.sent()
            #expect(sent.count == 5, "\(sent.count) sends for 5 replies: the retired actor kept flushing")
        }
    }
}
