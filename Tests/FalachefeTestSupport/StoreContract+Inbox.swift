import FalachefeCore
import Foundation
import Testing

/// Inbox checks: accept, dedupe, replay order, completion.
extension StoreContract {
    /// Sequential accepts: new ids are stored with growing sequences, a repeated id (same
    /// tenant) is a duplicate, the same id in another tenant is new.
    public static func acceptAndDuplicate(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let first = try await acceptNew(store, message(tenant, id: "wamid-1"))
        #expect(try await store.accept(message(tenant, id: "wamid-1", text: "de novo"), status: .pending) == .duplicate)
        let second = try await acceptNew(store, message(tenant, id: "wamid-2"))
        #expect(second > first)
        try await acceptNew(store, message(other, id: "wamid-1"))
        // A rate-limited message is stored (dedupe) but not pending.
        try await acceptNew(store, message(tenant, id: "wamid-3"), status: .rateLimited)
        #expect(try await store.accept(message(tenant, id: "wamid-3"), status: .pending) == .duplicate)
        #expect(try await store.pendingCount(tenantID: tenant.id) == 2)
        #expect(try await store.pendingCount(tenantID: other.id) == 1)
        let pending = try await store.tenantsWithPendingInbox()
        #expect(pending.contains(tenant.id) && pending.contains(other.id))
    }

