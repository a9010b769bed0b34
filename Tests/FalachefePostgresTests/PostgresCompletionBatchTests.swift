import FalachefeCore
import FalachefeTestSupport
import Foundation
import Testing

@testable import FalachefePostgres

/// Processing outcomes are committed in batches: one transaction for several companies'
/// outcomes, each written in its own company's scope, and one refused outcome failing alone.
@Suite("PostgresStore completion batches")
struct PostgresCompletionBatchTests {
    private static let now = StoreContract.epoch

    private static func outcome(_ tenant: Tenant, _ sequence: Int64, id: String, reply: String) -> ProcessingOutcome {
        ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: id, status: .processed, replyTo: "5511987654321",
            replies: [Reply(text: reply, agent: "support")], at: now)
    }

    private static func pendingIDs(_ store: PostgresStore, _ tenant: Tenant) async throws -> [String] {
        try await store.pendingInbox(tenantID: tenant.id, limit: 10).map(\.message.messageID)
    }

    private static func replies(_ store: PostgresStore, _ tenant: Tenant) async throws -> [String] {
        try await store.pendingOutbox(tenantID: tenant.id, limit: 10).map(\.text)
    }

    @Test func oneBatchClosesEachCompanysRowsInItsOwnScope() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let first = try await StoreContract.makeTenant(store)
            let second = try await StoreContract.makeTenant(store)
            let a = try await StoreContract.acceptNew(store, StoreContract.message(first, id: "a"))
            let b = try await StoreContract.acceptNew(store, StoreContract.message(second, id: "b"))
            let c = try await StoreContract.acceptNew(store, StoreContract.message(first, id: "c", phone: "5511911112222"))
            let writes = try [
                CompletionWrite(Self.outcome(first, a, id: "a", reply: "para a")),
                CompletionWrite(Self.outcome(second, b, id: "b", reply: "para b")),
                CompletionWrite(Self.outcome(first, c, id: "c", reply: "para c")),
                // Already closed by the first write of the batch: nothing more is written.
                CompletionWrite(Self.outcome(first, a, id: "a", reply: "de novo")),
            ]
            let results = await PostgresStore.completeBatch(writes, connections: store.connections, logger: TemporaryPostgresDatabase.logger)
            #expect(try results.map { try $0.get().closed } == [true, true, true, false])
            #expect(try await Self.pendingIDs(store, first).isEmpty)
            #expect(try await Self.pendingIDs(store, second).isEmpty)
            #expect(try await Self.replies(store, first) == ["para a", "para c"])
            #expect(try await Self.replies(store, second) == ["para b"])
        }
    }

    /// The batch is one transaction, so an onboarding claim taken for a row that then turned
    /// out closed would commit with the others: the claim comes after the close.
    @Test func anOnboardingOutcomeForAClosedRowTakesNoClaim() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let a = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "a"))
            var again = Self.outcome(tenant, a, id: "a", reply: "bem-vindo")
            again.onboardingWindow = 3_600
            let writes = try [CompletionWrite(Self.outcome(tenant, a, id: "a", reply: "ok a")), CompletionWrite(again)]
            let results = await PostgresStore.completeBatch(writes, connections: store.connections, logger: TemporaryPostgresDatabase.logger)
            #expect(try results.map { try $0.get() } == [CompletionResult(closed: true, repliesQueued: true), .notClosed])

            let b = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "b"))
            var welcome = Self.outcome(tenant, b, id: "b", reply: "bem-vindo")
            welcome.onboardingWindow = 3_600
            #expect(try await store.complete(welcome) == CompletionResult(closed: true, repliesQueued: true))
            #expect(try await Self.replies(store, tenant) == ["ok a", "bem-vindo"])
        }
    }

    @Test func aRefusedOutcomeFailsAloneAndTheOthersCommit() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let a = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "a"))
            let b = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "b", phone: "5511911112222"))
            let c = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "c", phone: "5511933334444"))
            let writes = try [
                CompletionWrite(Self.outcome(tenant, a, id: "a", reply: "ok a")),
                // PostgreSQL refuses a NUL character in text.
                CompletionWrite(Self.outcome(tenant, b, id: "b", reply: "nul \u{0} here")),
                CompletionWrite(Self.outcome(tenant, c, id: "c", reply: "ok c")),
            ]
            let results = await PostgresStore.completeBatch(writes, connections: store.connections, logger: TemporaryPostgresDatabase.logger)
            #expect(try results[0].get().closed)
            #expect(try results[2].get().closed)
            #expect(throws: StoreError.self) { try results[1].get() }
            #expect(try await Self.pendingIDs(store, tenant) == ["b"])
            #expect(try await Self.replies(store, tenant) == ["ok a", "ok c"])
        }
    }
}
