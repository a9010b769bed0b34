import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Testing

/// Rule 5: messages of one conversation one at a time, in order; conversations of one
/// tenant concurrently up to the bulkhead.
@Suite("Runtime: ordering and bulkhead")
struct OrderingTests {
    /// `count` distinct Brazilian mobile numbers.
    static func phones(_ count: Int, prefix: String = "55119000") -> [String] {
        (1...count).map { prefix + String(100_00 + $0).suffix(5) }
    }

    @Test("each conversation's replies go out in order; never more than the bulkhead in flight")
    func perConversationOrderUnderConcurrency() async throws {
        let model = ScriptedModel(latency: .milliseconds(15))
        let configuration = RuntimeHarness.configuration { $0.bulkhead = 2 }
        try await RuntimeHarness.with(configuration: configuration, model: model) { harness in
            let tenant = try await harness.createTenant("padaria", owner: "554700000001")
            let phones = Self.phones(6)
            for phone in phones { try await harness.addUser(tenant, phone: phone) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for phone in phones {
                    group.addTask {
                        for amount in 1...5 { try await harness.deliver(tenant, from: phone, "gastei \(amount) reais no almoço") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await harness.waitForSent(30))
            for phone in phones {
                let texts = await harness.gateway.sent(to: phone).map(\.text)
                #expect(texts.count == 5)
                for (index, text) in texts.enumerated() {
                    #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(phone): \(texts)")
                }
            }
            #expect(model.analyzed.count == 30)
            #expect(model.maxInFlight <= 2)
            #expect(try await harness.store.pendingCount(tenantID: tenant) == 0)
        }
    }

    @Test("one conversation never runs two messages at once, whatever the bulkhead")
    func oneConversationIsSerial() async throws {
        let model = ScriptedModel(latency: .milliseconds(5))
        let configuration = RuntimeHarness.configuration { $0.bulkhead = 8 }
        try await RuntimeHarness.with(configuration: configuration, model: model) { harness in
            let tenant = try await harness.createTenant("mercado", owner: "554700000002")
            let phone = "5511988887777"
            try await harness.addUser(tenant, phone: phone)
            // The same person writes with and without the 9th digit: one conversation.
            for amount in 1...8 {
                let spelling = amount.isMultiple(of: 2) ? phone : "551188887777"
                try await harness.deliver(tenant, from: spelling, "gastei \(amount) reais no almoço")
            }
            #expect(try await harness.waitForSent(8))
            #expect(model.maxInFlight == 1)
            let texts = await harness.gateway.sent().map(\.text)
            for (index, text) in texts.enumerated() {
                #expect(text.hasPrefix("Anotado: despesa de R$ \(index + 1),00"), "\(texts)")
            }
        }
    }

    @Test("with every call held, exactly the bulkhead's worth of conversations is in flight")
    func bulkheadHoldsUnderLoad() async throws {
        let model = ScriptedModel()
        model.hold("segura")
        let configuration = RuntimeHarness.configuration { $0.bulkhead = 2 }
        try await RuntimeHarness.with(configuration: configuration, model: model) { harness in
            let tenant = try await harness.createTenant("oficina", owner: "554700000005")
            let phones = Self.phones(5)
            for phone in phones {
                try await harness.addUser(tenant, phone: phone)
                try await harness.deliver(tenant, from: phone, "segura gastei 1 real")
            }
            #expect(try await eventually { model.inFlight == 2 })
            let tenantRecord = try #require(try await harness.store.tenant(id: tenant))
            let snapshot = try await harness.registry.snapshot(of: tenantRecord)
            #expect(snapshot.inFlight == 2)
            #expect(snapshot.backlog == 5)
            model.release("segura")
            #expect(try await harness.waitForSent(5))
            #expect(model.maxInFlight == 2)
        }
    }

    @Test("tenants do not share a bulkhead: a stuck tenant does not hold another back")
    func tenantsIndependent() async throws {
        let model = ScriptedModel()
        model.hold("segura")
        let configuration = RuntimeHarness.configuration { $0.bulkhead = 1 }
        try await RuntimeHarness.with(configuration: configuration, model: model) { harness in
            let stuck = try await harness.createTenant("stuck", owner: "554700000003")
            let quiet = try await harness.createTenant("quiet", owner: "554700000004")
            let phones = Self.phones(3)
            for phone in phones {
                try await harness.addUser(stuck, phone: phone)
                try await harness.deliver(stuck, from: phone, "segura oi")
            }
            try await harness.addUser(quiet, phone: "5521999990000")
            try await harness.deliver(quiet, from: "5521999990000", "oi")
            #expect(try await harness.waitForSent(1, to: "5521999990000"))
            #expect(await harness.gateway.sent().count == 1)
            model.release("segura")
            #expect(try await harness.waitForSent(4))
        }
    }
}