    /// 200 concurrent accepts, 20 of them repeating an id: exactly 180 stored, each id once,
    /// distinct sequences, and the pending replay lists the 180 in sequence order.
    public static func concurrentAcceptDeduplicates(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let ids = (0..<200).map { "m\($0 < 180 ? $0 : $0 - 180)" }
        let results = try await withThrowingTaskGroup(of: (String, AcceptResult).self) { group in
            for id in ids {
                group.addTask { (id, try await store.accept(message(tenant, id: id), status: .pending)) }
            }
            return try await group.reduce(into: [(String, AcceptResult)]()) { $0.append($1) }
        }
        let stored = results.compactMap { id, result -> (String, Int64)? in
            if case .stored(let sequence) = result { return (id, sequence) }
            return nil
        }
        #expect(stored.count == 180)
        #expect(results.count - stored.count == 20)
        #expect(Set(stored.map(\.0)).count == 180)
        #expect(Set(stored.map(\.1)).count == 180)
        #expect(try await store.pendingCount(tenantID: tenant.id) == 180)
        let replay = try await store.pendingInbox(tenantID: tenant.id, limit: 1_000)
        #expect(replay.count == 180)
        #expect(zip(replay, replay.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        #expect(Dictionary(uniqueKeysWithValues: replay.map { ($0.message.messageID, $0.sequence) })
            == Dictionary(uniqueKeysWithValues: stored))
    }

    /// 20 concurrent callers, each accepting 10 messages one after the other (the last two
    /// callers only repeat earlier ids): every caller sees strictly increasing sequences.
    public static func acceptOrderPerCaller(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let perCaller = try await withThrowingTaskGroup(of: [AcceptResult].self) { group in
            for caller in 0..<20 {
                group.addTask {
                    var results: [AcceptResult] = []
                    for index in 0..<10 {
                        let n = caller * 10 + index
                        let id = "m\(n < 180 ? n : n - 180)"
                        results.append(try await store.accept(message(tenant, id: id, text: "n\(n)"), status: .pending))
                    }
                    return results
                }
            }
            return try await group.reduce(into: [[AcceptResult]]()) { $0.append($1) }
        }
        var storedCount = 0
        for results in perCaller {
            let sequences = results.compactMap { result -> Int64? in
                if case .stored(let sequence) = result { return sequence }
                return nil
            }
            storedCount += sequences.count
            #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 }, "sequences \(sequences)")
        }
        #expect(storedCount == 180)
        #expect(try await store.pendingCount(tenantID: tenant.id) == 180)
    }

    /// Pending rows replay oldest first, limited, round-tripping every field.
    public static func pendingReplayOrder(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        var sent: [InboundMessage] = []
        for index in 0..<5 {
            var inbound = message(tenant, id: "r\(index)", phone: index.isMultiple(of: 2) ? "5511987654321" : "5521912345678",
                                  text: "mensagem \(index)", at: epoch.addingTimeInterval(Double(index)))
            if index == 3 {
                inbound.kind = .media(type: "image")
                inbound.senderName = nil
            }
            try await acceptNew(store, inbound)
            try await acceptNew(store, message(other, id: "x\(index)"))
            sent.append(inbound)
        }
        let firstThree = try await store.pendingInbox(tenantID: tenant.id, limit: 3)
        #expect(firstThree.map(\.message) == Array(sent.prefix(3)))
        let all = try await store.pendingInbox(tenantID: tenant.id, limit: 100)
        #expect(all.map(\.message) == sent)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
    }

    /// `complete` closes a pending row once: the second call returns false and writes no
    /// second set of replies; concurrent completions of one row let exactly one win.
    public static func completeOnce(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let phone = "5511987654321"
        let sequence = try await acceptNew(store, message(tenant, id: "c1", phone: phone))
        let replies = [Reply(text: "Despesa registrada.", agent: "financial"), Reply(text: "Algo mais?", agent: "financial")]
        let outcome = ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: "c1", status: .processed, replyTo: phone,
            replies: replies, at: epoch.addingTimeInterval(1)
        )
        #expect(try await store.complete(outcome).closed)
        #expect(try await store.complete(outcome).closed == false)
        #expect(try await store.pendingCount(tenantID: tenant.id) == 0)
        let outbox = try await store.pendingOutbox(tenantID: tenant.id, limit: 10)
        #expect(outbox.map(\.text) == replies.map(\.text))
        #expect(outbox.map(\.part) == [0, 1])
        #expect(outbox.allSatisfy {
            $0.phone == phone && $0.inReplyTo == "c1" && $0.status == .pending && $0.attempts == 0
                && $0.nextAttemptAt == outcome.at && $0.tenantID == tenant.id
        })

        // A failure without replies closes the row and queues nothing.
        let failedSequence = try await acceptNew(store, message(tenant, id: "c2", phone: phone))
        let failed = ProcessingOutcome(
            tenantID: tenant.id, sequence: failedSequence, messageID: "c2", status: .failed, replyTo: phone,
            replies: [], error: "llm timeout", at: epoch.addingTimeInterval(2)
        )
        #expect(try await store.complete(failed).closed)
        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).count == 2)
        var unknown = failed
        unknown.sequence = Int64.max - 1
        #expect(try await store.complete(unknown).closed == false)

        let racedSequence = try await acceptNew(store, message(tenant, id: "c3", phone: phone))
        let raced = ProcessingOutcome(
            tenantID: tenant.id, sequence: racedSequence, messageID: "c3", status: .processed, replyTo: phone,
            replies: replies, at: outcome.at
        )
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 { group.addTask { try await store.complete(raced).closed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).count == 4)
    }

    /// Closed rows older than the cut-off are deleted (their ids may be accepted again);
    /// pending rows stay whatever their age.
    public static func pruneInbox(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let old = try await acceptNew(store, message(tenant, id: "p1", at: epoch))
        try await acceptNew(store, message(tenant, id: "p2", at: epoch))
        try await acceptNew(store, message(tenant, id: "p3", at: epoch.addingTimeInterval(2 * 86_400)))
        let outcome = ProcessingOutcome(
            tenantID: tenant.id, sequence: old, messageID: "p1", status: .processed, replyTo: "5511987654321",
            replies: [], at: epoch
        )
        #expect(try await store.complete(outcome).closed)
        #expect(try await store.pruneInbox(before: epoch.addingTimeInterval(86_400)) >= 1)
        #expect(try await store.pendingCount(tenantID: tenant.id) == 2)
        #expect(try await store.accept(message(tenant, id: "p1"), status: .processed) != .duplicate)
        #expect(try await store.accept(message(tenant, id: "p2"), status: .pending) == .duplicate)
    }
}
