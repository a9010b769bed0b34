import FalachefeCore
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

/// Claims on shared work: several nodes on one database never take the same message, take a
/// conversation only through its oldest pending message, and take over expired claims.
@Suite("PostgresStore claims")
struct PostgresClaimsTests {
    private static let now = StoreContract.epoch
    private static let lease: TimeInterval = 30

    private static func claim(
        _ store: PostgresStore, _ tenant: Tenant, node: String, limit: Int = 10, at: Date = now, held: Set<Int64> = []
    ) async throws -> [InboxClaim] {
        try await store.claimInbox(
            tenantID: tenant.id, node: node, limit: limit, now: at, until: at.addingTimeInterval(lease), excluding: held)
    }

    private static func ids(_ claims: [InboxClaim]) -> [String] { claims.map(\.record.message.messageID) }

    private static func outcome(of claim: InboxClaim, _ tenant: Tenant, by node: String? = nil) -> ProcessingOutcome {
        ProcessingOutcome(
            tenantID: tenant.id, sequence: claim.record.sequence, messageID: claim.record.message.messageID,
            status: .processed, replyTo: claim.record.message.senderPhone, replies: [Reply(text: "ok", agent: "support")],
            at: now, claimedBy: node)
    }

    private static func close(_ store: PostgresStore, _ tenant: Tenant, _ claim: InboxClaim) async throws {
        #expect(try await store.complete(outcome(of: claim, tenant)).closed)
    }

