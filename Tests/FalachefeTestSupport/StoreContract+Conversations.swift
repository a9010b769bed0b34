import FalachefeCore
import Foundation
import Testing

/// Conversation view, onboarding claims, audit log, tenant isolation and persistence.
extension StoreContract {
    /// Inbound and outbound lines merged by time, newest last, matched by canonical phone.
    public static func conversationView(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        // The same mobile written without, then with, the 9th digit.
        let first = try await acceptNew(store, message(tenant, id: "v1", phone: "551187654321", text: "gastei 50 reais"))
        let outcome = ProcessingOutcome(
            tenantID: tenant.id, sequence: first, messageID: "v1", status: .processed, replyTo: "551187654321",
            replies: [Reply(text: "Despesa de R$ 50,00 registrada.", agent: "financial")], at: epoch.addingTimeInterval(5)
        )
        #expect(try await store.complete(outcome).closed)
        try await acceptNew(store, message(tenant, id: "v2", phone: "5511987654321", text: "obrigado",
                                           at: epoch.addingTimeInterval(10)))
        try await acceptNew(store, message(tenant, id: "v3", phone: "5521912345678", text: "outra pessoa"))

        let lines = try await store.conversation(tenantID: tenant.id, phone: "11987654321", limit: 10)
        #expect(lines == [
            ConversationEntry(direction: .inbound, text: "gastei 50 reais", agent: "financial", status: "processed", at: epoch),
            ConversationEntry(direction: .outbound, text: "Despesa de R$ 50,00 registrada.", agent: "financial",
                              status: "pending", at: epoch.addingTimeInterval(5)),
            ConversationEntry(direction: .inbound, text: "obrigado", agent: nil, status: "pending",
                              at: epoch.addingTimeInterval(10)),
        ])
        let lastTwo = try await store.conversation(tenantID: tenant.id, phone: "5511987654321", limit: 2)
        #expect(lastTwo.map(\.text) == ["Despesa de R$ 50,00 registrada.", "obrigado"])
        #expect(try await store.conversation(tenantID: tenant.id, phone: "5531999999999", limit: 10).isEmpty)
    }

    /// One onboarding reply per phone (any spelling) per window, per tenant, claimed by the
    /// completion that queues it: a completion that loses the claim still closes its row,
    /// queues nothing and records no answering agent.
    public static func onboardingWindow(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let window: TimeInterval = 3_600
        func onboard(_ tenant: Tenant, _ id: String, _ phone: String, after seconds: TimeInterval) async throws -> CompletionResult {
            let sequence = try await acceptNew(store, message(tenant, id: id, phone: phone, at: epoch.addingTimeInterval(seconds)))
            return try await store.complete(ProcessingOutcome(
                tenantID: tenant.id, sequence: sequence, messageID: id, status: .processed, replyTo: phone,
                replies: [Reply(text: "Seu número ainda não está cadastrado.", agent: "orchestrator")],
                at: epoch.addingTimeInterval(seconds), onboardingWindow: window))
        }
        let won = CompletionResult(closed: true, repliesQueued: true)
        let lost = CompletionResult(closed: true, repliesQueued: false)
        #expect(try await onboard(tenant, "o1", "5511987654321", after: 0) == won)
        #expect(try await onboard(tenant, "o2", "5511987654321", after: 10) == lost)
        #expect(try await onboard(tenant, "o3", "551187654321", after: 20) == lost)
        #expect(try await onboard(other, "o4", "5511987654321", after: 30) == won)
        #expect(try await onboard(tenant, "o5", "5511987654321", after: window) == won)
        #expect(try await onboard(tenant, "o6", "5511987654321", after: window + 60) == lost)

        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).map(\.inReplyTo) == ["o1", "o5"])
        let lines = try await store.conversation(tenantID: tenant.id, phone: "5511987654321", limit: 20)
        #expect(lines.filter { $0.direction == .inbound }.map(\.agent) == ["orchestrator", nil, nil, "orchestrator", nil])
        #expect(lines.filter { $0.direction == .inbound && $0.status != "processed" }.isEmpty)

        var racers: [Int64] = []
        for index in 0..<8 {
            racers.append(try await acceptNew(store, message(tenant, id: "r\(index)", phone: "5521912345678")))
        }
        let queued = try await withThrowingTaskGroup(of: CompletionResult.self) { group in
            for (index, sequence) in racers.enumerated() {
                group.addTask {
                    try await store.complete(ProcessingOutcome(
                        tenantID: tenant.id, sequence: sequence, messageID: "r\(index)", status: .processed,
                        replyTo: "5521912345678", replies: [Reply(text: "Olá!", agent: "orchestrator")], at: epoch,
                        onboardingWindow: window))
                }
            }
            return try await group.reduce(into: [CompletionResult]()) { $0.append($1) }
        }
        #expect(queued.filter { $0.closed }.count == 8)
        #expect(queued.filter { $0.repliesQueued }.count == 1)
    }

    /// Audit entries round-trip, newest first, filtered by tenant or all when nil.
    public static func auditTrail(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let actor = "admin-\(UUID().uuidString.prefix(8))"
        let entries = [
            AuditEntry(tenantID: tenant.id, actor: actor, action: "tenant.create", detail: nil, at: epoch),
            AuditEntry(tenantID: other.id, actor: actor, action: "tenant.create", detail: nil, at: epoch),
            AuditEntry(tenantID: tenant.id, actor: actor, action: "tenant.pause", detail: "manutenção",
                       at: epoch.addingTimeInterval(60)),
            AuditEntry(tenantID: nil, actor: actor, action: "platform.migrate", detail: "0001",
                       at: epoch.addingTimeInterval(120)),
        ]
        for entry in entries { try await store.audit(entry) }
        #expect(try await store.auditLog(tenantID: tenant.id, limit: 10) == [entries[2], entries[0]])
        #expect(try await store.auditLog(tenantID: tenant.id, limit: 1) == [entries[2]])
        let all = try await store.auditLog(tenantID: nil, limit: 1_000).filter { $0.actor == actor }
        #expect(all == entries.reversed())
    }

    /// Tenant A never sees tenant B's inbox, outbox, ledger, conversation or users, even
    /// with the same message ids and phones.
    public static func tenantIsolation(_ store: some Store) async throws {
        let a = try await makeTenant(store, name: "A")
        let b = try await makeTenant(store, name: "B")
        for tenant in [a, b] {
            try await reply(store, tenant, id: "same-id", texts: ["resposta \(tenant.name)"])
            try await acceptNew(store, message(tenant, id: "pending-id", text: "pendente \(tenant.name)"))
            try await book(store, tenant, [entry(tenant, .expense, tenant.name == "A" ? 100 : 900, "aluguel", "2025-03-10",
                                         source: "same-id")])
            try await store.addUser(CompanyUser(tenantID: tenant.id, name: tenant.name, phone: "5511987654321", role: .user))
        }
        let pending = try await store.pendingInbox(tenantID: a.id, limit: 100)
        #expect(pending.map(\.message.text) == ["pendente A"])
        #expect(pending.allSatisfy { $0.message.tenantID == a.id })
        #expect(try await store.pendingOutbox(tenantID: a.id, limit: 100).map(\.text) == ["resposta A"])
        let day = LedgerDay(year: 2025, month: 3, day: 10)
        #expect(try await store.ledgerSummary(tenantID: a.id, from: day, to: day).expenseCents == 100)
        #expect(try await store.ledgerEntries(tenantID: a.id, from: day, to: day, limit: 10).map(\.tenantID) == [a.id])
        let lines = try await store.conversation(tenantID: a.id, phone: "5511987654321", limit: 100)
        #expect(lines.map(\.text) == ["pergunta same-id", "pendente A", "resposta A"])
        #expect(try await store.users(tenantID: a.id).map(\.name) == ["A"])
        #expect(try await store.pendingCount(tenantID: a.id) == 1)
    }

    /// Everything written before `close` is there after reopening, and new sequences keep
    /// growing. `open` must open the same database each time.
    public static func survivesReopen<S: Store>(
        open: () async throws -> S, close: (S) async throws -> Void
    ) async throws {
        let store = try await open()
        let tenant = try await makeTenant(store)
        let sequence = try await acceptNew(store, message(tenant, id: "d1"))
        let booked = entry(tenant, .income, 4_200, "vendas", "2025-03-10", source: "d1")
        try await book(store, tenant, [booked])
        try await store.setStatus(tenantID: tenant.id, status: .paused, reason: "férias")
        try await close(store)

        let reopened = try await open()
        let stored = try #require(try await reopened.tenant(id: tenant.id))
        #expect(stored.status == .paused && stored.pausedReason == "férias")
        #expect(try await reopened.pendingInbox(tenantID: tenant.id, limit: 10).map(\.sequence) == [sequence])
        #expect(try await reopened.accept(message(tenant, id: "d1"), status: .pending) == .duplicate)
        #expect(try await acceptNew(reopened, message(tenant, id: "d2")) > sequence)
        let day = LedgerDay(year: 2025, month: 3, day: 10)
        #expect(try await reopened.ledgerEntries(tenantID: tenant.id, from: day, to: day, limit: 10) == [booked])
        try await reopened.ping()
        try await close(reopened)
    }
}
