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
    /// claim on (its own claims are returned again). Oldest conversations first.
    func claimInbox(tenantID: String, node: String, limit: Int, now: Date, until: Date) async throws -> [InboxClaim]
    /// Claims for `node` until `until` every pending reply of up to `limit` conversations
    /// whose oldest pending reply is due and free (or already this node's), in order.
    func claimOutbox(tenantID: String, node: String, limit: Int, now: Date, until: Date) async throws -> [OutboxRecord]
    /// Extends the claims `node` holds on unfinished rows; returns how many.
    func renewClaims(node: String, until: Date) async throws -> Int
    /// Gives up the claims `node` holds (graceful stop, pause): other nodes take the work at once.
    func releaseClaims(node: String) async throws
    /// Active tenants with work `node` could claim now: pending messages or due replies that
    /// nobody, or `node` itself, holds.
    func tenantsWithClaimableWork(node: String, now: Date) async throws -> [String]
}

/// A claimed inbox row and the sequence of its conversation's previous closed message: a
/// node whose cached conversation state is not from that message knows another node
/// answered since, and reads the conversation again.
public struct InboxClaim: Sendable, Hashable {
    public var record: InboxRecord
    public var previousSequence: Int64?

    public init(record: InboxRecord, previousSequence: Int64?) {
        self.record = record
        self.previousSequence = previousSequence
    }
}
