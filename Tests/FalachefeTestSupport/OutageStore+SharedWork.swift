import FalachefeCore
import Foundation

/// An `OutageStore` over a store several nodes share shares work like it (and can fail or
/// count those calls too).
extension OutageStore: SharedWorkStore where Base: SharedWorkStore {
    public func claimInbox(
        tenantID: String, node: String, limit: Int, now: Date, until: Date, excluding held: Set<Int64>
    ) async throws -> [InboxClaim] {
        try check()
        return try await base.claimInbox(tenantID: tenantID, node: node, limit: limit, now: now, until: until, excluding: held)
    }

    public func claimOutbox(tenantID: String, node: String, limit: Int, now: Date, until: Date) async throws -> [OutboxRecord] {
        try check()
        return try await base.claimOutbox(tenantID: tenantID, node: node, limit: limit, now: now, until: until)
    }

    public func renewClaims(node: String, until: Date) async throws -> Int {
        try check()
        return try await base.renewClaims(node: node, until: until)
    }

    public func releaseClaims(node: String) async throws {
        try check()
        try await base.releaseClaims(node: node)
    }

    public func tenantsWithClaimableWork(node: String, now: Date) async throws -> [ClaimableWork] {
        try check()
        return try await base.tenantsWithClaimableWork(node: node, now: now)
    }

    public func conversationIsClaimed(tenantID: String, phone: String, now: Date) async throws -> Bool {
        try check()
        return try await base.conversationIsClaimed(tenantID: tenantID, phone: phone, now: now)
    }
}
