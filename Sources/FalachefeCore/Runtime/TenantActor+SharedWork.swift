import Foundation
import Logging

/// Several nodes serving one tenant (a `SharedWorkStore`): the actor does not schedule
/// the messages it accepts itself; it claims work from the store — the oldest pending
/// message of conversations no other node holds — as bulkhead slots free up, whichever
/// node received them. Replies are claimed per conversation the same way.
extension TenantActor {
    /// How many bulkheads' worth of messages a claim round may hold (running and waiting).
    static var claimAhead: Int { 4 }

    /// Starts work: the queue's next messages; with a shared store, then a claim round (one
    /// at a time; a request during a round runs another one after it).
    func schedule() {
        pump()
        guard sharedWork != nil else { return }
        guard !claiming else {
            claimRerun = true
            return
        }
        claiming = true
        jobs.submit { [self] in await self.claimWork() }
    }

    /// Claims messages once the ones claimed earlier have all started: enough for every
    /// free bulkhead slot plus `claimAhead − 1` bulkheads' worth waiting here, and starts
    /// them; again while claims fill the request or someone asked meanwhile. Claiming ahead
    /// makes one claim serve several messages (each claim is a planned statement and a
    /// transaction on PostgreSQL: with 2 bulkheads ahead a claim took about 4 rows, with 4
    /// about 11); the claims waiting here are held by this node's lease like running ones,
    /// and are at most one message per conversation (a claim only takes a conversation's
    /// oldest pending message).
    private func claimWork() async {
        defer {
            claiming = false
            resumeDrainWaitersIfQuiet()
        }
        guard let sharedWork else { return }
        await awaitPredecessor()
        repeat {
            claimRerun = false
            pump()
            let waiting = max(queue.count - queue.runningCount, 0)
            let free = Self.claimAhead * queue.bulkhead - queue.runningCount - waiting
            guard status == .active, !retired, waiting == 0, free > 0 else { return }
            let now = services.clock.now()
            let claims: [InboxClaim]
            do {
                claims = try await sharedWork.claimInbox(
                    tenantID: tenantID, node: services.configuration.nodeID, limit: free, now: now,
                    until: now.addingTimeInterval(services.configuration.claimLease), excluding: queue.sequences)
            } catch {
                needsReplay = true
                logger.error("claiming inbox work failed; will retry", metadata: ["error": "\(error)"])
                return
            }
            var started = 0
            for claim in claims where queue.enqueue(claim.record) {
                forgetConversationIfAnsweredElsewhere(claim)
                started += 1
            }
            pump()
            if started == free { claimRerun = true }
        } while claimRerun
    }

    /// Drops the cached state of a conversation whose previous message this node did not
    /// answer, or whose state was written since this node cached it (a person's decision on
    /// another node): the store holds what the other node wrote.
    private func forgetConversationIfAnsweredElsewhere(_ claim: InboxClaim) {
        let phone = claim.record.message.conversationKey.phone
        let answeredElsewhere = claim.previousSequence.map { lastAnswered.peek(phone) != $0 } ?? false
        guard answeredElsewhere || cachedStateIsStale(phone: phone, written: claim.conversationUpdatedAt) else { return }
        _ = conversations.removeValue(for: phone)
        _ = turnsCache.removeValue(for: phone)
        for user in userDirectory?[phone] ?? [] { _ = memoryCache.removeValue(for: user.id) }
    }

    /// Whether the cached state of `phone` is not the one the store last wrote at `written`
    /// (compared to the millisecond, the store's precision).
    private func cachedStateIsStale(phone: String, written: Date?) -> Bool {
        guard let written, let cached = conversations.peek(phone) else { return false }
        return abs(cached.updatedAt.timeIntervalSince(written)) >= 0.002
    }

    /// Notes the last message of a conversation this node answered (see above).
    func noteAnswered(_ record: InboxRecord) {
        guard sharedWork != nil else { return }
        lastAnswered.set(record.sequence, for: record.message.conversationKey.phone)
    }

    /// Another node may have left work here (the registry saw claimable rows): claim
    /// messages when there are some, send due replies when there are some and this tenant
    /// can send (replies kept for want of a base URL wake nothing).
    public func workAvailable(inbox: Bool, outbox: Bool) {
        guard !retired else { return }
        if inbox { schedule() }
        if outbox, canSend {
            nextOutboxAttempt = services.clock.now()
            scheduleFlush()
        }
    }

    /// The replies to send next: up to `limit` pending ones of a one-node tenant, or every
    /// pending reply of up to `conversations` conversations this node claimed (a claim
    /// takes a conversation whole, so its parts go out in order from one node).
    func nextReplies(limit: Int, conversations: Int) async throws -> [OutboxRecord] {
        guard let sharedWork else {
            return try await services.store.pendingOutbox(tenantID: tenantID, limit: limit)
        }
        let now = services.clock.now()
        return try await sharedWork.claimOutbox(
            tenantID: tenantID, node: services.configuration.nodeID, limit: conversations, now: now,
            until: now.addingTimeInterval(services.configuration.claimLease))
    }

    /// Re-reads the tenant's backlog, which other nodes change too.
    func refreshSharedBacklog() async {
        guard sharedWork != nil, backlog > 0 else { return }
        if let count = try? await services.store.pendingCount(tenantID: tenantID) { backlog = count }
    }
}
