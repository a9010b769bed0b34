import FalachefeCore
import Foundation
import Testing

/// Read-your-writes: what a caller wrote is what its next read sees.
extension StoreContract {
    /// A reply marked sent never reads as pending again, even while other reads run on the
    /// store at the same time (an overlapping read must not pin an older snapshot — that
    /// is how a reply would be sent twice).
    public static func sentReplyNeverReadsPendingUnderConcurrentReads(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let replies = 60
        for index in 0..<replies {
            try await completeWithCrew(store, tenant, id: "r\(index)", crew: CrewEffects())
        }
        let pending = try await store.pendingOutbox(tenantID: tenant.id, limit: replies)
        #expect(pending.count == replies)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let year = (from: LedgerDay(year: 2026, month: 1, day: 1), to: LedgerDay(year: 2026, month: 12, day: 31))
                    while !Task.isCancelled {
                        _ = try? await store.pendingOutbox(tenantID: tenant.id, limit: replies)
                        _ = try? await store.ledgerSummary(tenantID: tenant.id, from: year.from, to: year.to)
                    }
                }
            }
            for row in pending {
                try await store.markSent(outboxID: row.id, providerMessageID: "p\(row.id)", at: epoch)
                let after = try await store.pendingOutbox(tenantID: tenant.id, limit: replies)
                #expect(!after.contains { $0.id == row.id }, "reply \(row.id) read as pending after it was marked sent")
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// A reply reads as pending as soon as its outcome has committed, while other reads
    /// run: the outbox flush that follows a commit must find it.
    public static func committedReplyReadsPendingAtOnce(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while !Task.isCancelled {
                        _ = try? await store.pendingOutbox(tenantID: tenant.id, limit: 5)
                    }
                }
            }
            for index in 0..<200 {
                try await completeWithCrew(store, tenant, id: "c\(index)", crew: CrewEffects())
                let pending = try await store.pendingOutbox(tenantID: tenant.id, limit: 5)
                #expect(pending.count == 1, "reply \(index) not read as pending after its commit")
                for row in pending {
                    try await store.markSent(outboxID: row.id, providerMessageID: "p\(row.id)", at: epoch)
                }
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
