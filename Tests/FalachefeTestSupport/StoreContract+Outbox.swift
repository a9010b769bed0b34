import FalachefeCore
import Foundation
import Testing

/// Outbox checks: order, retries, sending, receipts.
extension StoreContract {
    /// Completes a pending message `id` from `phone` with `texts` as replies.
    @discardableResult
    public static func reply(
        _ store: some Store, _ tenant: Tenant, id: String, phone: String = "5511987654321", texts: [String],
        agent: String = "support", at: Date = epoch
    ) async throws -> Int64 {
        let sequence = try await acceptNew(store, message(tenant, id: id, phone: phone, text: "pergunta \(id)", at: at))
        let outcome = ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: id, status: .processed, replyTo: phone,
            replies: texts.map { Reply(text: $0, agent: agent) }, at: at.addingTimeInterval(1)
        )
        #expect(try await store.complete(outcome).closed)
        return sequence
    }

    /// Pending replies come in id order whatever their due time; deferring keeps a reply
    /// pending with its new attempt count; sent and failed replies leave the pending list.
    public static func outboxLifecycle(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        try await reply(store, tenant, id: "o1", texts: ["a", "b"])
        try await reply(store, tenant, id: "o2", texts: ["c"])
        let pending = try await store.pendingOutbox(tenantID: tenant.id, limit: 10)
        #expect(pending.map(\.text) == ["a", "b", "c"])
        #expect(zip(pending, pending.dropFirst()).allSatisfy { $0.id < $1.id })
        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 2).map(\.text) == ["a", "b"])

        let later = epoch.addingTimeInterval(3_600)
        try await store.deferOutbox(outboxID: pending[0].id, attempts: 1, nextAttemptAt: later, error: "HTTP 503")
        let deferred = try await store.pendingOutbox(tenantID: tenant.id, limit: 10)
        #expect(deferred.map(\.text) == ["a", "b", "c"])
        #expect(deferred[0].attempts == 1)
        #expect(deferred[0].nextAttemptAt == later)
        #expect(deferred[0].status == .pending)

        try await store.markSent(outboxID: pending[0].id, providerMessageID: "prov-a", at: later)
        try await store.markFailed(outboxID: pending[1].id, error: "número inválido")
        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).map(\.text) == ["c"])
        #expect(try await store.tenantsWithPendingOutbox().contains(tenant.id))
        try await store.markSent(outboxID: pending[2].id, providerMessageID: nil, at: later)
        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).isEmpty)
        #expect(try await store.tenantsWithPendingOutbox().contains(tenant.id) == false)

        let statuses = try await store.conversation(tenantID: tenant.id, phone: "5511987654321", limit: 10)
            .filter { $0.direction == .outbound }.map(\.status)
        #expect(statuses == ["sent", "failed", "sent"])
    }

    /// Receipts move statuses forward only (pending < sent < delivered < read < played),
    /// count what changed, and touch only the given tenant's rows.
    public static func receiptsNeverDowngrade(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        try await reply(store, tenant, id: "q1", texts: ["um", "dois"])
        try await reply(store, other, id: "q1", texts: ["outro"])
        let rows = try await store.pendingOutbox(tenantID: tenant.id, limit: 10)
        let otherRow = try #require(try await store.pendingOutbox(tenantID: other.id, limit: 10).first)
        try await store.markSent(outboxID: rows[0].id, providerMessageID: "p-1", at: epoch)
        try await store.markSent(outboxID: rows[1].id, providerMessageID: "p-2", at: epoch)
        try await store.markSent(outboxID: otherRow.id, providerMessageID: "p-1", at: epoch)

        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-1", "p-2"], status: .delivered) == 2)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-1"], status: .read) == 1)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-1", "p-2"], status: .delivered) == 0)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-2"], status: .played) == 1)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-2"], status: .read) == 0)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["p-1"], status: .sent) == 0)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: ["nao-existe"], status: .read) == 0)
        #expect(try await store.recordReceipt(tenantID: tenant.id, providerMessageIDs: [], status: .read) == 0)

        let mine = try await store.conversation(tenantID: tenant.id, phone: "5511987654321", limit: 10)
            .filter { $0.direction == .outbound }
        #expect(mine.map(\.status) == ["read", "played"])
        let theirs = try await store.conversation(tenantID: other.id, phone: "5511987654321", limit: 10)
            .filter { $0.direction == .outbound }
        #expect(theirs.map(\.status) == ["sent"])
    }
}
