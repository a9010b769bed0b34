import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Rules 1 and 7: nothing acknowledged is lost — replay at start, outbox retries — and
/// unknown senders get exactly one onboarding reply.
@Suite("Runtime: durability and outbox")
struct DurabilityTests {
    static let phone = "5511900000001"

    /// A fresh temporary directory for a database shared by two registries.
    func temporaryPath() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-runtime-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("falachefe.sqlite").path)
    }

    @Test("pending messages and replies are replayed in order by a new registry on the same database")
    func replayAtStart() async throws {
        let (directory, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = RuntimeHarness.configuration()
        // First life: messages are acknowledged but no job ever runs (a crash before work).
        let first = try await RuntimeHarness.open(path: path, configuration: configuration)
        let id = try await first.createTenant("padaria", owner: "554700000001")
        try await first.addUser(id, phone: Self.phone)
        for amount in 1...3 {
            #expect(try await first.deliver(id, from: Self.phone, "gastei \(amount) reais no almoço") == .accepted)
        }
        first.registry.shutdown()
        try await first.store.close()

        let second = try await RuntimeHarness.open(path: path, configuration: configuration)
        #expect(try await second.store.pendingCount(tenantID: id) == 3)
        try await second.running { harness in
            try await harness.registry.start()
            #expect(await harness.registry.liveCount == 1)
            #expect(try await harness.waitForSent(3))
            let texts = await harness.gateway.sent().map(\.text)
            for (index, text) in texts.enumerated() {
                #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(texts)")
            }
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
        }
    }

    @Test("replies left in the outbox at shutdown are sent by the next registry, once")
    func outboxReplayAtStart() async throws {
        let (directory, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = RuntimeHarness.configuration()
        let first = try await RuntimeHarness.open(path: path, configuration: configuration)
        var id = ""
        try await first.running { harness in
            id = try await harness.createTenant("padaria", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            await harness.gateway.setDown(true)
            for amount in 1...2 { try await harness.deliver(id, from: Self.phone, "gastei \(amount) reais no almoço") }
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).count == 2 })
        }
        let second = try await RuntimeHarness.open(path: path, configuration: configuration)
        try await second.running { harness in
            try await harness.registry.start()
            #expect(await harness.registry.liveCount == 1)
            // The first attempt was deferred by the outbox backoff: move past it and tick.
            #expect(try await eventually {
                harness.clock.advance(by: 5)
                await harness.registry.tick()
                return await harness.gateway.sent().count >= 2
            })
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).isEmpty })
            let texts = await harness.gateway.sent().map(\.text)
            #expect(texts.count == 2)
            #expect(texts.first?.hasPrefix("Anotado: despesa de R$ 1,00") == true)
        }
    }

    @Test("a gateway failing then recovering delivers every reply in order, exactly once")
    func outboxRetriesInOrder() async throws {
        try await RuntimeHarness.with { harness in
            let id = try await harness.createTenant("padaria", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            await harness.gateway.failNext(3)
            for amount in 1...4 { try await harness.deliver(id, from: Self.phone, "gastei \(amount) reais no almoço") }
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
            // Move time on and tick until everything went out.
            #expect(try await eventually {
                harness.clock.advance(by: 5)
                await harness.registry.tick()
                return await harness.gateway.sent().count >= 4
            })
            let texts = await harness.gateway.sent().map(\.text)
            #expect(texts.count == 4)
            for (index, text) in texts.enumerated() {
                #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(texts)")
            }
            #expect(await harness.gateway.attempts == 7)
            // More time and ticks send nothing again.
            for _ in 0..<5 {
                harness.clock.advance(by: 60)
                await harness.registry.tick()
            }
            #expect(try await eventually { try await harness.store.pendingOutbox(tenantID: id, limit: 10).isEmpty })
            #expect(await harness.gateway.sent().count == 4)
        }
    }

    @Test("a long outage opens the UAZ breaker; after recovery replies go out in order, once")
    func outageOpensBreakerThenRecovers() async throws {
        // Retries capped below the 10 s step make every tick try the head reply again, so the
        // breaker sees its five calls inside its 60 s window however slowly a loaded machine
        // runs a flush. With the uncapped backoff, one slow flush spread the attempts past the
        // window and the breaker, rightly, never opened.
        let configuration = RuntimeHarness.configuration { $0.outboxBackoff = Backoff(base: .seconds(2), max: .seconds(8)) }
        try await RuntimeHarness.with(configuration: configuration) { harness in
            let id = try await harness.createTenant("padaria", owner: "554700000001")
            try await harness.addUser(id, phone: Self.phone)
            await harness.gateway.setDown(true)
            for amount in 1...3 { try await harness.deliver(id, from: Self.phone, "gastei \(amount) reais no almoço") }
            let tenant = try #require(try await harness.store.tenant(id: id))
            var opened = false
            func recordedAttempts() async throws -> Int {
                try await harness.store.pendingOutbox(tenantID: id, limit: 10).map(\.attempts).reduce(0, +)
            }
            for _ in 0..<20 where !opened {
                let before = try await recordedAttempts()
                harness.clock.advance(by: 10)
                await harness.registry.tick()
                // Let the failed attempt this tick started be recorded before time moves again,
                // so its retry is due at the next tick. Every tick makes an attempt until the
                // breaker opens, so this wait ends as soon as the store has it.
                _ = try await eventually(timeout: .seconds(10)) { try await recordedAttempts() > before }
                opened = try await harness.registry.snapshot(of: tenant).breakers.uaz == .open
            }
            #expect(opened)
            let attemptsWhileOpen = await harness.gateway.attempts
            await harness.gateway.setDown(false)
            #expect(try await eventually {
                harness.clock.advance(by: 10)
                await harness.registry.tick()
                return await harness.gateway.sent().count >= 3
            })
            #expect(attemptsWhileOpen >= 5)
            let texts = await harness.gateway.sent().map(\.text)
            #expect(texts.count == 3)
            for (index, text) in texts.enumerated() {
                #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(texts)")
            }
            #expect(try await harness.registry.snapshot(of: tenant).breakers.uaz == .closed)
        }
    }

    @Test("an unknown sender gets one onboarding reply; once registered, the crew answers")
    func onboardingOnce() async throws {
        try await RuntimeHarness.with { harness in
            let id = try await harness.createTenant("padaria", owner: "554700000001")
            for text in ["oi", "gastei 5 reais", "alô?"] { try await harness.deliver(id, from: Self.phone, text) }
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
            #expect(try await harness.waitForSent(1))
            let onboarding = await harness.gateway.sent()
            #expect(onboarding.count == 1)
            #expect(onboarding.first?.text.contains("não está cadastrado") == true)
            #expect(harness.model.analyzed.isEmpty)

            try await harness.addUser(id, phone: "11900000001")  // another spelling of the same number
            try await harness.deliver(id, from: Self.phone, "gastei 5 reais no almoço")
            #expect(try await harness.waitForSent(2))
            #expect(await harness.gateway.sent().last?.text.hasPrefix("Anotado: despesa de R$ 5,00") == true)
        }
    }

    @Test("a restarted registry, which no longer remembers an onboarding reply, sends none within the window")
    func onboardingClaimOutlivesTheActor() async throws {
        let (directory, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = RuntimeHarness.configuration()
        let first = try await RuntimeHarness.open(path: path, configuration: configuration)
        var id = ""
        try await first.running { harness in
            id = try await harness.createTenant("padaria", owner: "554700000001")
            try await harness.deliver(id, from: Self.phone, "oi")
            #expect(try await harness.waitForSent(1))
        }
        let second = try await RuntimeHarness.open(path: path, configuration: configuration)
        try await second.running { harness in
            try await harness.registry.start()
            try await harness.deliver(id, from: Self.phone, "alô?")
            #expect(try await eventually { try await harness.store.pendingCount(tenantID: id) == 0 })
            let lines = try await harness.store.conversation(tenantID: id, phone: Self.phone, limit: 10)
            #expect(lines.filter { $0.direction == .outbound }.count == 1, "\(lines)")
            let second = lines.first { $0.text == "alô?" }
            #expect(second?.status == "processed")
            #expect(second?.agent == nil)
            #expect(try await harness.store.pendingOutbox(tenantID: id, limit: 10).isEmpty)
            #expect(await harness.gateway.sent().isEmpty)
        }
    }

    @Test("run() returns after shutdown() without being cancelled")
    func shutdownEndsRun() async throws {
        let (directory, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await RuntimeHarness.open(path: path, configuration: RuntimeHarness.configuration())
        let registry = harness.registry
        let finished = Finished()
        let runner = Task {
            await registry.run()
            await finished.set()
        }
        // One message through the job loop: run() and its timer are up.
        let id = try await harness.createTenant("padaria", owner: "554700000001")
        try await harness.deliver(id, from: Self.phone, "oi")
        #expect(try await harness.waitForSent(1))
        registry.shutdown()
        let returned = try await eventually(timeout: .seconds(3)) { await finished.value }
        runner.cancel()
        await runner.value
        try await harness.store.close()
        #expect(returned, "run() still waits for its timer (tickInterval = 1 h) after shutdown()")
    }
}

/// A flag set from another task.
actor Finished {
    private(set) var value = false
    func set() { value = true }
}
