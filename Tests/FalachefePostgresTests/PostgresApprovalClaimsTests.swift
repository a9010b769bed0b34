import FalachefeCore
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

/// A person's decision on a conversation and the nodes answering its messages: the decision
/// never lands under a node answering from the state before it, and a node that cached the
/// state before the decision learns of it from its next claim.
@Suite("PostgresStore approvals and claims")
struct PostgresApprovalClaimsTests {
    private static let now = StoreContract.epoch
    private static let phone = "5511900000001"

    /// Writes a conversation awaiting a person's decision, as the crew leaves it.
    private static func awaitingDecision(_ store: PostgresStore, _ tenant: Tenant) async throws -> ConversationState {
        let state = ConversationState(
            tenantID: tenant.id, phone: phone, currentAgent: .financial, requiresHumanApproval: true,
            humanApprovalStatus: .pending, updatedAt: now)
        try await store.resolveApproval(
            ApprovalResolution(conversation: state, replyTo: phone, replies: [], key: "setup", at: now))
        return state
    }

    private static func isClaimed(_ store: PostgresStore, _ tenant: Tenant) async throws -> Bool {
        try await store.conversationIsClaimed(tenantID: tenant.id, phone: phone, now: now)
    }

    private static func status(_ store: PostgresStore, _ tenant: Tenant) async throws -> HumanApprovalStatus? {
        try await store.conversationState(tenantID: tenant.id, phone: phone)?.humanApprovalStatus
    }

    private static func decision(_ state: ConversationState, at: Date) -> ApprovalResolution {
        var decided = state
        decided.requiresHumanApproval = false
        decided.humanApprovalStatus = .approved
        decided.updatedAt = at
        return ApprovalResolution(
            conversation: decided, replyTo: phone, replies: [Reply(text: "Aprovado.", agent: "financial")],
            key: "approval:\(state.id):\(Int(at.timeIntervalSince1970))", at: at)
    }

    private static func claim(_ store: PostgresStore, _ tenant: Tenant, node: String) async throws -> [InboxClaim] {
        try await store.claimInbox(tenantID: tenant.id, node: node, limit: 10, now: now, until: now.addingTimeInterval(30), excluding: [])
    }

    @Test("a decision is refused while a node holds a claim on the conversation, and lands once the claim is gone")
    func decisionWaitsForTheClaim() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let state = try await Self.awaitingDecision(store, tenant)
            try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1", phone: Self.phone))
            let claims = try await Self.claim(store, tenant, node: "b")
            #expect(claims.map(\.record.message.messageID) == ["m1"])
            #expect(claims.first?.conversationUpdatedAt == Self.now, "the claim says when the state was written")
            #expect(try await Self.isClaimed(store, tenant))

            let decidedAt = Self.now.addingTimeInterval(5)
            await #expect(throws: StoreError.self) { try await store.resolveApproval(Self.decision(state, at: decidedAt)) }
            #expect(try await Self.status(store, tenant) == .pending)

            try await store.releaseClaims(node: "b")
            #expect(!(try await Self.isClaimed(store, tenant)))
            try await store.resolveApproval(Self.decision(state, at: decidedAt))
            #expect(try await Self.status(store, tenant) == .approved)
            let next = try await Self.claim(store, tenant, node: "b")
            #expect(next.first?.conversationUpdatedAt == decidedAt, "a node that cached the old state sees the decision")
        }
    }

    @Test("while a decision holds the conversation's row, no node claims its messages; other conversations are claimed")
    func claimsSkipAConversationBeingDecided() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let store = try await database.open()
            do {
                let tenant = try await StoreContract.makeTenant(store)
                _ = try await Self.awaitingDecision(store, tenant)
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "m1", phone: Self.phone))
                try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "o1", phone: "5511900000002"))
                try await TemporaryPostgresDatabase.admin(database.url) { connection in
                    let logger = TemporaryPostgresDatabase.logger
                    try await connection.query("BEGIN", logger: logger)
                    try await connection.query("SELECT set_config('app.company_id', \(tenant.id), true)", logger: logger)
                    try await connection.query("""
                        SELECT 1 FROM conversations WHERE company_id = \(tenant.id) AND phone_canonical = \(Self.phone)
                        FOR UPDATE
                        """, logger: logger)
                    let claimed = try await Self.claim(store, tenant, node: "b")
                    #expect(claimed.map(\.record.message.messageID) == ["o1"])
                    try await connection.query("COMMIT", logger: logger)
                }
                #expect(try await Self.claim(store, tenant, node: "b").map(\.record.message.messageID) == ["m1", "o1"])
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