    @Test func onlyTheOldestPendingMessageOfEachConversationIsClaimed() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            for (id, phone) in [("a1", "5511900000001"), ("b1", "5511900000002"), ("a2", "5511900000001"),
                                ("c1", "5511900000003"), ("b2", "5511900000002")] {
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: id, phone: phone))
            }
            let first = try await Self.claim(store, tenant, node: "n1")
            #expect(Self.ids(first) == ["a1", "b1", "c1"])
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n2")).isEmpty)
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1")) == ["a1", "b1", "c1"])

            try await Self.close(store, tenant, first[0])
            let next = try await Self.claim(store, tenant, node: "n2")
            #expect(Self.ids(next) == ["a2"])
            #expect(next.first?.previousSequence == first[0].record.sequence)
        }
    }

    @Test func messagesTheNodeHoldsAreNotClaimedAgainSoTheLimitTakesNewConversations() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            for (id, phone) in [("a1", "5511900000001"), ("b1", "5511900000002"), ("c1", "5511900000003")] {
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: id, phone: phone))
            }
            let first = try await Self.claim(store, tenant, node: "n1", limit: 2)
            #expect(Self.ids(first) == ["a1", "b1"])
            let next = try await Self.claim(store, tenant, node: "n1", limit: 2, held: Set(first.map(\.record.sequence)))
            #expect(Self.ids(next) == ["c1"])
            // What the node no longer holds (dropped from its queue) it claims again.
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1", limit: 3)) == ["a1", "b1", "c1"])
        }
    }

    @Test func expiredClaimsAreTakenOverAndRenewedOnesAreNot() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1", phone: "5511900000001"))
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m2", phone: "5511900000002"))
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1")) == ["m1", "m2"])

            let later = Self.now.addingTimeInterval(Self.lease - 1)
            #expect(try await store.renewClaims(node: "n1", until: later.addingTimeInterval(Self.lease)) == 2)
            let afterFirstLease = Self.now.addingTimeInterval(Self.lease + 1)
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n2", at: afterFirstLease)).isEmpty)

            let afterRenewal = later.addingTimeInterval(Self.lease + 1)
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n2", at: afterRenewal)) == ["m1", "m2"])
        }
    }

    @Test func aNodeWhoseClaimWasTakenOverCannotCloseTheMessage() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1"))
            let lapsed = try #require(try await Self.claim(store, tenant, node: "n1").first)
            let takenOver = try #require(
                try await Self.claim(store, tenant, node: "n2", at: Self.now.addingTimeInterval(Self.lease + 1)).first)

            #expect(try await store.complete(Self.outcome(of: lapsed, tenant, by: "n1")).closed == false)
            #expect(try await store.pendingInbox(tenantID: tenant.id, limit: 10).map(\.message.messageID) == ["m1"])
            #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).isEmpty)

            #expect(try await store.complete(Self.outcome(of: takenOver, tenant, by: "n2")).closed)
            #expect(try await store.pendingInbox(tenantID: tenant.id, limit: 10).isEmpty)
            #expect(try await store.pendingOutbox(tenantID: tenant.id, limit: 10).count == 1)
        }
    }

    @Test func renewalSkipsRowsAnotherTransactionHoldsInsteadOfWaitingForThem() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let store = try await database.open()
            do {
                let tenant = try await StoreContract.makeTenant(store)
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1", phone: "5511900000001"))
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m2", phone: "5511900000002"))
                let claims = try await Self.claim(store, tenant, node: "n1")
                #expect(Self.ids(claims) == ["m1", "m2"])
                try await TemporaryPostgresDatabase.admin(database.url) { connection in
                    let logger = TemporaryPostgresDatabase.logger
                    // A completion of m1 in flight: its transaction holds m1's row.
                    try await connection.query("BEGIN", logger: logger)
                    try await connection.query("SELECT set_config('app.company_id', \(tenant.id), true)", logger: logger)
                    try await connection.query(
                        "UPDATE inbox SET agent = 'support' WHERE sequence = \(claims[0].record.sequence)", logger: logger)
                    let done = Finished()
                    let renewal = Task {
                        let renewed = try await store.renewClaims(node: "n1", until: Self.now.addingTimeInterval(2 * Self.lease))
                        await done.mark()
                        return renewed
                    }
                    let finished = try await eventually(timeout: .seconds(10), every: .milliseconds(20)) { await done.isMarked }
                    #expect(finished, "the renewal did not wait for the held row")
                    try await connection.query("COMMIT", logger: logger)
                    #expect(try await renewal.value == 1)
                }
                // m2 was renewed, m1 (held) was not: past the first lease only m1 is free.
                let later = Self.now.addingTimeInterval(Self.lease + 1)
                #expect(Self.ids(try await Self.claim(store, tenant, node: "n2", at: later)) == ["m1"])
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    @Test func releasedClaimsAreFreeAtOnce() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1"))
            _ = try await StoreContract.reply(store, tenant, id: "r1", phone: "5511900000009", texts: ["a"])
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1")) == ["m1"])
            // The reply is due a second after the epoch (`StoreContract.reply`).
            let due = Self.now.addingTimeInterval(2)
            let until = due.addingTimeInterval(Self.lease)
            #expect(try await store.claimOutbox(tenantID: tenant.id, node: "n1", limit: 4, now: due, until: until).count == 1)
            #expect(try await store.claimOutbox(tenantID: tenant.id, node: "n2", limit: 4, now: due, until: until).isEmpty)
            try await store.releaseClaims(node: "n1")
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n2")) == ["m1"])
            #expect(try await store.claimOutbox(tenantID: tenant.id, node: "n2", limit: 4, now: due, until: until).count == 1)
        }
    }

    @Test func pausedCompaniesHaveNothingToClaim() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1"))
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: Self.now).map(\.tenantID) == [tenant.id])
            try await store.setStatus(tenantID: tenant.id, status: .paused, reason: "férias")
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1")).isEmpty)
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: Self.now).isEmpty)
            try await store.setStatus(tenantID: tenant.id, status: .active, reason: nil)
            #expect(Self.ids(try await Self.claim(store, tenant, node: "n1")) == ["m1"])
        }
    }

    @Test func claimableWorkListsFreeAndOwnRowsOnly() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1"))
            _ = try await Self.claim(store, tenant, node: "n1")
            let messages = [ClaimableWork(tenantID: tenant.id, inbox: true, outbox: false)]
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: Self.now) == messages)
            #expect(try await store.tenantsWithClaimableWork(node: "n2", now: Self.now).isEmpty)
            let expired = Self.now.addingTimeInterval(Self.lease + 1)
            #expect(try await store.tenantsWithClaimableWork(node: "n2", now: expired) == messages)
        }
    }

    @Test func claimableWorkSaysWhetherMessagesOrRepliesWait() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            _ = try await StoreContract.reply(store, tenant, id: "r1", phone: "5511900000009", texts: ["a"])
            // The reply is due a second after the epoch (`StoreContract.reply`).
            let due = Self.now.addingTimeInterval(2)
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: Self.now).isEmpty)
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: due)
                == [ClaimableWork(tenantID: tenant.id, inbox: false, outbox: true)])
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1"))
            #expect(try await store.tenantsWithClaimableWork(node: "n1", now: due)
                == [ClaimableWork(tenantID: tenant.id, inbox: true, outbox: true)])
        }
    }

    /// Three claimers racing over many conversations: every message claimed (and closed)
    /// exactly once.
    @Test func concurrentClaimersNeverTakeTheSameMessage() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            for index in 0..<60 {
                try await StoreContract.acceptNew(
                    store, StoreContract.message(tenant, id: "m\(index)", phone: "55119\(String(format: "%08d", index))"))
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for node in ["n1", "n2", "n3"] {
                    group.addTask {
                        // Claim, process (close) and claim again, as a node does.
                        var mine: [String] = []
                        while true {
                            let batch = try await Self.claim(store, tenant, node: node, limit: 3)
                            if batch.isEmpty { return mine }
                            for claim in batch { try await Self.close(store, tenant, claim) }
                            mine += Self.ids(batch)
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 60)
            #expect(Set(claimed).count == 60)
        }
    }

    /// Replies are claimed per conversation: all of a conversation's parts go to one node,
    /// in order, and a reply not yet due holds its conversation back.
    @Test func repliesAreClaimedWholeConversationsAtATime() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            _ = try await StoreContract.reply(store, tenant, id: "a", phone: "5511900000001", texts: ["a1", "a2", "a3"])
            _ = try await StoreContract.reply(store, tenant, id: "b", phone: "5511900000002", texts: ["b1"])
            _ = try await StoreContract.reply(store, tenant, id: "c", phone: "5511900000003", texts: ["c1"])
            let pending = try await store.pendingOutbox(tenantID: tenant.id, limit: 10)
            let cHead = try #require(pending.first { $0.text == "c1" })
            try await store.deferOutbox(outboxID: cHead.id, attempts: 1, nextAttemptAt: Self.now.addingTimeInterval(600), error: "503")

            let due = Self.now.addingTimeInterval(2)
            let until = due.addingTimeInterval(3_600)
            let first = try await store.claimOutbox(tenantID: tenant.id, node: "n1", limit: 1, now: due, until: until)
            #expect(first.map(\.text) == ["a1", "a2", "a3"])
            let second = try await store.claimOutbox(tenantID: tenant.id, node: "n2", limit: 5, now: due, until: until)
            #expect(second.map(\.text) == ["b1"])
            let later = Self.now.addingTimeInterval(601)
            let third = try await store.claimOutbox(
                tenantID: tenant.id, node: "n2", limit: 5, now: later, until: later.addingTimeInterval(Self.lease))
            #expect(third.map(\.text) == ["b1", "c1"])
        }
    }
}

/// Whether a call running in another task has returned.
private actor Finished {
    private(set) var isMarked = false
    func mark() { isMarked = true }
}
