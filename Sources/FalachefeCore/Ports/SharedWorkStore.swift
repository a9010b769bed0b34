import Foundation

/// A store several server nodes share (PostgreSQL). Any node may accept a webhook; the
/// work is then handed out by claims: a node processes an inbox row, or sends an outbox
/// row, only while it holds an unexpired claim on it. A conversation is claimed through
/// its oldest pending row only, so its messages are processed — and its replies sent — in
/// order and by one node at a time, whichever node received them. A node that dies leaves
/// claims that expire; another node then takes the work over.
///
/// The embedded store (SQLite) serves one process and does not conform: there the tenant
/// actor's in-memory queue is the whole schedule.
public protocol SharedWorkStore: Store {
    /// Claims for `node` until `until` the oldest pending message of up to `limit`
    /// conversations of an active tenant, skipping conversations another node holds a live
    /// claim on (its own claims are returned again, except the messages in `held`: those the
    /// node has queued or running already) and conversations a person's decision is being
    /// written to (`resolveApproval`). Oldest conversations first.
    func claimInbox(
        tenantID: String, node: String, limit: Int, now: Date, until: Date, excluding held: Set<Int64>
    ) async throws -> [InboxClaim]
    /// Claims for `node` until `until` every pending reply of up to `limit` conversations
    /// whose oldest pending reply is due and free (or already this node's), in order.
    func claimOutbox(tenantID: String, node: String, limit: Int, now: Date, until: Date) async throws -> [OutboxRecord]
    /// Extends the claims `node` holds on unfinished rows; returns how many.
    func renewClaims(node: String, until: Date) async throws -> Int
    /// Gives up the claims `node` holds (graceful stop, pause): other nodes take the work at once.
    func releaseClaims(node: String) async throws
    /// Active tenants with work `node` could claim now: pending messages or due replies that
    /// nobody, or `node` itself, holds — saying which, so that a tenant with only replies to
    /// send is not asked to claim messages (an empty claim per tenant per sweep otherwise).
    func tenantsWithClaimableWork(node: String, now: Date) async throws -> [ClaimableWork]
    /// Whether a pending message of the conversation with `phone` is claimed by any node at
    /// `now`: a person's decision must wait until it is answered.
    func conversationIsClaimed(tenantID: String, phone: String, now: Date) async throws -> Bool
}

/// A claimed inbox row, the sequence of its conversation's previous closed message and when
/// the conversation's state was last written: a node whose cached conversation state is not
/// from that message, or not that write, knows another node answered or a person decided
/// since, and reads the conversation again.
public struct InboxClaim: Sendable, Hashable {
    public var record: InboxRecord
    public var previousSequence: Int64?
    public var conversationUpdatedAt: Date?

    public init(record: InboxRecord, previousSequence: Int64?, conversationUpdatedAt: Date? = nil) {
        self.record = record
        self.previousSequence = previousSequence
        self.conversationUpdatedAt = conversationUpdatedAt
    }
}

/// A tenant's work another node left, or that arrived elsewhere (`tenantsWithClaimableWork`).
public struct ClaimableWork: Sendable, Hashable {
    public var tenantID: String
    /// Pending messages to claim.
    public var inbox: Bool
    /// Due replies to claim and send.
    public var outbox: Bool

    public init(tenantID: String, inbox: Bool, outbox: Bool) {
        self.tenantID = tenantID
        self.inbox = inbox
        self.outbox = outbox
    }
}
